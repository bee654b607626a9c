"""The Wagtail admin as a trainer feels it: opening a lesson, a quiz and a scenario for editing and
saving each as a draft, with 500 pages in the tree. In-process with Django's test client (the
server's whole request, middleware included, without the network or the browser's own work),
against PostgreSQL and Redis with the production settings, in a scratch database this script
creates and drops.

    .venv/bin/python bench/admin.py [--pages 500] [--repeat 5] [--profile lesson|quiz|scenario]
                                    [--profile-save] [--queries lesson|quiz|scenario]

The draft is posted as the editor's form would post it: every field of the edit form with its
current value (StreamField blocks flattened the way Wagtail's block widgets send them). Prints
name=value lines: edit_open_ms and draft_save_ms (the slowest kind's median), per kind the median,
the worst and the query count of each, and pages (in the tree). Set QUIZ_BENCH_TEMPLATE to a
migrated database to copy instead of migrating."""

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quiz_load import PG, ROOT, environment, pg_admin  # noqa: E402 - bench/ is on the path


def block_data(block, value, prefix: str, data: dict) -> None:
    """What Wagtail's block widgets post for `value` of `block` under `prefix`."""
    from django.forms import CheckboxInput
    from wagtail import blocks

    if isinstance(block, blocks.StreamBlock):
        children = list(value or [])
        data[f"{prefix}-count"] = str(len(children))
        for i, child in enumerate(children):
            data[f"{prefix}-{i}-type"] = child.block_type
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            data[f"{prefix}-{i}-id"] = child.id or ""
            block_data(child.block, child.value, f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.ListBlock):
        items = list(value.bound_blocks) if hasattr(value, "bound_blocks") else list(value or [])
        data[f"{prefix}-count"] = str(len(items))
        for i, item in enumerate(items):
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            data[f"{prefix}-{i}-id"] = getattr(item, "id", "") or ""
            block_data(block.child_block, getattr(item, "value", item), f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            block_data(child, (value or {}).get(name), f"{prefix}-{name}", data)
    elif isinstance(block, blocks.FieldBlock):
        form_value = block.value_for_form(value)
        widget = block.field.widget
        if isinstance(widget, CheckboxInput):
            if form_value:
                data[prefix] = "on"
            return
        shown = widget.format_value(form_value)
        if isinstance(shown, list):
            shown = shown[0] if shown else ""
        data[prefix] = "" if shown is None else str(shown)


def form_data(form) -> dict:
    """Every field of a bound-less admin form (and its child formsets) with its current value."""
    from django.forms import CheckboxInput, SelectMultiple
    from wagtail.blocks.base import BlockWidget

    data: dict = {}
    for bound in form:
        widget, value = bound.field.widget, bound.value()
        if isinstance(widget, BlockWidget):
            block_data(widget.block_def, value, bound.html_name, data)
        elif isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(widget, SelectMultiple):
            data[bound.html_name] = [str(v.pk if hasattr(v, "pk") else v) for v in (value or [])]
        else:
            shown = widget.format_value(value)
            if isinstance(shown, list):
                shown = shown[0] if shown else ""
            data[bound.html_name] = "" if shown is None else str(shown)
    for formset in getattr(form, "formsets", {}).values():
        management = formset.management_form
        for bound in management:
            data[bound.html_name] = str(bound.value() if bound.value() is not None else "")
        for child in formset.forms:
            data.update(form_data(child))
    return data


def draft_post(page, user) -> dict:
    """The edit form's POST for saving `page` as a draft, unchanged."""
    page = page.specific
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=page.get_parent())
    return form_data(form)


