"""Lesson blocks as the demo's YAML spells them, turned into StreamField's raw JSON form.

In a data file each block is a one-key mapping, the key naming the block type of the lesson body
(see data/README.md): `paragraph` (HTML, or a list of HTML paragraphs joined as written),
`key_points`, `procedure`, `checklist`, `callout`, `case_study` and `image`."""

from pathlib import Path

from core.demo_data import demo_entry_check, demo_error, demo_list_check

IMAGE = "__image__"  # replaced by the demo builder with the id of a generated Wagtail image

# block type → (required keys, optional keys) of its value
BLOCK_KEYS = {
    "key_points": (("title", "points"), ()),
    "procedure": (("title", "steps"), ()),
    "checklist": (("title", "items"), ()),
    "callout": (("kind", "text"), ()),
    "case_study": (("title", "situation", "actions"), ("lesson",)),
    "image": (("caption",), ()),
}
CALLOUT_KINDS = ("tip", "warning", "law", "note")
LIST_KEYS = {"key_points": "points", "checklist": "items", "case_study": "actions", "procedure": "steps"}


def _paragraph(value, *, path: Path, where: str) -> dict:
    if isinstance(value, list):
        value = "".join(demo_list_check(value=value, path=path, where=where))
    if not isinstance(value, str) or not value.strip():
        raise demo_error(path=path, where=where, problem="must be HTML text or a list of HTML paragraphs")
    return {"type": "paragraph", "value": value}


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
        value = {"image": IMAGE, "caption": value["caption"]}
    return {"type": block_type, "value": value}
