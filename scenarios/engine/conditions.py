"""Conditions: a tiny language for showing a choice or routing a node on the play so far.

    empathize >= 2
    total >= 5 and flag:called_119
    not flag:window_secured or safety < 0

A clause is `<competency code> <op> <integer>` (op one of >= <= > < == !=), `total <op> <n>`
for the sum of all competencies, or `flag:<name>`; `not` negates a clause, `and` binds tighter
than `or`. No parentheses: authors write short rules, and a flat grammar keeps errors obvious."""

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

OPERATORS: dict[str, Callable[[int, int], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_SCORE = re.compile(r"^([a-z][a-z0-9_]*)\s*(>=|<=|==|!=|>|<)\s*(-?\d+)$")
_FLAG = re.compile(r"^flag:([a-z][a-z0-9_]*)$")
TOTAL = "total"


class ConditionError(ValueError):
    """A condition that cannot be read; `clause` is the part at fault, for a translated message."""

    def __init__(self, message: str, *, clause: str = ""):
        super().__init__(message)
        self.clause = clause


@dataclass(frozen=True)
class Clause:
    negate: bool
    flag: str | None = None
    competency: str | None = None
    op: str = ""
    value: int = 0

    def holds(self, scores: Mapping[str, int], flags: frozenset[str] | set[str]) -> bool:
        if self.flag is not None:
            result = self.flag in flags
        else:
            actual = sum(scores.values()) if self.competency == TOTAL else scores.get(self.competency or "", 0)
            result = OPERATORS[self.op](actual, self.value)
        return not result if self.negate else result


@dataclass(frozen=True)
class Condition:
    """Disjunction of conjunctions of clauses."""

    source: str
    any_of: tuple[tuple[Clause, ...], ...]

    def holds(self, scores: Mapping[str, int], flags: frozenset[str] | set[str]) -> bool:
        return any(all(c.holds(scores, flags) for c in group) for group in self.any_of)

    @property
    def competencies(self) -> set[str]:
        return {c.competency for g in self.any_of for c in g if c.competency and c.competency != TOTAL}

    @property
    def flags(self) -> set[str]:
        return {c.flag for g in self.any_of for c in g if c.flag}


def _parse_clause(text: str) -> Clause:
    negate = False
    text = text.strip()
    if text.startswith("not "):
        negate, text = True, text[4:].strip()
    if match := _FLAG.match(text):
        return Clause(negate=negate, flag=match.group(1))
    if match := _SCORE.match(text):
        return Clause(negate=negate, competency=match.group(1), op=match.group(2), value=int(match.group(3)))
    raise ConditionError(f"cannot read “{text}”: write e.g. “empathize >= 2” or “flag:called_119”", clause=text)


def parse_condition(text: str) -> Condition | None:
    """Parse a condition; an empty string means "always" and gives None."""
    text = (text or "").strip()
    if not text:
        return None
    groups = []
    for part in re.split(r"\s+or\s+", text):
        clauses = [_parse_clause(c) for c in re.split(r"\s+and\s+", part.strip())]
        groups.append(tuple(clauses))
    return Condition(source=text, any_of=tuple(groups))
