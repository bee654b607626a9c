import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from core.models import AuditEvent
from courses.models import CourseEnrolment, StepCompletion
from quizzes.events import QuizAttemptGraded
from quizzes.models import AttemptAnswer, AttemptStatus, QuizAttempt
from quizzes.services import (
    AnswerRefused,
    MarkingError,
    attempt_answer_mark,
    quiz_attempt_answer_check,
    quiz_attempt_answer_save,
    quiz_attempt_start,
    quiz_attempt_submit,
    quiz_attempts_sweep,
)
from quizzes.tasks import quiz_attempts_sweep as sweep_task
from tests.factories.org import TrainerFactory
from tests.factories.quizzes import QuizPageFactory
from tests.quizzes.conftest import right_answers

pytestmark = pytest.mark.django_db
GRADED: list[int] = []


def record_graded(event: QuizAttemptGraded) -> None:
    GRADED.append(event.attempt_id)


@pytest.fixture(autouse=True)
def _hooks(settings):
    GRADED.clear()
    settings.LMS_EVENT_LISTENERS = {
        **settings.LMS_EVENT_LISTENERS,
        "quizzes.events.QuizAttemptGraded": ["tests.quizzes.services.test_quiz_attempt_submit.record_graded"],
    }


def answer_all(attempt, user, answers, only=None):
    for qid in attempt.question_ids:
        if only is None or qid in only:
            quiz_attempt_answer_save(
                attempt_id=attempt.pk, user=user, question_id=qid, response=answers[qid], version=0
            )


