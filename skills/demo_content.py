"""The demo's skill framework and staff records, read from demo_data/*.yaml and checked before
skills/demo.py builds anything: framework.yaml (areas and competencies), ladders.yaml (each post's
level criteria), rubrics.yaml (practical and observation rubrics) and records.yaml (the demo
staff's earlier levels, completions, follow-ups, scenario results, assessments, reactions, goals)."""

from pathlib import Path

from core.demo_data import demo_entry_check, demo_error, demo_file_load, demo_list_check
from skills.models import CriterionKind, FigureMetric

DATA_DIR = Path(__file__).resolve().parent / "demo_data"

CRITERION_KEYS = ("course", "competency", "threshold", "months", "scenario")
LEVELS = (1, 2, 3, 4)
STAFF_KEYS = ("level", "completed", "evidence", "assessments", "reactions", "goals")


def _criteria(value, *, path: Path, where: str) -> list[dict]:
    criteria = demo_list_check(value=value, path=path, where=where)
    for i, criterion in enumerate(criteria):
        demo_entry_check(entry=criterion, path=path, where=f"{where}[{i}]", required=("kind",), optional=CRITERION_KEYS)
        if criterion["kind"] not in CriterionKind.values:
            known = ", ".join(CriterionKind.values)
            raise demo_error(path=path, where=f"{where}[{i}] kind", problem=f"must be one of {known}")
    return criteria


def framework_load(*, path: Path = DATA_DIR / "framework.yaml") -> list[dict]:
    """Competency areas in display order, each with its competencies."""
    data = demo_entry_check(entry=demo_file_load(path=path), path=path, where="the file", required=("areas",))
    areas = demo_list_check(value=data["areas"], path=path, where="areas")
    for i, area in enumerate(areas):
        where = f"areas[{i}]"
        demo_entry_check(entry=area, path=path, where=where, required=("code", "name", "competencies"))
        for j, competency in enumerate(demo_list_check(value=area["competencies"], path=path, where=where)):
            required = ("code", "name", "description")
            demo_entry_check(entry=competency, path=path, where=f"{where} competencies[{j}]", required=required)
    return areas


def ladders_load(*, path: Path = DATA_DIR / "ladders.yaml") -> dict:
    """`ladders`: post code → {competencies, levels: level → criteria}; `upper_levels`: criteria
    every post's levels 3 and 4 add to their own. Every post climbs all four levels (初级 to 专家),
    so a ladder missing a level is refused."""
    data = demo_entry_check(
        entry=demo_file_load(path=path), path=path, where="the file", required=("upper_levels", "ladders")
    )
    for level, criteria in data["upper_levels"].items():
        _criteria(criteria, path=path, where=f"upper_levels {level}")
    for post, ladder in data["ladders"].items():
        where = f"ladders {post}"
        demo_entry_check(entry=ladder, path=path, where=where, required=("competencies", "levels"))
        demo_list_check(value=ladder["competencies"], path=path, where=f"{where} competencies")
        for level, criteria in ladder["levels"].items():
            _criteria(criteria, path=path, where=f"{where} levels {level}")
        missing = [level for level in LEVELS if not ladder_criteria(data, post=post, level=level)]
        if missing or set(ladder["levels"]) - set(LEVELS):
            raise demo_error(path=path, where=f"{where} levels", problem=f"must give criteria for each level {LEVELS}")
    return data


def ladder_criteria(ladders: dict, *, post: str, level: int) -> list[dict]:
    """A post's criteria for one level: its own, then those every post shares at that level."""
    own = ladders["ladders"][post]["levels"].get(level) or []
    return [*own, *(ladders["upper_levels"].get(level) or [])]


def rubrics_load(*, path: Path = DATA_DIR / "rubrics.yaml") -> dict:
    """`rubrics` (name, kind, competency, criteria of text and max_score) and their pass_percent."""
    data = demo_entry_check(
        entry=demo_file_load(path=path), path=path, where="the file", required=("pass_percent", "rubrics")
    )
    for i, rubric in enumerate(demo_list_check(value=data["rubrics"], path=path, where="rubrics")):
        where = f"rubrics[{i}]"
        demo_entry_check(entry=rubric, path=path, where=where, required=("name", "kind", "competency", "criteria"))
        for j, criterion in enumerate(demo_list_check(value=rubric["criteria"], path=path, where=f"{where} criteria")):
            demo_entry_check(entry=criterion, path=path, where=f"{where} criteria[{j}]", required=("text", "max_score"))
    return data


def _records_check(person: dict, *, path: Path, where: str) -> None:
    def entries(key: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        for i, entry in enumerate(
            demo_list_check(value=person.get(key, []), path=path, where=f"{where} {key}", allow_empty=True)
        ):
            demo_entry_check(entry=entry, path=path, where=f"{where} {key}[{i}]", required=required, optional=optional)

    if "level" in person:
        demo_entry_check(entry=person["level"], path=path, where=f"{where} level", required=("level", "approver"))
    entries("completed", ("course", "days_ago"), ("follow_up",))
    for i, completion in enumerate(person.get("completed", [])):
        if "follow_up" in completion:
            at = f"{where} completed[{i}] follow_up"
            follow_up = demo_entry_check(
                entry=completion["follow_up"],
                path=path,
                where=at,
                required=("months", "evaluator", "rating", "figures"),
            )
            unknown = sorted(set(follow_up["figures"]) - set(FigureMetric.values))
            if unknown:
                raise demo_error(path=path, where=f"{at} figures", problem=f"has unknown metrics {unknown}")
    entries("evidence", ("competency", "score", "days_ago", "title"))
    entries("assessments", ("rubric", "assessor", "scores", "notes"))
    entries("reactions", ("course", "rating", "usefulness", "comment"))
    entries("goals", ("horizon", "text", "target_level"))


def records_load(*, path: Path = DATA_DIR / "records.yaml") -> dict:
    """`staff`: one entry per demo employee (see the file's header) and the `defaults` shared by
    their records (the note on earlier levels, the follow-up notes and owner satisfaction)."""
    data = demo_entry_check(
        entry=demo_file_load(path=path), path=path, where="the file", required=("defaults", "staff")
    )
    demo_entry_check(
        entry=data["defaults"],
        path=path,
        where="defaults",
        required=("level_note", "follow_up_notes", "owner_satisfaction"),
    )
    for i, person in enumerate(demo_list_check(value=data["staff"], path=path, where="staff")):
        where = f"staff[{i}]"
        if isinstance(person, dict) and "employee" in person:
            where += f" {person['employee']}"
        demo_entry_check(entry=person, path=path, where=where, required=("employee",), optional=STAFF_KEYS)
        _records_check(person, path=path, where=where)
    return data


FRAMEWORK = framework_load()
LADDERS = ladders_load()
RUBRICS = rubrics_load()
RECORDS = records_load()
