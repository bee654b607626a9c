"""学时 (learning hours) report benchmark on PostgreSQL.

    .venv/bin/python bench/hours.py [--staff 10000] [--per-person 8]

Creates a scratch PostgreSQL database (dropped at the end), fills it with a company of 10,000
staff on 50 sites and 5 posts, 20 courses with stated hours in several subject areas, a year
(2025) of completions (8 course cycles a person: 80,000 rows), two days of measured time per
completion (160,000 StepTime rows), one post tenure a person and a mid-year change of post for
one in ten, and yearly targets per post overall and by subject area. It then times the 学时
report for the whole company over the year as HR sees it, in-process through Django's test
client (the full request: view, selectors, template):

  staff=            people in the company
  completions=      completed course cycles in the year
  hours_ms=         median time of /hours/?by=site for the whole company over 2025
  queries=          SQL queries of that request
  hours_post_ms= / post_queries=       the same grouped by post
  hours_person_ms= / person_queries=   the person view (page 5 of 50 people)
  export_s=         time the background task takes to build the whole company's person export

Target: hours_ms <= 300 and a query count that does not depend on the staff count.
Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from loadlib.inprocess import admin_execute, django_setup  # noqa: E402 — bench/ is put on the path first

DB_NAME = f"bench_hours_{os.getpid()}"
RUNS = 9
UNUSABLE = "!"  # noqa: S105 - Django's marker for an unusable password
AREAS = ["law", "etiquette", "complaints", "emergency", "post_skills"]


def build(staff_count: int, per_person: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Page

    from courses.models import CatalogPage, CourseEnrolment, CoursePage, HomePage, LessonPage, StepTime
    from hours.services import hours_target_set
    from org.models import Company, Post, PostTenure, Role, Site, StaffProfile

    call_command("migrate", verbosity=0)
    User = get_user_model()
    company = Company.objects.create(name="基准物业")
    sites = Site.objects.bulk_create(
        [Site(company=company, code=f"S{n:02d}", name=f"小区{n:02d}", households=800) for n in range(50)]
    )
    posts = Post.objects.bulk_create([Post(code=f"p{n}", name=f"岗位{n}", sort_order=n) for n in range(5)])
    for n, post in enumerate(posts):
        hours_target_set(post=post, hours_per_year=Decimal(24 + 6 * n))
        hours_target_set(post=post, hours_per_year=Decimal(8), subject_area="emergency")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="学院", slug="bench-home"))
    catalog = home.add_child(instance=CatalogPage(title="目录", slug="courses"))
    courses, lessons = [], []
    for n in range(20):
        course = catalog.add_child(
            instance=CoursePage(
                title=f"课程{n}",
                slug=f"course-{n}",
                subject_area=AREAS[n % len(AREAS)],
                estimated_hours=Decimal(1 + n % 4) + Decimal("0.5"),
            )
        )
        lessons.append(course.add_child(instance=LessonPage(title="课时", slug="lesson")))
        courses.append(course)
    users = User.objects.bulk_create(
        [User(username=f"h{n:05d}", password=UNUSABLE) for n in range(staff_count)], batch_size=5000
    )
    profiles = StaffProfile.objects.bulk_create(
        [
            StaffProfile(
                user=user,
                employee_number=f"H{n:05d}",
                name=f"员工{n:05d}",
                role=Role.TRAINEE,
                post=posts[n % 5],
                site=sites[n % 50],
                hire_date=dt.date(2024, 1, 1),
                post_since=dt.date(2024, 1, 1),
            )
            for n, user in enumerate(users)
        ],
        batch_size=5000,
    )
    tenures = []
    for n, profile in enumerate(profiles):
        if n % 10 == 0:  # one in ten changed post on 1 July 2025
            tenures.append(
                PostTenure(
                    profile=profile,
                    post=posts[(n + 1) % 5],
                    started_on=dt.date(2024, 1, 1),
                    ended_on=dt.date(2025, 6, 30),
                )
            )
            tenures.append(PostTenure(profile=profile, post=posts[n % 5], started_on=dt.date(2025, 7, 1)))
        else:
            tenures.append(PostTenure(profile=profile, post=posts[n % 5], started_on=dt.date(2024, 1, 1)))
    PostTenure.objects.bulk_create(tenures, batch_size=5000)
    start = timezone.make_aware(dt.datetime(2025, 1, 1, 9))
    enrolments, times = [], []
    for n, user in enumerate(users):
        for k in range(per_person):
            index = (n + k * 3) % 20
            at = start + dt.timedelta(days=(n * 7 + k * 45) % 364, hours=k % 8)
            enrolments.append(
                CourseEnrolment(user=user, course=courses[index], cycle=1, completed_at=at, progress_percent=100)
            )
            for day in range(2):
                times.append(
                    StepTime(
                        user=user,
                        step_id=lessons[index].pk,
                        course=courses[index],
                        kind="lesson",
                        day=timezone.localdate(at) - dt.timedelta(days=day),
                        seconds=600 + (n + k) % 1800,
                    )
                )
    CourseEnrolment.objects.bulk_create(enrolments, batch_size=5000)
    StepTime.objects.bulk_create(times, batch_size=5000)
    hr = User.objects.create(username="bench-hr", password=UNUSABLE)
    StaffProfile.objects.create(user=hr, employee_number="HR0001", name="人事", role=Role.HR_ADMIN)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"hr": hr, "completions": len(enrolments)}


def time_url(user, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    for _ in range(2):  # warm caches and the connection
        assert client.get(url).status_code == 200
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=10000)
    parser.add_argument("--per-person", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database (its name is printed)")
    args = parser.parse_args()
    admin_execute(f'CREATE DATABASE "{DB_NAME}"')
    try:
        django_setup(DB_NAME)
        began = time.perf_counter()
        data = build(args.staff, args.per_person)
        build_s = time.perf_counter() - began
        year = "since=2025-01-01&until=2025-12-31"
        hours_ms, queries = time_url(data["hr"], f"/hours/?{year}&by=site")
        post_ms, post_queries = time_url(data["hr"], f"/hours/?{year}&by=post")
        person_ms, person_queries = time_url(data["hr"], f"/hours/?{year}&by=person&page=5")
        from hours.models import HoursExport
        from hours.services import hours_export_build

        export = HoursExport.objects.create(
            requested_by=data["hr"], filters={"since": "2025-01-01", "until": "2025-12-31", "by": "person"}
        )
        began = time.perf_counter()
        export = hours_export_build(export_id=export.pk)
        export_s = time.perf_counter() - began
        assert export.status == HoursExport.Status.READY, export.error
        print(f"staff={args.staff}")
        print(f"completions={data['completions']}")
        print(f"build_s={build_s:.1f}")
        print(f"hours_ms={hours_ms:.1f}")
        print(f"queries={queries}")
        print(f"hours_post_ms={post_ms:.1f}")
        print(f"post_queries={post_queries}")
        print(f"hours_person_ms={person_ms:.1f}")
        print(f"person_queries={person_queries}")
        print(f"export_s={export_s:.1f}")
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept_database={DB_NAME}")
        else:
            admin_execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