def tree_build(pages: int) -> dict:
    """Courses of 18 lessons, 4 quizzes and 3 scenarios each until the tree holds `pages` pages;
    lesson bodies and scenarios are the demo's. Returns one page id of each kind and a user."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from courses.demo_content import COURSES
    from courses.models import CatalogPage, CoursePage, HomePage, LessonPage
    from quizzes.models import QuestionCategory
    from quizzes.services.bank import quiz_page_create
    from scenarios.demo.content import scenario_document_load
    from scenarios.services import scenario_import

    sys.path.insert(0, str(ROOT / "bench"))
    from quiz_load import bank_questions_create

    user = get_user_model().objects.create_superuser("bench-trainer", password=None)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="学院", slug="bench-home"))
    catalog = home.add_child(instance=CatalogPage(title="目录", slug="bench-courses"))
    category = QuestionCategory.objects.create(name="压测题库")
    bank_questions_create(category, 40)
    bodies = [lesson["body"] for spec in COURSES for lesson in spec["lessons"]]
    documents = sorted((ROOT / "scenarios" / "demo" / "data").glob("*.yaml"))
    ids: dict[str, int] = {}
    n = 0
    while Page.objects.count() < pages:
        course = CoursePage(title=f"压测课程{n}", slug=f"bench-course-{n}", subject_area="law")
        catalog.add_child(instance=course)
        for i in range(18):
            body = [b for b in bodies[(n + i) % len(bodies)] if b.get("type") != "image"]
            lesson = LessonPage(title=f"课{n}-{i}", slug=f"lesson-{i}", estimated_minutes=10, body=body)
            course.add_child(instance=lesson)
            lesson.save_revision().publish()
            ids.setdefault("lesson", lesson.pk)
        for i in range(4):
            quiz = quiz_page_create(
                course=course, title=f"测验{n}-{i}", slug=f"quiz-{i}", draws=[(category, 10)], pass_mark=60
            )
            quiz.save_revision().publish()
            ids.setdefault("quiz", quiz.pk)
        for i in range(3):
            _slug, document = scenario_document_load(path=documents[(n + i) % len(documents)])
            page = scenario_import(data={**document, "slug": f"scenario-{i}"}, user=user, parent=course)
            page.get_latest_revision().publish(user=user)
            ids.setdefault("scenario", page.pk)
        n += 1
    return {"ids": ids, "user": user, "pages": Page.objects.count()}


def measure(world: dict, repeat: int, profile: str, profile_save: bool, show_queries: str = "") -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    client = Client()
    client.force_login(world["user"])
    client.get("/admin/")  # the first request of a process imports the admin
    out: dict = {}
    for kind, page_id in world["ids"].items():
        url = f"/admin/pages/{page_id}/edit/"
        opens, saves = [], []
        for i in range(repeat + 1):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                ms = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (kind, response.status_code)
            if i:  # the first of each kind warms its imports and caches
                opens.append(ms)
            open_queries = len(queries)
            if kind == show_queries and i == repeat:
                for query in queries.captured_queries:
                    print(f"-- open {kind}: {query['sql'][:300]}", file=sys.stderr)
            data = draft_post(Page.objects.get(pk=page_id), world["user"])
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.post(url, data)
                ms = (time.perf_counter() - started) * 1000
            if response.status_code != 302:
                form = response.context and response.context.get("form")
                errors = form.errors if form is not None else response.status_code
                raise SystemExit(f"{kind}: the draft was not saved: {errors}")
            if i:
                saves.append(ms)
            save_queries = len(queries)
            if kind == show_queries and i == repeat:
                for query in queries.captured_queries:
                    print(f"-- save {kind}: {query['sql'][:300]}", file=sys.stderr)
        out[kind] = {
            "open_ms": statistics.median(opens),
            "open_max_ms": max(opens),
            "open_queries": open_queries,
            "save_ms": statistics.median(saves),
            "save_max_ms": max(saves),
            "save_queries": save_queries,
        }
        if kind == profile:
            profiler = cProfile.Profile()
            if profile_save:
                data = draft_post(Page.objects.get(pk=page_id), world["user"])
                profiler.runcall(client.post, url, data)
            else:
                profiler.runcall(client.get, url)
            stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
            stats.print_stats(45)
            stats.print_stats(r"/(courses|quizzes|scenarios|core|lms)/", 30)  # the project's own share
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", default="", help="print a cProfile of opening (or saving) this kind")
    parser.add_argument("--profile-save", action="store_true")
    parser.add_argument("--queries", default="", help="print the SQL of opening and saving this kind")
    args = parser.parse_args()

    db_name = f"adminbench_{os.getpid()}"
    env = environment(db_name, quiz_only=False)
    env["DJANGO_ALLOWED_HOSTS"] += ",testserver"  # the test client's host
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    started = time.monotonic()
    template = os.environ.get("QUIZ_BENCH_TEMPLATE")
    pg_admin(f'CREATE DATABASE "{db_name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=900
        )
        world = tree_build(args.pages)
        figures = measure(world, args.repeat, args.profile, args.profile_save, args.queries)
        print(f"pages={world['pages']}")
        print(f"edit_open_ms={max(f['open_ms'] for f in figures.values()):.0f}")
        print(f"draft_save_ms={max(f['save_ms'] for f in figures.values()):.0f}")
        for kind, f in figures.items():
            for key, value in f.items():
                print(f"{kind}_{key}={value:.0f}")
        print(f"loadavg_1m={os.getloadavg()[0]:.1f}")
        print("measured=in-process test client, PostgreSQL and Redis on loopback, production settings")
        return 0
    finally:
        from django.db import connections

        connections.close_all()
        pg_admin(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        print(f"total_seconds={time.monotonic() - started:.1f}")


if __name__ == "__main__":
    assert PG
    sys.exit(main())