def test_submitting_twice_grades_once(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    answer_all(attempt, trainee, right_answers(attempt, bank))
    first = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    second = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert first.finished_at == second.finished_at
    assert [attempt.pk] == GRADED
    assert StepCompletion.objects.filter(user=trainee, step_id=quiz.pk).count() == 1


def test_passing_a_required_quiz_completes_the_course_step(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    answer_all(attempt, trainee, right_answers(attempt, bank))
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    completion = StepCompletion.objects.get(user=trainee, step_id=quiz.pk)
    assert completion.score == Decimal("100")
    assert CourseEnrolment.objects.get(user=trainee, course=quiz.get_parent().specific).completed_at is not None


def test_failing_does_not_complete_the_step(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    finished = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert finished.passed is False and finished.percent == 0
    assert not StepCompletion.objects.filter(user=trainee).exists()
    assert [attempt.pk] == GRADED


def test_pass_mark_is_inclusive(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"], bank["true_false"]], pass_mark=50)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    answer_all(attempt, trainee, right_answers(attempt, bank), only={bank["true_false"].pk})
    finished = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert finished.percent == 50 and finished.passed is True


def test_multiple_choice_partial_credit_counts_in_the_total(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["multiple"]], multiple_choice_scoring="half_for_subset")
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    some = right_answers(attempt, bank)[bank["multiple"].pk][:2]
    quiz_attempt_answer_save(
        attempt_id=attempt.pk, user=trainee, question_id=bank["multiple"].pk, response=some, version=0
    )
    assert quiz_attempt_submit(attempt_id=attempt.pk, user=trainee).percent == 50


@pytest.mark.parametrize(("method", "expected"), [("highest", 100), ("last", 0), ("first", 50), ("average", 50)])
def test_grading_methods(course, bank, trainee, method, expected):
    from quizzes.selectors import quiz_grade_percent

    quiz = QuizPageFactory(
        parent=course,
        questions=[bank["single"], bank["true_false"]],
        grading_method=method,
        pass_mark=101 if False else 100,
    )
    plan = [{bank["single"].pk}, {bank["single"].pk, bank["true_false"].pk}, set()]
    for only in plan:
        attempt = quiz_attempt_start(quiz=quiz, user=trainee)
        answer_all(attempt, trainee, right_answers(attempt, bank), only=only)
        quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert quiz_grade_percent(quiz=quiz, user_id=trainee.pk) == expected


def test_essay_waits_for_marking_then_marking_finalises_and_is_audited(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"], bank["essay"]], pass_mark=60)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    answer_all(attempt, trainee, right_answers(attempt, bank))
    finished = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert finished.needs_marking is True and finished.passed is None and finished.graded_at is None
    assert GRADED == []
    trainer = TrainerFactory().user
    essay = AttemptAnswer.objects.get(attempt=attempt, question=bank["essay"])
    with pytest.raises(MarkingError):
        attempt_answer_mark(answer_id=essay.pk, marker=trainer, score=Decimal("5"))
    attempt_answer_mark(answer_id=essay.pk, marker=trainer, score=Decimal("3"), comment="要点齐全<script>x</script>")
    attempt.refresh_from_db()
    assert attempt.score == 4 and attempt.percent == 80 and attempt.passed is True and attempt.graded_at
    assert [attempt.pk] == GRADED
    assert StepCompletion.objects.filter(user=trainee, step_id=quiz.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.GRADE_CHANGE)
    assert event.subject_user == trainee and event.detail["new_score"] == "3"
    assert "<script>" not in AttemptAnswer.objects.get(pk=essay.pk).marker_comment
    # re-marking downwards updates the pass state and is audited again
    attempt_answer_mark(answer_id=essay.pk, marker=trainer, score=Decimal("0"))
    attempt.refresh_from_db()
    assert attempt.percent == 20 and attempt.passed is False
    assert AuditEvent.objects.filter(action=AuditEvent.Action.GRADE_CHANGE).count() == 2


def test_only_essays_are_marked_by_hand(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    answer_all(attempt, trainee, right_answers(attempt, bank))
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    answer = AttemptAnswer.objects.get(attempt=attempt, question=bank["single"])
    with pytest.raises(MarkingError):
        attempt_answer_mark(answer_id=answer.pk, marker=TrainerFactory().user, score=Decimal("1"))


def test_exam_paper_off_keeps_only_the_score(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], exam_paper=False)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    answer_all(attempt, trainee, right_answers(attempt, bank))
    finished = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert finished.percent == 100
    assert AttemptAnswer.objects.get(attempt=attempt).response is None


def test_feedback_after_each_locks_the_checked_answer(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"], bank["fill_in"]], feedback_mode="each")
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    q = bank["fill_in"].pk
    quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response="110", version=0)
    checked = quiz_attempt_answer_check(attempt_id=attempt.pk, user=trainee, question_id=q)
    assert checked.is_correct is False and checked.locked
    with pytest.raises(AnswerRefused) as refused:
        quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response="119", version=1)
    assert refused.value.code == "locked"


def test_check_is_refused_when_answers_come_at_the_end(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    q = bank["single"].pk
    quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response=[], version=0)
    with pytest.raises(AnswerRefused) as refused:
        quiz_attempt_answer_check(attempt_id=attempt.pk, user=trainee, question_id=q)
    assert refused.value.code == "no_feedback"


def test_sweep_closes_walked_away_attempts_and_grades_what_was_saved(course, bank, trainee):
    quiz = QuizPageFactory(
        parent=course, questions=[bank["single"], bank["true_false"]], time_limit_minutes=30, grace_seconds=60
    )
    other = QuizPageFactory(parent=course, questions=[bank["single"]], time_limit_minutes=30, grace_seconds=60)
    t0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False) as clock:
        attempt = quiz_attempt_start(quiz=quiz, user=trainee)
        answer_all(attempt, trainee, right_answers(attempt, bank), only={bank["single"].pk})
        empty = quiz_attempt_start(quiz=other, user=trainee)
        clock.move_to(t0 + dt.timedelta(minutes=31))  # inside the grace: nothing closes yet
        assert quiz_attempts_sweep() == 0
        clock.move_to(t0 + dt.timedelta(minutes=32))
        assert sweep_task.enqueue().return_value == 2
        assert quiz_attempts_sweep() == 0  # safe to run twice
    attempt.refresh_from_db()
    empty.refresh_from_db()
    assert attempt.status == AttemptStatus.FINISHED and attempt.auto_submitted and attempt.percent == 50
    assert empty.status == AttemptStatus.ABANDONED
    assert [attempt.pk] == GRADED


def test_submit_after_the_sweep_returns_the_same_grade(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], time_limit_minutes=5, grace_seconds=0)
    t0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False) as clock:
        attempt = quiz_attempt_start(quiz=quiz, user=trainee)
        answer_all(attempt, trainee, right_answers(attempt, bank))
        clock.shift(dt.timedelta(minutes=6))
        quiz_attempts_sweep()
        again = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert again.percent == 100 and QuizAttempt.objects.get().auto_submitted
    assert [attempt.pk] == GRADED


def test_a_hand_in_after_deadline_and_grace_is_recorded_as_closed_by_the_clock_at_the_deadline(course, bank, trainee):
    """The issue's case: the late hand-in used to be recorded as a normal, manual hand-in at the
    late time. Whoever comes first after deadline plus grace, the record is the clock's."""
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], time_limit_minutes=5, grace_seconds=30)
    t0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False) as clock:
        attempt = quiz_attempt_start(quiz=quiz, user=trainee)
        answer_all(attempt, trainee, right_answers(attempt, bank))
        clock.shift(dt.timedelta(minutes=5, seconds=31))
        late = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert (late.status, late.auto_submitted, late.finished_at) == (AttemptStatus.FINISHED, True, attempt.deadline)
    assert late.percent == 100  # what was saved in time counts


def test_a_hand_in_within_grace_is_the_trainees_own(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], time_limit_minutes=5, grace_seconds=30)
    t0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False) as clock:
        attempt = quiz_attempt_start(quiz=quiz, user=trainee)
        clock.shift(dt.timedelta(minutes=5, seconds=20))
        handed_in = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert (handed_in.auto_submitted, handed_in.finished_at) == (False, t0 + dt.timedelta(minutes=5, seconds=20))
