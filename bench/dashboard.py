"""Manager dashboard benchmark on PostgreSQL.

    .venv/bin/python bench/dashboard.py [--staff 10000] [--competencies 40]

Creates a scratch PostgreSQL database (dropped at the end), fills it with a company of
10,000 staff on 50 sites, 40 competencies with one evidence entry per person and competency
(400,000 rows, plus corrections that supersede some), six courses with enrolments (some late),
follow-ups, level history and waiting promotions, then times the dashboard as HR sees it (the
whole company) and as one site manager sees it, in-process through Django's test client:

  staff=            people in the company
  competencies=     competencies (matrix columns)
  evidence=         evidence rows
  dashboard_ms=     median server time of /skills/team/ for the whole company (HR)
  queries=          SQL queries of that request
  dashboard_cold_ms= the same with an empty cache (the whole company's team averages counted again)
  manager_dashboard_ms= / manager_queries=   the same for one site manager
  page5_ms= / page5_queries=   page 5 of the whole company (HR)
  search_ms= / search_queries= a name search over the whole company (HR, ?q=员工0042: ten people)
  export_matrix_s=  time to export the whole company's matrix to Excel

Target: dashboard_ms <= 300 and a query count that does not depend on the staff count.
Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from loadlib.inprocess import admin_execute, django_setup  # noqa: E402 — bench/ is put on the path first

DB_NAME = f"bench_skills_{os.getpid()}"
RUNS = 9
PAGE = 5
SEARCH = "员工0042"
UNUSABLE = "!"  # noqa: S105 - Django's marker for an unusable password


def build(staff_count: int, competency_count: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page

    from courses.models import CatalogPage, CoursePage, HomePage, LearningObjective
    from org.models import Company, Post, Role, Site, StaffProfile
    from skills.models import Competency, CompetencyArea, CriterionKind, LevelCriterion, LevelLadder

    call_command("migrate", verbosity=0)
    User = get_user_model()
    company = Company.objects.create(name="基准物业")
    sites = Site.objects.bulk_create(
        [Site(company=company, code=f"S{n:02d}", name=f"小区{n:02d}", households=800) for n in range(50)]
    )
    posts = Post.objects.bulk_create(
        [
            Post(code=code, name=name, sort_order=i)
            for i, (code, name) in enumerate(
                [
                    ("kefu", "客服"),
                    ("gongcheng", "工程"),
                    ("anbao", "秩序/安保"),
                    ("baojie", "保洁"),
                    ("lvhua", "绿化"),
                    ("caiwu", "财务"),
                    ("guanli", "管理"),
                ]
            )
        ]
    )
    areas = CompetencyArea.objects.bulk_create(
        [CompetencyArea(code=f"a{n}", name=f"领域{n}", sort_order=n) for n in range(5)]
    )
    competencies = Competency.objects.bulk_create(
        [
            Competency(area=areas[n % 5], code=f"c{n:02d}", name=f"能力{n:02d}", sort_order=n)
            for n in range(competency_count)
        ]
    )
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="学院", slug="bench-home"))
    catalog = home.add_child(instance=CatalogPage(title="目录", slug="courses"))
    courses = []
    for n in range(6):
        course = catalog.add_child(
            instance=CoursePage(title=f"课程{n}", slug=f"course-{n}", subject_area="law", follow_up_months="1,3,6")
        )
        LearningObjective.objects.create(page=course, text="目标")
        courses.append(course)
    for post in posts:
        ladder = LevelLadder.objects.create(post=post)
        ladder.competencies.set(competencies)
        for level in (1, 2, 3, 4):
            LevelCriterion.objects.create(
                ladder=ladder, level=level, kind=CriterionKind.MONTHS_IN_POST, months=level * 6
            )
            LevelCriterion.objects.create(
                ladder=ladder, level=level, kind=CriterionKind.COURSE_COMPLETED, course=courses[level]
            )
            LevelCriterion.objects.create(
                ladder=ladder,
                level=level,
                kind=CriterionKind.SCENARIO_SCORE,
                competency=competencies[level],
                threshold=60 + level * 5,
            )
            LevelCriterion.objects.create(
                ladder=ladder, level=level, kind=CriterionKind.PRACTICAL_PASSED, competency=competencies[0]
            )
            LevelCriterion.objects.create(ladder=ladder, level=level, kind=CriterionKind.MANAGER_SIGN_OFF)

    users = User.objects.bulk_create(
        [User(username=f"b{n:05d}", password=UNUSABLE) for n in range(staff_count)], batch_size=5000
    )
    StaffProfile.objects.bulk_create(
        [
            StaffProfile(
                user=user,
                employee_number=f"B{n:05d}",
                name=f"员工{n:05d}",
                role=Role.TRAINEE,
                post=posts[n % 5],
                site=sites[n % 50],
                hire_date="2025-01-01",
                post_since="2025-01-01",
            )
            for n, user in enumerate(users)
        ],
        batch_size=5000,
    )
    hr_user = User.objects.create(username="bench-hr", password=UNUSABLE)
    StaffProfile.objects.create(user=hr_user, employee_number="HR0001", name="人事", role=Role.HR_ADMIN)
    manager_user = User.objects.create(username="bench-manager", password=UNUSABLE)
    manager = StaffProfile.objects.create(
        user=manager_user, employee_number="MG0001", name="经理", role=Role.MANAGER, site=sites[0]
    )
    manager.managed_sites.set([sites[0]])

    with connection.cursor() as cursor:
        # One scenario result per person and competency, written in SQL: it is the volume that matters.
        cursor.execute(
            """
            INSERT INTO skills_evidence (user_id, kind, title, title_message, title_params, competency_id, score,
                                         percent, passed, occurred_at, source_type, source_id, withdrawn, note,
                                         created_at)
            SELECT sp.user_id, 'scenario', '情景演练', '', '{}'::jsonb, c.id, s.v, s.v, s.v >= 60,
                   now() - interval '30 days', 'bench', sp.id::text, false, '', now()
            FROM org_staffprofile sp CROSS JOIN skills_competency c
            CROSS JOIN LATERAL (SELECT round((random() * 100)::numeric, 2) + 0 * c.id AS v) s
            WHERE sp.role = 'trainee'
            """
        )
        # Every tenth entry was corrected later: the correction supersedes it.
        cursor.execute(
            """
            INSERT INTO skills_evidence (user_id, kind, title, title_message, title_params, competency_id, score,
                                         percent, passed, occurred_at, source_type, source_id, withdrawn, note,
                                         created_at, supersedes_id)
            SELECT user_id, kind, title, '', '{}'::jsonb, competency_id, 75, 75, true, occurred_at, source_type,
                   source_id, false, '复核更正', now(), id
            FROM skills_evidence WHERE id % 10 = 0
            """
        )
        cursor.execute(
            """
            INSERT INTO courses_courseenrolment (user_id, course_id, source, assigned_at, due_date, completed_at,
                                                 progress_percent, cycle, reason)
            SELECT sp.user_id, c.id, 'auto', now() - interval '60 days', current_date - ((sp.id + c.id) % 40 - 10)::int,
                   CASE WHEN (sp.id + c.id) % 3 = 0 THEN NULL ELSE now() - ((sp.id % 200) || ' days')::interval END,
                   CASE WHEN (sp.id + c.id) % 3 = 0 THEN 50 ELSE 100 END, 1, ''
            FROM org_staffprofile sp CROSS JOIN (SELECT page_ptr_id AS id FROM courses_coursepage) c
            WHERE sp.role = 'trainee'
            """
        )
        cursor.execute(
            """
            INSERT INTO skills_followup (trainee_id, course_id, enrolment_id, months, due_date, status, created_at)
            SELECT e.user_id, e.course_id, e.id, m.months, (e.completed_at + (m.months || ' months')::interval)::date,
                   CASE WHEN m.months = 1 AND e.id % 2 = 0 THEN 'done' ELSE 'scheduled' END, now()
            FROM courses_courseenrolment e CROSS JOIN (VALUES (1), (3), (6)) AS m(months)
            WHERE e.completed_at IS NOT NULL
            """
        )
        cursor.execute(
            """
            INSERT INTO skills_levelrecord (user_id, post_id, level, awarded_at, note, basis)
            SELECT user_id, post_id, 1, now() - interval '100 days', '', 'gate' FROM org_staffprofile
            WHERE role = 'trainee' AND id % 2 = 0
            """
        )
        cursor.execute(
            """
            INSERT INTO skills_promotionrecommendation (user_id, post_id, from_level, to_level, status, criteria_snapshot, created_at, decision_note)
            SELECT user_id, post_id, 0, 1, 'pending', '[]'::jsonb, now(), '' FROM org_staffprofile
            WHERE role = 'trainee' AND id % 33 = 1
            """
        )
        # A settled database, as in steady use: the visibility map lets PostgreSQL answer from
        # indexes alone, and the bulk insert's dirty pages are flushed before timing.
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("CHECKPOINT")
        cursor.execute("SELECT count(*) FROM skills_evidence")
        evidence = cursor.fetchone()[0]
    return {"hr": hr_user, "manager": manager_user, "evidence": evidence, "courses": courses}


def time_dashboard(user, url: str = "/skills/team/") -> tuple[float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    for _ in range(2):  # warm caches and the connection
        assert client.get(url).status_code == 200
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # The test client adds session and auth lookups the same way a browser request does.
    return statistics.median(times), len(queries)


def time_cold(user, url: str = "/skills/team/") -> float:
    """Median of three requests each made with an empty cache: the whole company's team
    averages are counted again (they are cached for SKILLS_TEAM_CACHE_SECONDS)."""
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    client.force_login(user)
    times = []
    for _ in range(3):
        cache.clear()
        client.force_login(user)
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def profile(user, url: str = "/skills/team/") -> None:
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get(url)  # the team averages cached, as in the timed runs
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]:
        print(f"# {float(query['time']) * 1000:.1f} ms  {query['sql'][:300]}")
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(
        int(os.environ.get("BENCH_LINES", "25"))
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=10000)
    parser.add_argument("--competencies", type=int, default=40)
    parser.add_argument("--profile", action="store_true", help="print the slowest queries and Python hot spots")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database (its name is printed)")
    args = parser.parse_args()
    admin_execute(f'CREATE DATABASE "{DB_NAME}"')
    try:
        django_setup(DB_NAME)
        started = time.perf_counter()
        data = build(args.staff, args.competencies)
        build_s = time.perf_counter() - started
        dashboard_ms, queries = time_dashboard(data["hr"])
        cold_ms = time_cold(data["hr"])
        manager_ms, manager_queries = time_dashboard(data["manager"])
        # Page 5 of the whole company (people 101-125 of the cards and the matrix), and a name
        # search as a manager types part of a name: 员工0042 matches ten people.
        page5_ms, page5_queries = time_dashboard(data["hr"], f"/skills/team/?page={PAGE}")
        search_ms, search_queries = time_dashboard(data["hr"], f"/skills/team/?q={SEARCH}")
        if args.profile:
            profile(data["hr"])
            profile(data["hr"], f"/skills/team/?page={PAGE}")
        # The export is built by a task worker (skills.tasks.dashboard_export_build_task): time
        # what the worker does for HR's whole-company matrix.
        from skills.models import DashboardExport
        from skills.services import dashboard_export_build

        export = DashboardExport.objects.create(requested_by=data["hr"], table="matrix")
        start = time.perf_counter()
        export = dashboard_export_build(export_id=export.pk)
        export_s = time.perf_counter() - start
        assert export.status == DashboardExport.Status.READY, export.error
        print(f"staff={args.staff}")
        print(f"competencies={args.competencies}")
        print(f"evidence={data['evidence']}")
        print(f"build_s={build_s:.1f}")
        print(f"dashboard_ms={dashboard_ms:.1f}")
        print(f"queries={queries}")
        print(f"dashboard_cold_ms={cold_ms:.1f}")
        print(f"manager_dashboard_ms={manager_ms:.1f}")
        print(f"manager_queries={manager_queries}")
        print(f"page5_ms={page5_ms:.1f}")
        print(f"page5_queries={page5_queries}")
        print(f"search_ms={search_ms:.1f}")
        print(f"search_queries={search_queries}")
        print(f"export_matrix_s={export_s:.1f}")
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept_database={DB_NAME}")
        else:
            admin_execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
