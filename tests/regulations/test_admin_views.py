import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from regulations.models import Citation, Regulation, RegulationVersion, ReviewItem, ReviewStatus
from regulations.services import ClauseInput, citation_create, regulation_create, regulation_version_record
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import ManagerFactory, StaffProfileFactory, TrainerFactory
from tests.factories.quizzes import QuestionFactory
from tests.regulations.conftest import fee_clauses

pytestmark = pytest.mark.django_db


def _client_for(client, profile):
    from org.services import staff_role_sync

    staff_role_sync(profile=profile)
    client.force_login(profile.user)
    return client


@pytest.fixture
def trainer_client(client):
    return _client_for(client, TrainerFactory())


def _new_version(register, label: str, fee_text: str):
    return regulation_version_record(
        regulation=register.regulation,
        label=label,
        effective_on=dt.date(2026, 1, 1),
        summary="逾期须书面催告。",
        clauses=fee_clauses(fee_text),
        actor=None,
    )


def test_trainer_adds_a_regulation_records_versions_and_cites_a_clause(trainer_client, catalog):
    response = trainer_client.post(
        reverse("regulations_add"), {"name": "物业管理条例", "issuing_body": "国务院", "kind": "regulation"}
    )
    regulation = Regulation.objects.get(name="物业管理条例")
    assert response.status_code == 302
    response = trainer_client.post(
        reverse("regulations_version_add", args=[regulation.pk]),
        {
            "label": "2018修订",
            "effective_on": "2018-03-19",
            "summary": "",
            "clauses": "第三十五条 | 物业服务企业应当按照合同约定提供服务。\n第四十条｜物业服务收费应当合理。",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    version = RegulationVersion.objects.get(regulation=regulation)
    assert list(version.clauses.values_list("number", flat=True)) == ["第三十五条", "第四十条"]
    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog), title="服务合同")
    clause = version.clauses.first()
    response = trainer_client.post(reverse("regulations_citation_add"), {"clause": clause.pk, "page": lesson.pk})
    assert response.status_code == 302 and Citation.objects.filter(clause=clause, page=lesson).exists()
    page = trainer_client.get(reverse("regulations_detail", args=[regulation.pk]))
    assert "服务合同" in page.content.decode() and "第三十五条" in page.content.decode()
    assert AuditEvent.objects.filter(action="regulation_version_recorded").exists()
    assert AuditEvent.objects.filter(action="regulation_citation_added").exists()


def test_a_version_without_the_confirmation_is_not_recorded(trainer_client, register):
    response = trainer_client.post(
        reverse("regulations_version_add", args=[register.regulation.pk]),
        {"label": "2025", "effective_on": "2026-01-01", "clauses": "第九百四十四条 | 新的条文。"},
    )
    assert response.status_code == 200 and RegulationVersion.objects.count() == 1


def test_a_bad_clause_line_is_named(trainer_client, register):
    response = trainer_client.post(
        reverse("regulations_version_add", args=[register.regulation.pk]),
        {"label": "2025", "effective_on": "2026-01-01", "clauses": "没有分隔的条文", "confirm": "on"},
    )
    assert "1" in str(response.context["form"].errors["clauses"]) and RegulationVersion.objects.count() == 1


def test_decide_asks_on_get_and_decides_on_post_only(trainer_client, register):
    citation_create(clause=register.fee_clause, question=QuestionFactory(), actor=None)
    _new_version(register, "2025", "业主应当按约支付物业费，逾期应先催告。")
    item = ReviewItem.objects.get()
    url = reverse("regulations_review_decide", args=[item.pk])
    page = trainer_client.get(url)
    assert page.status_code == 200 and "逾期应先催告" in page.content.decode()
    item.refresh_from_db()
    assert item.status == ReviewStatus.OPEN
    response = trainer_client.post(url, {"status": ReviewStatus.STILL_CORRECT, "note": "不受影响"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ReviewStatus.STILL_CORRECT and item.note == "不受影响"
    assert AuditEvent.objects.filter(action="regulation_review_decided", object_id=str(item.pk)).exists()
    assert trainer_client.get(url).status_code == 404  # decided: no longer in the queue


def test_revised_is_refused_until_the_revision_is_published(trainer_client, register, catalog):
    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    citation_create(clause=register.fee_clause, page=lesson, actor=None)
    _new_version(register, "2025", "业主应当按约支付物业费，逾期应先催告。")
    item = ReviewItem.objects.get()
    response = trainer_client.post(
        reverse("regulations_review_decide", args=[item.pk]), {"status": ReviewStatus.REVISED}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    item.refresh_from_db()
    assert item.status == ReviewStatus.OPEN


@pytest.mark.parametrize("factory", [StaffProfileFactory, ManagerFactory])
def test_trainees_and_managers_do_not_reach_the_register_or_the_queue(client, factory, register):
    client = _client_for(client, factory())
    for name in ("regulations_register", "regulations_review_queue"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_hr_may_use_the_queue(client, register):
    from tests.factories.org import HRAdminFactory

    client = _client_for(client, HRAdminFactory())
    assert client.get(reverse("regulations_review_queue")).status_code == 200
    assert client.get(reverse("regulations_register")).status_code == 200


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session also reads what later ones find in caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_review_queue_queries_do_not_grow_with_rows(trainer_client, register, catalog):
    def add_items(count):
        for _ in range(count):
            citation_create(
                clause=register.fee_clause, page=LessonPageFactory(parent=CoursePageFactory(parent=catalog)), actor=None
            )
            citation_create(clause=register.fee_clause, question=QuestionFactory(), actor=None)

    add_items(1)
    _new_version(register, "2025", "第一次修订的条文。")
    url = reverse("regulations_review_queue")
    few = _queries(trainer_client, url)
    register.fee_clause = RegulationVersion.objects.get(label="2025").clauses.get(key="第九百四十四条")
    add_items(4)
    _new_version(register, "2026", "第二次修订的条文。")
    assert ReviewItem.objects.filter(status=ReviewStatus.OPEN).count() == 10
    assert _queries(trainer_client, url) == few


def test_register_and_detail_queries_do_not_grow_with_rows(trainer_client, register):
    detail = reverse("regulations_detail", args=[register.regulation.pk])
    few_register = _queries(trainer_client, reverse("regulations_register"))
    few_detail = _queries(trainer_client, detail)
    for n in range(4):
        other = regulation_create(name=f"地方物业条例{n}", issuing_body="省人大常委会", kind="local_rule", actor=None)
        regulation_version_record(
            regulation=other,
            label="2020",
            effective_on=dt.date(2020, 1, 1),
            summary="",
            clauses=[ClauseInput(number="第一条", text="总则。")],
            actor=None,
        )
        citation_create(clause=register.repair_clause, question=QuestionFactory(), actor=None)
    _new_version(register, "2025", "修订后的物业费条文。")
    assert _queries(trainer_client, reverse("regulations_register")) == few_register
    assert _queries(trainer_client, detail) == few_detail
