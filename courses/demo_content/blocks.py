"""Tiny helpers that spell lesson blocks in StreamField's raw JSON form, so the demo content
reads like the lesson it is rather than like nested dictionaries."""

IMAGE = "__image__"  # replaced by the demo builder with the id of a generated Wagtail image


def text(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def case(title: str, situation: str, actions: list[str], lesson: str = "") -> dict:
    return {
        "type": "case_study",
        "value": {"title": title, "situation": situation, "actions": actions, "lesson": lesson},
    }


def key_points(title: str, points: list[str]) -> dict:
    return {"type": "key_points", "value": {"title": title, "points": points}}


def procedure(title: str, steps: list[tuple[str, str]]) -> dict:
    return {
        "type": "procedure",
        "value": {"title": title, "steps": [{"title": step, "detail": detail} for step, detail in steps]},
    }


def checklist(title: str, items: list[str]) -> dict:
    return {"type": "checklist", "value": {"title": title, "items": items}}


def callout(kind: str, html: str) -> dict:
    return {"type": "callout", "value": {"kind": kind, "text": html}}


def image(caption: str) -> dict:
    return {"type": "image", "value": {"image": IMAGE, "caption": caption}}
