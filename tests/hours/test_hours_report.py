"""The 学时 figures against a hand-computed example (tests/hours/conftest.py `world`).

Year 2025 has 365 days. Stated hours: c1 3.0 h (emergency), c2 2.5 h (law), c3 5.0 h (law).
Targets: post A 24 h a year overall and 10 h in emergency; post B 12 h a year overall.

P held post A from 1 January to 31 March (90 days) and post B from 1 April (275 days):
  credited  = c1 (10 Feb) 3.0 + c2 (1 Jun) 2.5 + c1 again (refresher, 5 Nov) 3.0 = 8.5 h
              (c3, completed 31 Dec 2024 23:30 in Shanghai, belongs to 2024)
  target    = 24 × 90/365 + 12 × 275/365 = 5460/365 = 14.9589… → 15.0 h
  progress  = 8.5 / 14.9589 = 56.8 % → 57 %
  measured  = 1800 s + 900 s = 2700 s = 0.75 h → 0.8 h (the 999 s of December 2024 are outside)
  emergency = credited 3.0 + 3.0 = 6.0 h; target 10 × 90/365 = 2.4658 → 2.5 h; 243 %
Q held post B all year:
  credited 5.0 h, target 12 × 365/365 = 12.0 h, progress 41.7 % → 42 %, measured 5400 s = 1.5 h
By post (the post held now): B has P and Q: 13.5 h of 14.9589 + 12 = 26.9589 → 27.0 h, 50 %.
First quarter (1 January – 31 March, 90 days): P credited 3.0 h of 24 × 90/365 = 5.9 h, 51 %.
R held post C (10 h a year) all year, on site 2 in department D. Course c4 (8.0 h stated,
complaints) is credited step by step: its steps s1 1.0 h, s2 1.5 h, s3 2.0 h, s4 no credit.
  credited  = s1 (10 Mar) 1.0 + s2 (1 Jul) 1.5 = 2.5 h
              (s3, completed 20 Dec 2024, belongs to 2024; s4 credits nothing; the course's
              completion on 1 Jul credits nothing, not its 8.0 h)
  target    = 10 × 365/365 = 10.0 h; progress 2.5 / 10 = 25 %; measured 0.0 h
Site 2 has Q, R and the HR admin: 5.0 + 2.5 = 7.5 h of 12 + 10 = 22.0 h, 34.09 % → 34 %.
Everyone (HR's scope): 8.5 + 5.0 + 2.5 = 16.0 h of 14.9589 + 12 + 10 = 36.9589 → 37.0 h.
"""

import datetime as dt
from decimal import Decimal

import pytest

from courses.models.pages import SubjectArea
from hours.selectors import HoursQuery, hours_of_person, hours_report
from tests.factories.courses import CoursePageFactory
from tests.hours.conftest import complete_step, shanghai, step_credit

pytestmark = pytest.mark.django_db
YEAR = {"since": "2025-01-01", "until": "2025-12-31"}


def figures(row):
    return (row.credited, row.measured_hours, row.target_rounded, row.progress_percent)


def test_each_person_gets_exact_credited_measured_target_and_progress(world):
    report = hours_report(viewer=world.hr.user, query=HoursQuery.parse({**YEAR, "by": "person"}))
    rows = {row.key: row for row in report.rows}
    assert figures(rows[world.p.user_id]) == (Decimal("8.5"), Decimal("0.8"), Decimal("15.0"), 57)
    assert figures(rows[world.q.user_id]) == (Decimal("5.0"), Decimal("1.5"), Decimal("12.0"), 42)
    assert figures(rows[world.r.user_id]) == (Decimal("2.5"), Decimal("0.0"), Decimal("10.0"), 25)
    assert report.total.credited == Decimal("16.0") and report.total.target_rounded == Decimal("37.0")


