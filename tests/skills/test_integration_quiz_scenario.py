"""The evidence intake fed by the real quizzes and scenarios apps (not stand-ins)."""

from decimal import Decimal

import pytest

from skills.models import Evidence, EvidenceKind
from tests.factories.org import StaffProfileFactory
from tests.factories.skills import CompetencyFactory

pytestmark = pytest.mark.django_db


def test_a_finished_scenario_run_logs_one_entry_per_competency(catalog):
    from scenarios.services import scenario_run_choose, scenario_run_start
    from tests.factories.courses import CoursePageFactory
    from tests.factories.scenarios import ScenarioPageFactory

    CompetencyFactory(code="listen"), CompetencyFactory(code="empathize")
    trainee = StaffProfileFactory().user
    page = ScenarioPageFactory(parent=CoursePageFactory(parent=catalog))
    run = scenario_run_start(user=trainee, page=page)
    run = scenario_run_choose(run=run, choice_key="listen").run
    scenario_run_choose(run=run, choice_key="promise")
    scores = dict(Evidence.objects.filter(kind=EvidenceKind.SCENARIO).values_list("competency__code", "score"))
    assert scores == {"listen": Decimal("3.00"), "empathize": Decimal("1.00")}
    assert set(Evidence.objects.filter(kind=EvidenceKind.SCENARIO).values_list("page_id", flat=True)) == {page.pk}
    assert Evidence.objects.filter(kind=EvidenceKind.COURSE).exists()  # its only step passed: course done


def test_a_graded_quiz_attempt_logs_its_percentage(catalog):
    from quizzes.services import quiz_attempt_start, quiz_attempt_submit
    from tests.factories.courses import CoursePageFactory
    from tests.factories.quizzes import QuestionFactory, QuizPageFactory

    trainee = StaffProfileFactory().user
    quiz = QuizPageFactory(parent=CoursePageFactory(parent=catalog), questions=[QuestionFactory(), QuestionFactory()])
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    entry = Evidence.objects.get(kind=EvidenceKind.QUIZ)
    assert entry.page_id == quiz.pk and entry.percent == Decimal("0.00") and entry.passed is False
    assert entry.source_id == str(attempt.pk)
