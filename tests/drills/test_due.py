"""Required frequency: per site and required drill type, the last drill held, the due date and
whether it is overdue or due soon; the managers' daily reminder."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from drills.reminders import drill_due_reminders_send
from drills.selectors import DueStatus, drills_due
from drills.services import drill_close, drill_requirement_set, drill_type_define
from notifications.models import Notification
from org.models import Site
from tests.drills.helpers import plan_fire_drill, sign_in

pytestmark = pytest.mark.django_db


def held(dw, *, days_ago: int):
    drill = plan_fire_drill(
        site=dw.site, lead=dw.manager.user, planned_on=timezone.localdate() - dt.timedelta(days_ago)
    )
    sign_in(drill, dw.staff[0].user, at=timezone.now() - dt.timedelta(days=days_ago))
    return drill_close(drill=drill, actor=dw.manager.user)


def row_for(rows, site):
    return next(row for row in rows if row.site == site and row.drill_type.code == "fire")


def test_a_site_that_never_held_a_required_drill_is_overdue(dw):
    row = row_for(drills_due(sites=Site.objects.all()), dw.site)
    assert row.status == DueStatus.OVERDUE and row.last_held_on is None
    # the drill planned for today is shown beside it
    assert row.next_planned_on == timezone.localdate()


@pytest.mark.parametrize(("days_ago", "status"), [(30, DueStatus.OK), (170, DueStatus.DUE), (200, DueStatus.OVERDUE)])
def test_the_status_follows_the_last_drill_held_and_the_interval(dw, days_ago, status):
    drill = held(dw, days_ago=days_ago)
    row = row_for(drills_due(sites=Site.objects.filter(pk=dw.site.pk)), dw.site)
    assert row.last_held_on == drill.held_on and row.status == status
    assert row.due_on == drill.held_on + relativedelta(months=6)


def test_a_drill_planned_or_in_progress_does_not_count_as_held(dw):
    sign_in(dw.drill, dw.staff[0].user)  # in progress, not closed
    assert row_for(drills_due(sites=Site.objects.all()), dw.site).status == DueStatus.OVERDUE


def test_sites_without_a_type_or_requirement_have_no_rows(dw):
    from tests.factories.org import SiteFactory

    SiteFactory(code="NT", name="无类型")
    assert {row.site.code for row in drills_due(sites=Site.objects.all())} == {"YG", "CH"}


def test_the_due_list_reads_in_a_fixed_number_of_queries(dw):
    with CaptureQueriesContext(connection) as few:
        drills_due(sites=Site.objects.all())
    from org.services import site_type_assign
    from tests.factories.org import SiteFactory

    lift = drill_type_define(code="lift", name="电梯困人")
    for n in range(5):
        site = SiteFactory(code=f"X{n}")
        site_type = site_type_assign(site=site, code="residential", name="住宅小区")
    drill_requirement_set(site_type=site_type, drill_type=lift, interval_months=6)
    with CaptureQueriesContext(connection) as many:
        rows = drills_due(sites=Site.objects.all())
    assert len(rows) == 14 and len(many) == len(few)


def test_the_sites_managers_are_reminded_once(dw):
    first = drill_due_reminders_send()
    assert first["overdue"] == 2  # YG's manager for YG, CH's manager for CH
    notes = Notification.objects.filter(user=dw.manager.user)
    assert notes.count() == 1 and "阳光花园" in notes.get().title_text
    assert drill_due_reminders_send() == {"due_soon": 0, "overdue": 0}
    assert not Notification.objects.filter(user__in=[s.user for s in dw.staff]).exists()


def test_holding_the_drill_stops_the_reminders(dw):
    held(dw, days_ago=10)
    drill_due_reminders_send()
    assert not Notification.objects.filter(user=dw.manager.user).exists()
