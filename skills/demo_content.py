"""The demo's skill framework, read from demo_data/*.yaml and checked before skills/demo.py builds
anything: framework.yaml (areas and competencies), ladders.yaml (each post's level criteria) and
rubrics.yaml (practical and observation rubrics). The demo staff's records are their history
(lms/demo_data/history.yaml)."""

from pathlib import Path

from core.demo_data import demo_entry_check, demo_error, demo_file_load, demo_list_check
from skills.models import CriterionKind

DATA_DIR = Path(__file__).resolve().parent / "demo_data"

CRITERION_KEYS = ("course", "competency", "threshold", "months", "scenario")
LEVELS = (1, 2, 3, 4)


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


FRAMEWORK = framework_load()
LADDERS = ladders_load()
RUBRICS = rubrics_load()
