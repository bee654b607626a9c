import pytest

from quizzes import demo
from quizzes.demo_content import BANKS
from quizzes.models import Question, QuizAttempt, QuizPage
from quizzes.services import quiz_attempt_start
from tests.factories.courses import CoursePageFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


def test_demo_builds_banks_quizzes_and_final_exam_once(catalog):
    catalog.slug = "courses"
    catalog.save()
    for slug in ("law", "etiquette", "complaints", "emergency", "practice"):
        CoursePageFactory(parent=catalog, slug=slug)
    demo.build()
    demo.build()
    assert all(len(questions) >= 15 for _name, questions in BANKS.values())
    assert Question.objects.count() == sum(len(q) for _n, q in BANKS.values())
    assert not Question.objects.exclude(explanation__gt="").exists()
    assert QuizPage.objects.count() == 5
    exam = QuizPage.objects.get(is_final_exam=True)
    assert exam.get_parent().slug == "practice" and exam.live
    assert exam.requires_course_steps and exam.max_attempts == 2  # not startable at 22 % progress
    attempt = quiz_attempt_start(quiz=exam, user=StaffProfileFactory().user)
    assert len(attempt.question_ids) == 20 and QuizAttempt.objects.count() == 1
    assert "essay" not in attempt.question_types.values()  # the draws take the automatically marked types


def test_demo_without_courses_still_builds_the_banks(db):
    demo.build()
    assert Question.objects.exists() and not QuizPage.objects.exists()
