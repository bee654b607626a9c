"""The issue's "done when": record a new version of a clause, see the citing lesson and questions
flagged, publish the revision, and see exactly the affected certificate holders assigned a
refresher and notified once."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.models import CourseEnrolment
from courses.models.records import AssignmentSource
from courses.services import course_enrol
from notifications.models import Notification
from regulations.models import Citation, RegulationRefresher, ReviewItem, ReviewStatus
from regulations.services import ClauseInput, citation_create, regulation_version_record, review_item_decide
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import StaffProfileFactory, TrainerFactory
from tests.factories.quizzes import QuestionFactory, QuizPageFactory

pytestmark = pytest.mark.django_db


def test_new_version_flags_citing_items_and_the_published_revision_refreshes_exactly_the_holders(catalog, register):
    trainer = TrainerFactory().user
    course = CoursePageFactory(parent=catalog, title="物业费催缴与沟通")
    other_course = CoursePageFactory(parent=catalog, title="礼仪与形象")
    lesson = LessonPageFactory(parent=course, title="物业费的法律依据")
    fee_question, overdue_question = QuestionFactory(), QuestionFactory()
    QuizPageFactory(parent=course, questions=[fee_question, overdue_question])
    unrelated_question = QuestionFactory()  # cites the unchanged clause
    for item in ({"page": lesson}, {"question": fee_question}, {"question": overdue_question}):
        citation_create(clause=register.fee_clause, actor=trainer, **item)
    repair_citation = citation_create(clause=register.repair_clause, question=unrelated_question, actor=trainer)

    holder = CertificateFactory(achievement_key=f"course:{course.pk}").user
    programme = ProgrammeFactory()
    ProgrammeCourseFactory(programme=programme, course=course)
    programme_holder = CertificateFactory(achievement_key=f"programme:{programme.pk}").user
    revoked = CertificateFactory(achievement_key=f"course:{course.pk}", revoked_at=timezone.now()).user
    expired = CertificateFactory(
        achievement_key=f"course:{course.pk}", expires_on=timezone.localdate() - dt.timedelta(days=1)
    ).user
    other_holder = CertificateFactory(achievement_key=f"course:{other_course.pk}").user
    learner = StaffProfileFactory().user  # enrolled, no certificate
    course_enrol(user=learner, course=course)

    recorded = regulation_version_record(
        regulation=register.regulation,
        label="2025修订",
        effective_on=dt.date(2026, 1, 1),
        summary="物业费逾期须先书面催告。",
        clauses=[
            ClauseInput(number="第九百四十四条", text="业主应当按约支付物业费；逾期的，物业服务人应当先书面催告。"),
            ClauseInput(number="第九百四十二条", text="物业服务人应当妥善维修、养护、清洁、绿化和经营管理共有部分。"),
        ],
        actor=trainer,
    )

    flagged = ReviewItem.objects.filter(status=ReviewStatus.OPEN)
    assert {(i.citation.page_id, i.citation.question_id) for i in flagged} == {
        (lesson.pk, None),
        (None, fee_question.pk),
        (None, overdue_question.pk),
    }
    assert recorded.changed == 1 and recorded.unchanged == 1
    repair_citation.refresh_from_db()
    assert repair_citation.clause.version == recorded.version  # unchanged: carried forward, not flagged

    lesson.title = "物业费的法律依据（2025修订）"
    lesson.save_revision(user=trainer).publish()
    assert ReviewItem.objects.get(citation__page=lesson).status == ReviewStatus.REVISED
    assert not RegulationRefresher.objects.exists()  # the course's questions are still under review

    fee_question.stem = "业主逾期未交物业费，物业服务人首先应当怎么做？"
    fee_question.save()
    review_item_decide(
        item=ReviewItem.objects.get(citation__question=fee_question), status=ReviewStatus.REVISED, actor=trainer
    )
    review_item_decide(
        item=ReviewItem.objects.get(citation__question=overdue_question),
        status=ReviewStatus.STILL_CORRECT,
        actor=trainer,
        note="题目不涉及催告程序。",
    )

    assigned = set(RegulationRefresher.objects.values_list("user_id", flat=True))
    assert assigned == {holder.pk, programme_holder.pk}
    for user in (revoked, expired, other_holder, learner):
        assert not Notification.objects.filter(user=user, key__startswith="regulation:").exists()
    enrolment = CourseEnrolment.objects.get(user=holder, course=course)
    assert enrolment.source == AssignmentSource.REGULATION
    assert "民法典 物业服务合同编" in enrolment.reason and "第九百四十四条" in enrolment.reason
    notice = Notification.objects.get(user=holder, key__startswith="regulation:")
    title, body = notice.rendered("zh-hans")
    assert "民法典 物业服务合同编" in title
    assert "第九百四十四条" in body and "书面催告" in body and "物业费催缴与沟通" in body
    assert "has changed" in notice.rendered("en")[0]
    # Every new citation now points at the new version's clause.
    assert set(Citation.objects.values_list("clause__version", flat=True)) == {recorded.version.pk}

    lesson.save_revision(user=trainer).publish()  # publishing again assigns and notifies nothing more
    assert RegulationRefresher.objects.count() == 2
    assert Notification.objects.filter(key__startswith="regulation:").count() == 2
    assert CourseEnrolment.objects.filter(user=holder, course=course).count() == 1
