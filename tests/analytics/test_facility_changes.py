"""Facility (share answered fully right) compared between the last 90 days and before, with at
least ten answers in each period and a move of at least 15 points."""

import datetime as dt

import pytest

from analytics.selectors import facility_changes
from tests.analytics.conftest import TODAY, at, graded_attempt
from tests.factories.courses import CoursePageFactory
from tests.factories.org import StaffProfileFactory
from tests.factories.quizzes import QuestionFactory, QuizPageFactory

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2026, 1, 10)  # 156 days before TODAY
RECENT = dt.date(2026, 6, 1)


def test_reports_only_questions_that_moved_with_enough_answers(catalog):
    course = CoursePageFactory(parent=catalog)
    dropped, steady, thin = QuestionFactory(stem="跌了"), QuestionFactory(stem="稳定"), QuestionFactory(stem="样本少")
    quiz = QuizPageFactory(parent=course, questions=[dropped, steady, thin])
    user = StaffProfileFactory().user
    number = 0

    def attempts(day, count, right):
        """`count` attempts on `day`; right[q] of them answer question q correctly."""
        nonlocal number
        for i in range(count):
            number += 1
            answers = [(q, i < n) for q, n in right.items()]
            graded_attempt(quiz=quiz, user=user, number=number, started=at(day), answers=answers)

    attempts(BEFORE, 10, {dropped: 8, steady: 5, thin: 10})  # 0.8, 0.5, 1.0
    attempts(RECENT, 9, {dropped: 4, steady: 6, thin: 0})  # thin: only nine recent answers
    attempts(RECENT, 1, {dropped: 0, steady: 0})  # dropped 4/10 = 0.4, steady 6/10 = 0.6

    changes = facility_changes(quiz_ids=[quiz.pk], today=TODAY)

    assert [(c.stem, c.before, c.recent, c.before_n, c.recent_n) for c in changes] == [("跌了", 0.8, 0.4, 10, 10)]
    assert round(changes[0].change, 2) == -0.4
