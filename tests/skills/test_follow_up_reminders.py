import datetime as dt

import pytest
import time_machine
from django.core import mail

from courses.services import lesson_mark_done
from skills.models import FollowUp, FollowUpStatus, ReminderSent, ReminderStatus
from skills.tasks import follow_up_reminders
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import HRAdminFactory, ManagerFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

COMPLETED = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)  # +1 month follow-up due 2026-02-10


@pytest.fixture
def setup(catalog):
    site_manager = ManagerFactory(user=UserFactory(email="site@example.com"))
    supervisor = StaffProfileFactory(site=site_manager.site, role="manager", user=UserFactory(email="sup@example.com"))
    trainee = StaffProfileFactory(site=site_manager.site, manager=supervisor, name="王小明")
    course = CoursePageFactory(parent=catalog, follow_up_months="1", title="投诉处理")
    with time_machine.travel(COMPLETED, tick=False):
        lesson_mark_done(user=trainee.user, lesson=LessonPageFactory(parent=course))
    return FollowUp.objects.get(), supervisor, site_manager


def run_on(day: dt.date):
    with time_machine.travel(dt.datetime.combine(day, dt.time(2, 0), tzinfo=dt.UTC), tick=False):
        return follow_up_reminders.enqueue().return_value


def test_nothing_is_sent_before_the_reminder_window(setup):
    assert run_on(dt.date(2026, 2, 6)) == {"due": 0, "overdue": 0, "escalation": 0}
    assert mail.outbox == []


def test_due_reminder_goes_to_the_evaluator_once_even_when_the_task_runs_twice(setup):
    assert run_on(dt.date(2026, 2, 7))["due"] == 1
    assert run_on(dt.date(2026, 2, 7))["due"] == 0
    assert run_on(dt.date(2026, 2, 10))["due"] == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sup@example.com"]
    assert "王小明" in mail.outbox[0].subject


def test_overdue_reminder_after_a_week_then_escalation_to_the_site_manager_after_a_month(setup):
    run_on(dt.date(2026, 2, 16))
    assert [m.to for m in mail.outbox] == [["sup@example.com"]]
    run_on(dt.date(2026, 2, 17))
    run_on(dt.date(2026, 2, 17))
    assert [m.to for m in mail.outbox] == [["sup@example.com"], ["sup@example.com"]]
    run_on(dt.date(2026, 3, 12))
    run_on(dt.date(2026, 3, 13))
    assert [m.to for m in mail.outbox][-1] == ["site@example.com"]
    assert len(mail.outbox) == 3
    assert sorted(ReminderSent.objects.values_list("kind", flat=True)) == ["due", "escalation", "overdue"]


def test_escalation_goes_to_hr_when_the_evaluator_is_the_only_site_manager(catalog):
    HRAdminFactory(user=UserFactory(email="hr@example.com"))
    manager = ManagerFactory(user=UserFactory(email="boss@example.com"))
    trainee = StaffProfileFactory(site=manager.site, manager=None)
    with time_machine.travel(COMPLETED, tick=False):
        lesson_mark_done(
            user=trainee.user, lesson=LessonPageFactory(parent=CoursePageFactory(parent=catalog, follow_up_months="1"))
        )
    run_on(dt.date(2026, 4, 1))
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("boss@example.com",),
        ("boss@example.com",),
        ("hr@example.com",),
    ]


def test_a_done_follow_up_gets_no_reminders(setup):
    follow_up, *_ = setup
    FollowUp.objects.filter(pk=follow_up.pk).update(status=FollowUpStatus.DONE)
    run_on(dt.date(2026, 5, 1))
    assert mail.outbox == []


def test_a_failing_mail_server_leaves_the_reminder_to_the_next_run(setup, monkeypatch):
    import skills.services.follow_ups as module

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(module, "send_mail", broken)
    assert run_on(dt.date(2026, 2, 10))["due"] == 0
    assert ReminderSent.objects.get().status == ReminderStatus.UNDELIVERED
    monkeypatch.undo()
    assert run_on(dt.date(2026, 2, 10))["due"] == 1
    assert ReminderSent.objects.get().status == ReminderStatus.SENT


def test_a_reminder_that_reached_nobody_stays_undelivered_and_is_retried(setup):
    _follow_up, supervisor, _site_manager = setup
    supervisor.user.email = ""
    supervisor.user.save(update_fields=["email"])
    assert run_on(dt.date(2026, 2, 7))["due"] == 0
    reminder = ReminderSent.objects.get(kind="due")
    assert (reminder.status, reminder.sent_at, reminder.recipients) == (ReminderStatus.UNDELIVERED, None, [])
    assert run_on(dt.date(2026, 2, 8))["due"] == 0  # still nobody: tried again
    assert ReminderSent.objects.get(kind="due").attempts == 2
    supervisor.user.email = "sup@example.com"
    supervisor.user.save(update_fields=["email"])
    assert run_on(dt.date(2026, 2, 9))["due"] == 1
    reminder = ReminderSent.objects.get(kind="due")
    assert (reminder.status, reminder.recipients, reminder.attempts) == (ReminderStatus.SENT, ["sup@example.com"], 3)
    assert run_on(dt.date(2026, 2, 10))["due"] == 0  # sent once: never again
    assert [m.to for m in mail.outbox] == [["sup@example.com"]]


@pytest.mark.parametrize(("days", "english"), [(1, "is 1 day late"), (31, "is 31 days late")])
def test_escalation_title_counts_days_in_the_readers_language(days, english):
    from notifications.messages import render
    from skills.notices import FOLLOW_UP_ESCALATED

    params = {"name": "王小明", "days": days, "m": 1, "course": "投诉处理", "due": "2026-02-10"}
    title_en, _ = render(
        message_id=FOLLOW_UP_ESCALATED.id, params=params, title={}, body={}, kind="follow_up", language="en"
    )
    title_zh, _ = render(
        message_id=FOLLOW_UP_ESCALATED.id, params=params, title={}, body={}, kind="follow_up", language="zh-hans"
    )
    assert title_en.endswith(english)
    assert title_zh == f"上报：王小明 的跟踪评估已逾期 {days} 天"
