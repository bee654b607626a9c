"""Trainee pages under load: "my learning", a course page and a lesson page, each fetched many
times for a trainee in a catalogue of many courses and lessons with many other staff enrolled.
Builds its own throw-away SQLite database; prints name=value lines.

    .venv/bin/python bench/courses_pages.py            # defaults below
    BENCH_COURSES=60 BENCH_LESSONS=10 BENCH_STAFF=1000 .venv/bin/python bench/courses_pages.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="bench-courses-")
os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/db.sqlite3"
os.environ["DJANGO_MEDIA_ROOT"] = f"{WORKDIR}/media"
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

COURSES = int(os.environ.get("BENCH_COURSES", "30"))
LESSONS = int(os.environ.get("BENCH_LESSONS", "8"))
STAFF = int(os.environ.get("BENCH_STAFF", "300"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def timed(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)  # warm caches
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(ctx)


def main() -> None:
    call_command("migrate", verbosity=0)
    from courses.demo import home_and_catalog
    from courses.models import CoursePage, LearningObjective, LessonPage, Programme, ProgrammeCourse
    from courses.services import lesson_mark_done, programme_assign
    from org.models import Company, Post, Site
    from org.services import staff_upsert

    build_start = time.perf_counter()
    _home, catalog = home_and_catalog()
    courses = []
    for c in range(COURSES):
        course = CoursePage(
            title=f"课程 {c}", slug=f"course-{c}", subject_area="law", objectives=[LearningObjective(text="目标")]
        )
        catalog.add_child(instance=course)
        for lesson_index in range(LESSONS):
            course.add_child(
                instance=LessonPage(
                    title=f"课时 {c}-{lesson_index}",
                    slug=f"l-{lesson_index}",
                    body=[{"type": "paragraph", "value": "<p>内容</p>" * 20}],
                )
            )
        courses.append(course)
    pages_built = time.perf_counter() - build_start

    company = Company.objects.create(name="基准公司")
    site = Site.objects.create(company=company, code="B1", name="基准小区")
    post = Post.objects.create(code="kefu", name="客服")
    programme = Programme.objects.create(name="基准计划")
    for order, course in enumerate(courses[:6]):
        ProgrammeCourse.objects.create(programme=programme, course=course, day=order + 1, sort_order=order)
    others = Programme.objects.create(name="岗位计划")
    for order, course in enumerate(courses[6:]):
        ProgrammeCourse.objects.create(programme=others, course=course, day=order + 1, sort_order=order)

    staff_start = time.perf_counter()
    users = []
    for n in range(STAFF):
        profile, _ = staff_upsert(employee_number=f"B{n:05d}", name=f"员工{n}", post=post, site=site)
        programme_assign(programme=programme, user=profile.user)
        users.append(profile.user)
    programme_assign(programme=others, user=users[0])
    staff_built = time.perf_counter() - staff_start

    trainee = users[0]
    first_course = courses[0]
    lessons = list(LessonPage.objects.child_of(first_course).order_by("path"))
    for lesson in lessons[: LESSONS // 2]:
        lesson_mark_done(user=trainee, lesson=lesson)
    for user in users[1:50]:
        lesson_mark_done(user=user, lesson=lessons[0])

    client = Client(HTTP_HOST="localhost")
    client.force_login(trainee)
    results = {
        "my_learning": timed(client, "/learning/"),
        "course_page": timed(client, first_course.url),
        "lesson_page": timed(client, lessons[-1].url),
    }

    mark_samples = []
    for lesson in LessonPage.objects.child_of(courses[7]).order_by("path"):
        start = time.perf_counter()
        response = client.post(f"/learning/lessons/{lesson.pk}/done/")
        mark_samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302

    print(f"database={connection.vendor}")
    print(f"courses={COURSES}")
    print(f"lessons_per_course={LESSONS}")
    print(f"staff={STAFF}")
    print(f"trainee_enrolments={trainee.course_enrolments.count()}")
    print(f"build_pages_s={pages_built:.1f}")
    print(f"build_staff_and_assignments_s={staff_built:.1f}")
    for name, (median, p95, queries) in results.items():
        print(f"{name}_median_ms={median:.1f}")
        print(f"{name}_p95_ms={p95:.1f}")
        print(f"{name}_queries={queries}")
    print(f"lesson_mark_done_median_ms={statistics.median(mark_samples):.1f}")


if __name__ == "__main__":
    main()
