import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from quizzes.bank_io.excel import excel_template
from quizzes.models import AttemptAnswer, Question, QuestionOption
from quizzes.services import quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from tests.factories.org import ManagerFactory, StaffProfileFactory, TrainerFactory
from tests.factories.quizzes import QuestionFactory, QuizPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_client(client):
    from org.services import staff_role_sync

    profile = TrainerFactory()
    staff_role_sync(profile=profile)  # Editors: reaches the Wagtail admin
    client.force_login(profile.user)
    return client


def test_trainer_downloads_template_previews_and_imports(trainer_client):
    response = trainer_client.get(reverse("quizzes_bank_template"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    upload = SimpleUploadedFile("bank.xlsx", excel_template())
    preview = trainer_client.post(reverse("quizzes_bank_import"), {"fmt": "excel", "file": upload})
    assert preview.status_code == 200
    assert b'id="confirm-import"' in preview.content and not Question.objects.exists()
    record = preview.context["record"]
    trainer_client.post(reverse("quizzes_bank_import_confirm", args=[record.pk]))
    assert Question.objects.count() == 6  # one of each type


def test_preview_of_a_broken_file_offers_no_import(trainer_client):
    upload = SimpleUploadedFile("bank.xlsx", b"garbage")
    preview = trainer_client.post(reverse("quizzes_bank_import"), {"fmt": "excel", "file": upload})
    assert b'id="import-errors"' in preview.content and b"confirm-import" not in preview.content


def test_the_import_and_export_forms_share_no_element_id(trainer_client):
    page = trainer_client.get(reverse("quizzes_bank_import")).content.decode()
    ids = re.findall(r'\bid="(id_[^"]+)"', page)
    assert "id_fmt" in ids and "id_export_fmt" in ids
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("fmt", "needle"), [("excel", b"PK"), ("moodle_xml", b"<quiz>"), ("gift", b"{")])
def test_export_formats(trainer_client, fmt, needle):
    QuestionFactory()
    response = trainer_client.get(reverse("quizzes_bank_export"), {"fmt": fmt})
    assert response.status_code == 200 and needle in response.content


def test_trainees_and_managers_cannot_reach_bank_files_or_marking(client):
    for profile in (StaffProfileFactory(), ManagerFactory()):
        client.force_login(profile.user)
        assert client.get(reverse("quizzes:marking")).status_code == 403
        assert client.post(reverse("quizzes:mark", args=[1]), {"score": "1"}).status_code == 403


def _essay_attempts(course, n):
    essay = QuestionFactory(qtype="essay", stem="简述首问负责制。", points=4)
    quiz = QuizPageFactory(parent=course, questions=[essay])
    answers = []
    for _ in range(n):
        user = StaffProfileFactory().user
        attempt = quiz_attempt_start(quiz=quiz, user=user)
        quiz_attempt_answer_save(
            attempt_id=attempt.pk, user=user, question_id=essay.pk, response="首先接待的人负责到底", version=0
        )
        quiz_attempt_submit(attempt_id=attempt.pk, user=user)
        answers.append(AttemptAnswer.objects.get(attempt=attempt))
    return quiz, answers


def test_marking_queue_lists_and_marks_essays(trainer_client, course, django_assert_max_num_queries):
    quiz, answers = _essay_attempts(course, 1)
    with django_assert_max_num_queries(12) as one:
        page = trainer_client.get(reverse("quizzes:marking"), {"quiz": quiz.pk})
    assert page.content.decode().count('class="card marking-item"') == 1
    _essay_attempts(course, 3)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = trainer_client.get(reverse("quizzes:marking"))
    assert page.content.decode().count('class="card marking-item"') == 4
    response = trainer_client.post(reverse("quizzes:mark", args=[answers[0].pk]), {"score": "3.5", "comment": "较好"})
    assert response.status_code == 302
    answers[0].attempt.refresh_from_db()
    assert answers[0].attempt.score == Decimal("3.5") and answers[0].attempt.passed is True
    assert AuditEvent.objects.filter(action="grade_change").count() == 1
    bad = trainer_client.post(reverse("quizzes:mark", args=[answers[0].pk]), {"score": "9"})
    assert bad.status_code == 302
    answers[0].attempt.refresh_from_db()
    assert answers[0].attempt.score == Decimal("3.5")


def test_item_analysis_counts_and_query_count(trainer_client, course, django_assert_max_num_queries):
    question = QuestionFactory(options=[("对的", True), ("错的", False)])
    quiz = QuizPageFactory(parent=course, questions=[question])
    right, wrong = (QuestionOption.objects.get(question=question, is_correct=ok).pk for ok in (True, False))

    def take(n, option):
        for _ in range(n):
            user = StaffProfileFactory().user
            attempt = quiz_attempt_start(quiz=quiz, user=user)
            quiz_attempt_answer_save(
                attempt_id=attempt.pk, user=user, question_id=question.pk, response=[option], version=0
            )
            quiz_attempt_submit(attempt_id=attempt.pk, user=user)

    take(1, right)
    take(1, wrong)
    with django_assert_max_num_queries(12) as few:
        trainer_client.get(reverse("quizzes:item_analysis", args=[quiz.pk]))
    take(3, right)
    take(1, wrong)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = trainer_client.get(reverse("quizzes:item_analysis", args=[quiz.pk]))
    stats = response.context["analysis"].questions[0]
    assert stats.answered == 6 and stats.correct == 4
    assert stats.facility == pytest.approx(4 / 6)
    assert stats.discrimination == pytest.approx(1.0)
    assert [c[3] for c in stats.option_counts] == [4, 2]
    assert response.context["analysis"].score_buckets[-1][1] == 4
