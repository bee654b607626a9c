"""Benchmark of the scenario engine and one play step.

    .venv/bin/python bench/scenario_engine.py

Prints name=value lines:
- validate_500_nodes_ms: engine.validate on a 500-node graph (≈1,500 edges, loops, conditions,
  timed nodes), median of 20 runs. Target ≤ 50.
- score_bounds_500_nodes_ms: min/max per competency on the same graph, median of 20.
- play_step_ms: server time of one choice (services.scenario_run_choose: row lock, timeout check,
  engine step, transcript row, run save) on the 500-node scenario in a SQLite database, median
  of 100 choices. Target ≤ 20.
- play_step_small_ms: the same on the demo lift-complaint scenario (12 nodes), median of 100.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMPETENCIES = ["listen", "empathize", "act", "respond", "notify", "safety"]


def big_graph(n: int = 500, seed: int = 7) -> dict:
    """A chain of n nodes (each with an unconditional "forward" choice), two more choices per node
    to random nodes (loops included), some conditional, every 10th node timed, ten end nodes."""
    rng = random.Random(seed)
    keys = [f"n{i}" for i in range(n)]
    ends = [f"end{i}" for i in range(10)]
    nodes = []
    for i, key in enumerate(keys):
        nxt = keys[i + 1] if i + 1 < n else ends[0]
        choices = [
            {
                "key": "forward",
                "text": "继续",
                "target": nxt,
                "scores": {rng.choice(COMPETENCIES): rng.randint(-2, 3)},
                "set_flags": ["seen"] if i == 3 else [],
            }
        ]
        for j in range(2):
            choices.append(
                {
                    "key": f"x{j}",
                    "text": "其他",
                    "target": rng.choice(keys + ends),
                    "condition": rng.choice(["", "listen >= 1", "flag:seen and total > 2", "not flag:seen"]),
                    "scores": {rng.choice(COMPETENCIES): rng.randint(-2, 2)},
                }
            )
        node = {"key": key, "kind": "dialogue", "speaker": "业主", "text": f"第{i}句", "choices": choices}
        if i % 10 == 5:
            node["time_limit"] = 60
            node["timeout_target"] = rng.choice(ends)
        nodes.append(node)
    for k in ends:
        nodes.append({"key": k, "kind": "end", "text": k, "outcome": rng.choice(["success", "partial", "fail"])})
    return {
        "format": "psa-scenario",
        "version": 1,
        "title": "基准测试情景",
        "slug": "bench-500",
        "competencies": [{"code": c, "name": c} for c in COMPETENCIES],
        "nodes": nodes,
    }


def median_ms(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def bench_engine() -> dict:
    from scenarios import engine

    graph = engine.graph_from_dict(big_graph())
    assert engine.validate(graph) == []
    return {
        "validate_500_nodes_ms": median_ms(lambda: engine.validate(graph), 20),
        "score_bounds_500_nodes_ms": median_ms(lambda: engine.score_bounds(graph), 20),
    }


def bench_play() -> dict:
    tmp = tempfile.mkdtemp(prefix="scenario-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from wagtail.models import Page

    from courses.models import CatalogPage, CoursePage, HomePage
    from scenarios.demo.content import LIFT
    from scenarios.services import scenario_import, scenario_run_choose, scenario_run_start

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="bench-home"))
    catalog = home.add_child(instance=CatalogPage(title="目录", slug="bench-catalog"))
    course = catalog.add_child(instance=CoursePage(title="课程", slug="bench-course", subject_area="complaints"))
    user = get_user_model().objects.create_user("bench", password="x")  # noqa: S106

    def measure(document: dict, path_for) -> float:
        page = scenario_import(data=document, user=None, parent=course)
        page.get_latest_revision().publish()
        page = page.__class__.objects.get(pk=page.pk)
        samples = []
        while len(samples) < 100:
            run = scenario_run_start(user=user, page=page, restart=True)
            for key in path_for(run):
                if run.status != "active":
                    break
                start = time.perf_counter()
                run = scenario_run_choose(run=run, choice_key=key).run
                samples.append((time.perf_counter() - start) * 1000)
        return statistics.median(samples)

    big = measure(big_graph(), lambda run: ["forward"] * 60)
    small = measure(LIFT, lambda run: ["listen", "empathy", "urgent", "update", "follow_up"])
    return {"play_step_ms": big, "play_step_small_ms": small}


if __name__ == "__main__":
    results = {**bench_engine(), **bench_play()}
    for name, value in results.items():
        print(f"{name}={value:.2f}")