@pytest.mark.parametrize("by", ["site", "department", "post"])
def test_a_course_with_step_credits_is_credited_by_its_completed_steps_in_every_grouping(world, by):
    report = hours_report(viewer=world.hr.user, query=HoursQuery.parse({**YEAR, "by": by}))
    rows = {row.key: row for row in report.rows}
    if by == "site":
        assert rows[world.site_2.pk].staff == 3
        assert figures(rows[world.site_2.pk]) == (Decimal("7.5"), Decimal("1.5"), Decimal("22.0"), 34)
    else:
        key = world.department.pk if by == "department" else world.post_c.pk
        assert rows[key].staff == 1
        assert figures(rows[key]) == (Decimal("2.5"), Decimal("0.0"), Decimal("10.0"), 25)
    assert report.total.credited == Decimal("16.0")


def test_a_step_completed_again_in_a_refresher_cycle_credits_again(world):
    s1 = world.c4_steps[0]
    complete_step(world.r.user, s1, shanghai(2025, 11, 11), cycle=2)
    overall, _areas = hours_of_person(profile=world.r, query=HoursQuery.parse(YEAR))
    assert overall.credited == Decimal("3.5")  # 2.5 + s1 again (1.0), as a refresher's course counts again


def test_a_step_credit_counts_only_for_the_course_it_is_set_on(world, catalog):
    # The same step page credited by another course's row (a step moved away, say) credits nothing here.
    other = CoursePageFactory(parent=catalog, subject_area="law")
    step_credit(other, world.c4_steps[3], "4.0")
    overall, _areas = hours_of_person(profile=world.r, query=HoursQuery.parse(YEAR))
    assert overall.credited == Decimal("2.5")


def test_a_subject_area_counts_its_step_credits(world):
    _overall, areas = hours_of_person(profile=world.r, query=HoursQuery.parse(YEAR))
    complaints = next(row for row in areas if row.label == str(SubjectArea.COMPLAINTS.label))
    assert complaints.credited == Decimal("2.5")
    assert [row.label for row in areas if row.credited] == [str(SubjectArea.COMPLAINTS.label)]


def test_grouped_by_post_sums_the_people_who_hold_it_now(world):
    report = hours_report(viewer=world.hr.user, query=HoursQuery.parse({**YEAR, "by": "post"}))
    row = next(row for row in report.rows if row.key == world.post_b.pk)
    assert row.staff == 2
    assert figures(row) == (Decimal("13.5"), Decimal("2.3"), Decimal("27.0"), 50)


def test_a_manager_sees_only_their_site(world):
    report = hours_report(viewer=world.manager_1.user, query=HoursQuery.parse({**YEAR, "by": "site"}))
    assert [row.key for row in report.rows] == [world.site_1.pk]
    assert report.rows[0].staff == 2  # P and the manager
    assert figures(report.total) == (Decimal("8.5"), Decimal("0.8"), Decimal("15.0"), 57)


def test_a_subject_area_counts_its_courses_and_its_targets_only(world):
    overall, areas = hours_of_person(profile=world.p, query=HoursQuery.parse({**YEAR, "area": "emergency"}))
    emergency = next(row for row in areas if row.label == str(SubjectArea.EMERGENCY.label))
    assert figures(emergency) == (Decimal("6.0"), Decimal("0.8"), Decimal("2.5"), 243)
    assert overall.credited == Decimal("8.5")


def test_a_shorter_period_prorates_the_target_and_counts_its_completions(world):
    query = HoursQuery.parse({"since": "2025-01-01", "until": "2025-03-31", "by": "person"})
    rows = {row.key: row for row in hours_report(viewer=world.hr.user, query=query).rows}
    assert figures(rows[world.p.user_id]) == (Decimal("3.0"), Decimal("0.8"), Decimal("5.9"), 51)


def test_the_default_period_is_this_calendar_year():
    query = HoursQuery.parse({}, today=dt.date(2026, 7, 15))
    assert (query.since, query.until, query.by) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31), "site")
