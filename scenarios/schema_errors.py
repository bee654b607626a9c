"""Schema errors of a scenario file in the reader's language, each naming the node (and choice or
route) it is about, with the field as the file spells it and its JSON path to find it:

    节点“start”的选项“call”：“text”超过 2000 个字符。（nodes[0].choices[1].text）

pydantic's own messages are English; here each kind of error it reports has a translated
template, so no English reaches a Chinese trainer."""

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

PROBLEMS = {
    "missing": gettext_noop("“%(field)s” is missing"),
    "extra_forbidden": gettext_noop("“%(field)s” is not a field of the scenario format"),
    "string_too_long": gettext_noop("“%(field)s” is longer than %(max_length)s characters"),
    "string_too_short": gettext_noop("“%(field)s” must not be empty"),
    "string_type": gettext_noop("“%(field)s” must be text"),
    "int_type": gettext_noop("“%(field)s” must be a whole number"),
    "int_parsing": gettext_noop("“%(field)s” must be a whole number"),
    "int_from_float": gettext_noop("“%(field)s” must be a whole number"),
    "bool_type": gettext_noop("“%(field)s” must be true or false"),
    "bool_parsing": gettext_noop("“%(field)s” must be true or false"),
    "list_type": gettext_noop("“%(field)s” must be a list"),
    "dict_type": gettext_noop("“%(field)s” must be an object"),
    "model_type": gettext_noop("“%(field)s” must be an object"),
    "model_attributes_type": gettext_noop("“%(field)s” must be an object"),
    "literal_error": gettext_noop("“%(field)s” must be one of %(expected)s"),
    "too_short": gettext_noop("“%(field)s” needs at least %(min_length)s items"),
    "too_long": gettext_noop("“%(field)s” may have at most %(max_length)s items"),
    "greater_than_equal": gettext_noop("“%(field)s” must be at least %(ge)s"),
    "less_than_equal": gettext_noop("“%(field)s” must be at most %(le)s"),
    "key_pattern": gettext_noop("“%(field)s” must be 1–40 letters, digits, - or _"),
    "code_pattern": gettext_noop(
        "“%(field)s” must be a lowercase code (letters, digits, _) of at most 40, starting with a letter"
    ),
    "version": gettext_noop("version %(input)s is not supported (this site reads version %(supported)s)"),
    "invalid": gettext_noop("“%(field)s” is not valid here"),
}
CODE_FIELDS = {"code", "scores", "set_flags"}


def _label(item: Any, attribute: str) -> str | None:
    value = item.get(attribute) if isinstance(item, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def _place(loc: tuple, data: dict) -> tuple[str, tuple]:
    """(whose field it is, the rest of the path): a node, a node's choice or route, a competency,
    or the file itself."""
    if len(loc) > 1 and loc[0] == "nodes" and isinstance(loc[1], int):
        nodes = data.get("nodes") if isinstance(data.get("nodes"), list) else []
        node = nodes[loc[1]] if loc[1] < len(nodes) else None
        key = _label(node, "key")
        where = _("Node “%(key)s”") % {"key": key} if key else _("Node %(number)s") % {"number": loc[1] + 1}
        rest = loc[2:]
        if len(rest) > 1 and rest[0] in ("choices", "routes") and isinstance(rest[1], int):
            items = node.get(rest[0]) if isinstance(node, dict) and isinstance(node.get(rest[0]), list) else []
            item = items[rest[1]] if rest[1] < len(items) else None
            if rest[0] == "choices" and _label(item, "key"):
                where = _("%(node)s, choice “%(key)s”") % {"node": where, "key": _label(item, "key")}
            elif rest[0] == "choices":
                where = _("%(node)s, choice %(number)s") % {"node": where, "number": rest[1] + 1}
            else:
                where = _("%(node)s, route %(number)s") % {"node": where, "number": rest[1] + 1}
            rest = rest[2:]
        return where, rest
    if len(loc) > 1 and loc[0] == "competencies" and isinstance(loc[1], int):
        items = data.get("competencies") if isinstance(data.get("competencies"), list) else []
        code = _label(items[loc[1]] if loc[1] < len(items) else None, "code")
        if code:
            return _("Competency “%(code)s”") % {"code": code}, loc[2:]
        return _("Competency %(number)s") % {"number": loc[1] + 1}, loc[2:]
    return _("The file"), loc


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _expected(ctx: dict) -> str:
    values = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
    return ", ".join(f"“{value}”" for value in values)


def schema_error_message(error: dict, data: dict, *, supported: int) -> str:
    """One pydantic error as a sentence in the reader's language."""
    loc = tuple(error.get("loc", ()))
    where, rest = _place(loc, data)
    field = ".".join(str(part) for part in rest) or (str(loc[-1]) if loc else "")
    kind = error.get("type", "")
    ctx = dict(error.get("ctx") or {})
    if kind == "string_pattern_mismatch":
        kind = "code_pattern" if set(map(str, rest)) & CODE_FIELDS else "key_pattern"
    elif kind == "value_error" and loc == ("version",):
        kind = "version"
    elif kind == "too_short" and ctx.get("min_length") == 1 and error.get("input") == "":
        kind = "string_too_short"
    problem = _(PROBLEMS.get(kind, PROBLEMS["invalid"])) % {
        "field": field,
        "expected": _expected(ctx),
        "input": error.get("input"),
        "supported": supported,
        **{name: ctx.get(name) for name in ("max_length", "min_length", "ge", "le")},
    }
    return _("%(where)s: %(problem)s. (%(path)s)") % {"where": where, "problem": problem, "path": _path(loc)}


def not_an_object_message() -> str:
    return _("The file must hold one JSON object, the scenario.")


def wrong_format_message(expected: str) -> str:
    problem = _("“format” must be “%(format)s”") % {"format": expected}
    return _("%(where)s: %(problem)s. (%(path)s)") % {"where": _("The file"), "problem": problem, "path": "format"}
