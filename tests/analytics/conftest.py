import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission

from quizzes.models import AttemptAnswer, AttemptStatus, QuizAttempt
from tests.factories.org import TrainerFactory

TODAY = dt.date(2026, 6, 15)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def graded_attempt(*, quiz, user, number=1, started, seconds=300, passed=True, answers=()):
    """A finished, graded attempt as the quiz's grading leaves it, with answers [(question, correct)]."""
    finished = started + dt.timedelta(seconds=seconds)
    attempt = QuizAttempt.objects.create(
        quiz=quiz,
        user=user,
        number=number,
        status=AttemptStatus.FINISHED,
        started_at=started,
        finished_at=finished,
        graded_at=finished,
        percent=100 if passed else 0,
        passed=passed,
    )
    for question, correct in answers:
        AttemptAnswer.objects.create(attempt=attempt, question=question, is_correct=correct, score=int(correct))
    return attempt


@pytest.fixture
def trainer_of():
    """A trainer whose only Wagtail page right is editing the given course's subtree."""

    def make(course, username):
        profile = TrainerFactory(user__username=username)
        group = Group.objects.create(name=f"editors of {course.slug}")
        GroupPagePermission.objects.create(
            group=group, page=course, permission=Permission.objects.get(codename="change_page")
        )
        profile.user.groups.add(group)
        return profile.user

    return make
