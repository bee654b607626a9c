"""Twelve demo scenarios, written for this platform from the domain notes. For the onboarding
courses: the LEARN complaint about a failing lift, the over-pruned hedges, a year of unpaid fees, a
fire in a flat (timed), an open window on the 2 a.m. patrol, and a check on an elderly resident
living alone. For the post courses: a lift entrapment (timed, 工程), an owner who wants the CCTV
footage copied (秩序/安保), bleach poured after toilet cleaner (timed, 保洁), spraying the roses
(绿化), a load-bearing wall coming down (客服) and a lift motor paid from the maintenance fund
(项目经理).

Each lives in data/<slug>.yaml in the import format (docs/scenario-schema.md) with its defaults
left out, plus the slug of the course it belongs to. This loader checks the keys, fills in the
defaults and gives scenarios/demo/__init__.py SCENARIOS: (course slug, import document) pairs
in the order they are built. The import itself checks the graph, as for any trainer's file."""

from pathlib import Path

from core.demo_data import demo_entry_check, demo_error, demo_file_load, demo_list_check

DATA_DIR = Path(__file__).resolve().parent / "data"
SCENARIO_SLUGS = (
    "lift-fault-complaint",
    "over-pruned-hedges",
    "unpaid-fees",
    "fire-in-a-flat",
    "night-patrol-open-window",
    "elderly-resident-check",
    "lift-entrapment-drill",
    "cctv-footage-request",
    "chemical-fumes-drill",
    "pesticide-notice",
    "renovation-wall",
    "lift-fund-emergency",
)

DOCUMENT_REQUIRED = ("course", "slug", "title", "intro", "estimated_minutes", "competencies", "nodes")
DOCUMENT_OPTIONAL = ("allow_back", "pass_total")
NODE_REQUIRED = ("key", "kind", "text", "choices")
NODE_OPTIONAL = ("speaker", "time_limit", "timeout_target", "routes")
END_REQUIRED = ("key", "kind", "outcome", "text", "debrief")
CHOICE_REQUIRED = ("key", "text", "target")
CHOICE_OPTIONAL = ("feedback", "condition", "scores", "set_flags")


def _choice(entry, *, path: Path, where: str) -> dict:
    choice = demo_entry_check(entry=entry, path=path, where=where, required=CHOICE_REQUIRED, optional=CHOICE_OPTIONAL)
    return {
        "key": choice["key"],
        "text": choice["text"],
        "target": choice["target"],
        "feedback": choice.get("feedback", ""),
        "condition": choice.get("condition", ""),
        "scores": dict(choice.get("scores") or {}),
        "set_flags": list(choice.get("set_flags") or []),
    }


def _node(entry, *, path: Path, index: int) -> dict:
    where = f"nodes[{index}]"
    if isinstance(entry, dict) and "key" in entry:
        where += f" “{entry['key']}”"
    if isinstance(entry, dict) and entry.get("kind") == "end":
        return dict(demo_entry_check(entry=entry, path=path, where=where, required=END_REQUIRED))
    node = demo_entry_check(entry=entry, path=path, where=where, required=NODE_REQUIRED, optional=NODE_OPTIONAL)
    choices = demo_list_check(value=node["choices"], path=path, where=f"{where} choices")
    routes = demo_list_check(value=node.get("routes", []), path=path, where=f"{where} routes", allow_empty=True)
    return {
        "key": node["key"],
        "kind": node["kind"],
        "speaker": node.get("speaker", ""),
        "text": node["text"],
        "time_limit": node.get("time_limit"),
        "timeout_target": node.get("timeout_target", ""),
        "routes": [
            demo_entry_check(entry=route, path=path, where=f"{where} routes[{i}]", required=("condition", "target"))
            for i, route in enumerate(routes)
        ],
        "choices": [_choice(c, path=path, where=f"{where} choices[{i}]") for i, c in enumerate(choices)],
    }


def scenario_document_load(*, path: Path) -> tuple[str, dict]:
    """One scenario file as (course slug, import document)."""
    data = demo_entry_check(
        entry=demo_file_load(path=path),
        path=path,
        where="the scenario",
        required=DOCUMENT_REQUIRED,
        optional=DOCUMENT_OPTIONAL,
    )
    if data["slug"] != path.stem:
        raise demo_error(path=path, where="slug", problem=f"“{data['slug']}” must match the file name")
    competencies = demo_list_check(value=data["competencies"], path=path, where="competencies")
    nodes = demo_list_check(value=data["nodes"], path=path, where="nodes")
    document = {
        "format": "psa-scenario",
        "version": 1,
        "title": data["title"],
        "slug": data["slug"],
        "intro": data["intro"],
        "estimated_minutes": data["estimated_minutes"],
        "is_required": True,
        "allow_back": data.get("allow_back", False),
        "pass_total": data.get("pass_total"),
        "competencies": [
            {
                **demo_entry_check(
                    entry=item,
                    path=path,
                    where=f"competencies[{i}]",
                    required=("code", "name"),
                    optional=("pass_score",),
                ),
                "pass_score": item.get("pass_score"),
            }
            for i, item in enumerate(competencies)
        ],
        "nodes": [_node(entry, path=path, index=i) for i, entry in enumerate(nodes)],
    }
    return data["course"], document


SCENARIOS = [scenario_document_load(path=DATA_DIR / f"{slug}.yaml") for slug in SCENARIO_SLUGS]
LIFT = SCENARIOS[0][1]  # the lift complaint, which bench/scenario_engine.py measures
