"""Lesson blocks as the demo's YAML spells them, turned into StreamField's raw JSON form.

In a data file each block is a one-key mapping, the key naming the block type of the lesson body
(see data/README.md): `paragraph` (HTML, or a list of HTML paragraphs joined as written),
`key_points`, `procedure`, `checklist`, `callout`, `case_study` and `image`.

An `image` block shows the generated badge picture, or with `diagram: <name>` one of the diagrams
drawn for the platform (static/img/diagrams/<name>.svg); the demo builder puts the Wagtail image's
id in place of the placeholder."""

import re
from pathlib import Path

from core.demo_data import demo_entry_check, demo_error, demo_list_check

IMAGE = "__image__"  # replaced by the demo builder with the id of a generated Wagtail image
DIAGRAM = "__diagram__:"  # + the diagram's name: replaced with the id of that diagram's Wagtail image
DIAGRAM_DIR = Path(__file__).resolve().parents[2] / "static" / "img" / "diagrams"
DIAGRAM_NAME = re.compile(r"^[a-z0-9-]+$")

# block type → (required keys, optional keys) of its value
BLOCK_KEYS = {
    "key_points": (("title", "points"), ()),
    "procedure": (("title", "steps"), ()),
    "checklist": (("title", "items"), ()),
    "callout": (("kind", "text"), ()),
    "case_study": (("title", "situation", "actions"), ("lesson",)),
    "image": (("caption",), ("diagram",)),
}
CALLOUT_KINDS = ("tip", "warning", "law", "note")
LIST_KEYS = {"key_points": "points", "checklist": "items", "case_study": "actions", "procedure": "steps"}


def _paragraph(value, *, path: Path, where: str) -> dict:
    if isinstance(value, list):
        value = "".join(demo_list_check(value=value, path=path, where=where))
    if not isinstance(value, str) or not value.strip():
        raise demo_error(path=path, where=where, problem="must be HTML text or a list of HTML paragraphs")
    return {"type": "paragraph", "value": value}


def diagram_path(name: str) -> Path:
    return DIAGRAM_DIR / f"{name}.svg"


def _image_placeholder(value: dict, *, path: Path, where: str) -> str:
    if "diagram" not in value:
        return IMAGE
    name = value["diagram"]
    if not isinstance(name, str) or not DIAGRAM_NAME.match(name) or not diagram_path(name).is_file():
        raise demo_error(path=path, where=f"{where} diagram", problem=f"names no file static/img/diagrams/{name}.svg")
    return f"{DIAGRAM}{name}"


def lesson_block_from_data(entry, *, path: Path, where: str) -> dict:
    """One lesson block in raw StreamField form; the entry is checked first."""
    if not isinstance(entry, dict) or len(entry) != 1:
        raise demo_error(path=path, where=where, problem="must be a mapping with exactly one block type as its key")
    ((block_type, value),) = entry.items()
    where = f"{where} ({block_type})"
    if block_type == "paragraph":
        return _paragraph(value, path=path, where=where)
    if block_type not in BLOCK_KEYS:
        known = ", ".join(("paragraph", *BLOCK_KEYS))
        raise demo_error(path=path, where=where, problem=f"is not a known block type (known: {known})")
    required, optional = BLOCK_KEYS[block_type]
    value = dict(demo_entry_check(entry=value, path=path, where=where, required=required, optional=optional))
    if block_type in LIST_KEYS:
        key = LIST_KEYS[block_type]
        demo_list_check(value=value[key], path=path, where=f"{where} {key}")
    if block_type == "procedure":
        value["steps"] = [
            demo_entry_check(entry=step, path=path, where=f"{where} steps[{i}]", required=("title", "detail"))
            for i, step in enumerate(value["steps"])
        ]
    elif block_type == "callout" and value["kind"] not in CALLOUT_KINDS:
        raise demo_error(path=path, where=f"{where} kind", problem=f"must be one of {', '.join(CALLOUT_KINDS)}")
    elif block_type == "case_study":
        value.setdefault("lesson", "")
        value = {key: value[key] for key in ("title", "situation", "actions", "lesson")}
    elif block_type == "image":
        value = {"image": _image_placeholder(value, path=path, where=where), "caption": value["caption"]}
    return {"type": block_type, "value": value}
