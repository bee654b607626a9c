"""CPU per request, by kind: the requests of bench/load.py's mix, each repeated in-process with
the production settings (PostgreSQL, Redis cache, cached_db sessions) and timed in CPU time, so
the figure is what one request costs a web process, whatever else the machine runs.

    .venv/bin/python bench/request_cpu.py                 # every kind, 60 requests each
    .venv/bin/python bench/request_cpu.py --profile "lesson page"   # plus a cProfile of one kind
    .venv/bin/python bench/request_cpu.py --queries "my skills"     # plus the SQL of one kind
    BENCH_PROFILE_DUMP=/tmp/p.out .venv/bin/python bench/request_cpu.py --profile "quiz paper"  # and save it

Builds a scratch PostgreSQL database (bench_cpu_<pid>, dropped at the end) with the same set-up
as bench/load.py (demo, 20 trainees, 2 managers, a practice quiz). Needs PostgreSQL at
127.0.0.1:5432 and Redis at 127.0.0.1:6379. Prints name=value lines: cpu_ms_<kind>= (median
CPU time of one request), queries_<kind>=, and cpu_ms_mix= (the kinds weighted as in load.py)."""

import argparse
import cProfile
import gc
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402 — the load bench's set-up, reused

# Share of each kind in load.py's trainee mix (quiz and scenario steps split over their requests);
# managers are 20 of 320 people.
MIX = {
    "my learning": 0.10,
    "course page": 0.10,
    "lesson page": 0.14,
    "lesson done (POST)": 0.08,
    "quiz answer save (POST)": 0.22,
    "quiz start (POST)": 0.02,
    "quiz fresh start (POST)": 0.0,  # a new attempt drawn (the 9 o'clock exam's start); not in load.py's mix
    "quiz paper": 0.02,
    "quiz submit (POST)": 0.02,
    "scenario choice (POST)": 0.06,
    "scenario player": 0.08,
    "learning api": 0.04,
    "my skills": 0.04,
    "my quiz results": 0.04,
    "manager staff list": 0.4 / 16,
    "manager skills dashboard": 0.4 / 16,
    "manager team api": 0.2 / 16,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=60, help="requests per kind")
    parser.add_argument("--profile", default="", help="print a cProfile of this kind")
    parser.add_argument("--queries", default="", help="print the SQL of this kind")
    parser.add_argument("--only", default="", help="measure only these kinds (comma-separated)")
    args = parser.parse_args()

    db = f"bench_cpu_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="bench_cpu_"))
    env = load.scratch_env(db, work, DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1")
    load.psql(f'CREATE DATABASE "{db}"')
    try:
        data = load.scratch_data_build(env, work, users=20, managers=2)
        os.environ.update(env)
        sys.path.insert(0, str(load.ROOT))
        measure(data, args)
    finally:
        from django.db import connections

        connections.close_all()
        load.psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    return 0


def measure(data: dict, args) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from quiz_load import answer_pick, paper_read

    trainee, manager = Client(), Client()
    trainee.cookies["sessionid"] = data["trainees"][0]["session"]
    manager.cookies["sessionid"] = data["managers"][0]["session"]
    lesson, scenario = data["lessons"][0], data["scenarios"][0]
    state: dict = {}

    def quiz_start():
        response = trainee.post(f"/quizzes/{data['quiz_id']}/start/", {"confirmed": "1"})
        state["paper"] = response["Location"]
        return response

    def quiz_paper():
        response = trainee.get(state["paper"])
        state["plan"], state["options"] = paper_read(response.content.decode())
        state["attempt"] = state["paper"].rstrip("/").split("/")[-1]
        state["versions"] = {}
        return response

    def answer_save():
        qid, kind = state["plan"][len(state["versions"]) % len(state["plan"])]
        payload = {
            "question": qid,
            "response": answer_pick(kind, state["options"].get(qid, []), random),
            "version": state["versions"].get(qid, 0),
        }
        response = trainee.post(
            f"/quizzes/attempts/{state['attempt']}/answer/", payload, content_type="application/json"
        )
        state["versions"][qid] = response.json()["version"]
        return response

    def quiz_submit():
        return trainee.post(f"/quizzes/attempts/{state['attempt']}/submit/", {}, content_type="application/json")

    def scenario_player():
        response = trainee.post(f"/scenarios/{scenario['id']}/start/", {"restart": "1"})
        state["player"] = response["Location"]
        page = trainee.get(state["player"])
        state["choices"] = load.CHOICE.findall(page.content.decode())
        return page

    def scenario_choice():
        run_id, key = state["choices"][0]
        state["choices"] = []
        return trainee.post(f"/scenarios/runs/{run_id}/choose/", {"choice": key})

    kinds = {
        "my learning": lambda: trainee.get("/learning/"),
        "course page": lambda: trainee.get(data["courses"][0]),
        "lesson page": lambda: trainee.get(lesson["url"]),
        "lesson done (POST)": lambda: trainee.post(f"/learning/lessons/{lesson['id']}/done/"),
        "quiz start (POST)": quiz_start,
        "quiz fresh start (POST)": quiz_start,
        "quiz paper": quiz_paper,
        "quiz answer save (POST)": answer_save,
        "quiz submit (POST)": quiz_submit,
        "scenario player": lambda: trainee.get(state["player"]) if "player" in state else scenario_player(),
        "scenario choice (POST)": scenario_choice,
        "learning api": lambda: trainee.get("/api/v1/learning/me"),
        "my skills": lambda: trainee.get("/skills/"),
        "my quiz results": lambda: trainee.get("/quizzes/mine/"),
        "manager staff list": lambda: manager.get("/people/"),
        "manager skills dashboard": lambda: manager.get("/skills/team/"),
        "manager team api": lambda: manager.get("/api/v1/people/team"),
    }

    # What a request needs beforehand, not counted: a fresh attempt to hand in, a step to choose at.
    def hand_in_open():
        if "paper" in state:
            trainee.post(f"{state.pop('paper')}submit/", {}, content_type="application/json")

    prepare = {
        "quiz fresh start (POST)": hand_in_open,
        "quiz submit (POST)": lambda: (quiz_start(), quiz_paper()),
        "scenario choice (POST)": lambda: None if state.get("choices") else scenario_player(),
        "quiz paper": lambda: None if "paper" in state else quiz_start(),
        "quiz answer save (POST)": lambda: None if "plan" in state else (quiz_start(), quiz_paper()),
    }
    only = {kind.strip() for kind in args.only.split(",") if kind.strip()}
    mix = mix_mean = 0.0
    if os.environ.get("BENCH_GC_FREEZE") == "1":  # as lms.warmup does in a web process
        gc.collect()
        gc.freeze()
    gc.callbacks.append(_gc_timer)
    gc_before = _gc_totals()
    cpu_before = time.process_time()
    for name, call in kinds.items():
        if only and name not in only:
            continue
        ready = prepare.get(name, lambda: None)
        for _ in range(3):  # warm: caches, templates, the first attempt
            ready()
            response = call()
            assert response.status_code in (200, 302), (name, response.status_code)
        samples = []
        for _ in range(args.requests):
            ready()
            started = time.process_time()
            call()
            samples.append((time.process_time() - started) * 1000)
        ready()
        with CaptureQueriesContext(connection) as ctx:
            call()
        key = name.replace(" (POST)", "_post").replace(" ", "_")
        median = statistics.median(samples)
        mix += MIX[name] * median
        mix_mean += MIX[name] * statistics.fmean(samples)
        print(f"cpu_ms_{key}={median:.1f} queries_{key}={len(ctx)}", flush=True)
        if name == args.queries:
            for query in ctx.captured_queries:
                print("   ", query["sql"][:300])
        if name == args.profile:
            profiler = cProfile.Profile(time.process_time)  # CPU time, as measured above
            for _ in range(args.requests):
                ready()
                profiler.enable()
                call()
                profiler.disable()
            if os.environ.get("BENCH_PROFILE_DUMP"):
                profiler.dump_stats(os.environ["BENCH_PROFILE_DUMP"])
            pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(
                int(os.environ.get("BENCH_LINES", "45"))
            )
    # The median leaves out the rare request that pays for a full garbage collection; the mean and
    # the collector's own share of the CPU show it.
    gc_runs, gc_ms = (after - before for after, before in zip(_gc_totals(), gc_before, strict=True))
    print(f"gc_collections={gc_runs:.0f}")
    print(f"gc_cpu_pct={100 * gc_ms / 1000 / max(1e-9, time.process_time() - cpu_before):.1f}")
    if not only:
        print(f"cpu_ms_mix={mix / sum(MIX.values()):.1f}")
        print(f"cpu_ms_mix_mean={mix_mean / sum(MIX.values()):.1f}")


_GC = {"runs": 0, "ms": 0.0, "started": 0.0}


def _gc_timer(phase: str, info: dict) -> None:
    if phase == "start":
        _GC["started"] = time.process_time()
    else:
        _GC["runs"] += 1
        _GC["ms"] += (time.process_time() - _GC["started"]) * 1000


def _gc_totals() -> tuple[float, float]:
    return _GC["runs"], _GC["ms"]


if __name__ == "__main__":
    sys.exit(main())
