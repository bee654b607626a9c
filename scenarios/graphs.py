"""Between a ScenarioPage's StreamFields and the engine's dict/graph form.

Reads the fields' raw JSON, so turning a page into a graph needs no query (image and audio stay
ids). The same dict form is the body of the JSON export (docs/scenario-schema.md)."""

import hashlib
import json
import uuid
from typing import Any

from scenarios.engine import Graph, graph_from_dict


def _items(list_value: Any) -> list[dict]:
    """A ListBlock's raw value: new-style [{"type": "item", "id": _uid(), "value": …}] or a plain list."""
    out = []
    for item in list_value or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            out.append(item["value"])
        else:
            out.append(item)
    return out


def _flags(text: str) -> list[str]:
    return [f.strip() for f in (text or "").replace("，", ",").split(",") if f.strip()]


def stream_graph_dict(
    *, competencies_raw: list, nodes_raw: list, allow_back: bool, pass_total: int | None
) -> dict[str, Any]:
    nodes = []
    for block in nodes_raw or []:
        if block.get("type") != "node":
            continue
        v = block.get("value") or {}
        choices = []
        for i, c in enumerate(_items(v.get("choices"))):
            scores: dict[str, int] = {}
            for s in _items(c.get("scores")):
                if s.get("competency") and s.get("points") not in (None, ""):
                    code = s["competency"].strip()
                    scores[code] = scores.get(code, 0) + int(s["points"])
            choices.append(
                {
                    "key": (c.get("key") or "").strip() or f"c{i + 1}",
                    "text": c.get("text") or "",
                    "target": (c.get("target") or "").strip(),
                    "feedback": c.get("feedback") or "",
                    "condition": (c.get("condition") or "").strip(),
                    "scores": scores,
                    "set_flags": _flags(c.get("set_flags")),
                }
            )
        nodes.append(
            {
                "key": (v.get("key") or "").strip(),
                "kind": v.get("kind") or "situation",
                "speaker": v.get("speaker") or "",
                "text": v.get("text") or "",
                "image": v.get("image") or None,
                "audio": v.get("audio") or None,
                "outcome": v.get("outcome") or "",
                "debrief": v.get("debrief") or "",
                "time_limit": v.get("time_limit") if v.get("time_limit") not in ("", None) else None,
                "timeout_target": (v.get("timeout_target") or "").strip(),
                "routes": [
                    {"condition": (r.get("condition") or "").strip(), "target": (r.get("target") or "").strip()}
                    for r in _items(v.get("routes"))
                ],
                "choices": choices,
            }
        )
    comps = [
        {
            "code": (b["value"].get("code") or "").strip(),
            "name": b["value"].get("name") or "",
            "pass_score": b["value"].get("pass_score") if b["value"].get("pass_score") not in ("", None) else None,
        }
        for b in competencies_raw or []
        if b.get("type") == "competency"
    ]
    return {"allow_back": bool(allow_back), "pass_total": pass_total, "competencies": comps, "nodes": nodes}


def _prep(stream) -> list:
    """The stream's JSON form, including edits made to its blocks in memory (raw_data alone
    would miss them); unconverted children are passed through without a round trip."""
    if not stream:
        return []
    if isinstance(stream, list):
        return stream
    return stream.get_prep_value()


def page_graph_dict(page) -> dict[str, Any]:
    return stream_graph_dict(
        competencies_raw=_prep(page.competencies),
        nodes_raw=_prep(page.nodes),
        allow_back=page.allow_back,
        pass_total=page.pass_total,
    )


def page_graph(page) -> Graph:
    return graph_from_dict(page_graph_dict(page))


def _uid() -> str:
    return str(uuid.uuid4())


def graph_dict_to_streams(data: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    """The raw StreamField values (competencies, nodes) for a graph dict, for imports."""
    competencies = [
        {
            "type": "competency",
            "id": _uid(),
            "value": {"code": c["code"], "name": c["name"], "pass_score": c.get("pass_score")},
        }
        for c in data.get("competencies", [])
    ]
    nodes = []
    for n in data.get("nodes", []):
        nodes.append(
            {
                "type": "node",
                "id": _uid(),
                "value": {
                    "key": n["key"],
                    "kind": n.get("kind", "situation"),
                    "speaker": n.get("speaker", ""),
                    "text": n.get("text", ""),
                    "image": n.get("image"),
                    "audio": n.get("audio"),
                    "outcome": n.get("outcome", ""),
                    "debrief": n.get("debrief", ""),
                    "time_limit": n.get("time_limit"),
                    "timeout_target": n.get("timeout_target", ""),
                    "routes": [
                        {
                            "type": "item",
                            "id": _uid(),
                            "value": {"condition": r.get("condition", ""), "target": r["target"]},
                        }
                        for r in n.get("routes", [])
                    ],
                    "choices": [
                        {
                            "type": "item",
                            "id": _uid(),
                            "value": {
                                "key": c["key"],
                                "text": c.get("text", ""),
                                "target": c["target"],
                                "feedback": c.get("feedback", ""),
                                "condition": c.get("condition", ""),
                                "scores": [
                                    {"type": "item", "id": _uid(), "value": {"competency": code, "points": points}}
                                    for code, points in (c.get("scores") or {}).items()
                                ],
                                "set_flags": ", ".join(c.get("set_flags") or []),
                            },
                        }
                        for c in n.get("choices", [])
                    ],
                },
            }
        )
    return competencies, nodes


def graph_digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
