"""Invariants: the rules the records must keep with each other, checked by code.

A certificate is worth what its records are worth, so the rules that make them agree are written
down (docs/invariants.md) and each is a function that scans the database and returns every row that
breaks it. Each app owns the invariants of its own records in `<app>/invariants.py`; a rule that
spans apps which may not import each other (a skill-level certificate and the level it certifies)
belongs to the project shell (`lms/invariants.py`). `settings.LMS_INVARIANTS` lists them by dotted
path; `manage.py integrity` runs them all and `core.checks` stops the project at start-up when a
path does not import.

An invariant is a function taking no arguments and returning a list of `Violation`. It reads in
bulk (a few queries however many rows; no query per row), so it runs on a company of 10,000 people.
Its sentences are written with gettext: the caller chooses the language (the command uses the
site's language unless told otherwise)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string

Invariant = Callable[[], list["Violation"]]


@dataclass(frozen=True)
class Row:
    """A row involved in a violation: its model label ("courses.CourseEnrolment") and key."""

    model: str
    pk: int | str

    @classmethod
    def of(cls, model: type[models.Model], pk: int | str) -> "Row":
        return cls(model=model._meta.label, pk=pk)

    def __str__(self) -> str:
        return f"{self.model} #{self.pk}"


@dataclass(frozen=True)
class Violation:
    """One row that breaks one invariant. `invariant` is the rule's stable name (as listed in
    docs/invariants.md), `row` the row at fault, `message` one sentence saying what is wrong in the
    reader's language, and `related` the other rows the sentence speaks of."""

    invariant: str
    row: Row
    message: str
    related: tuple[Row, ...] = ()

    @property
    def model(self) -> str:
        return self.row.model

    @property
    def pk(self) -> int | str:
        return self.row.pk

    def as_dict(self) -> dict:
        return {
            "invariant": self.invariant,
            "model": self.row.model,
            "pk": self.row.pk,
            "message": self.message,
            "related": [{"model": r.model, "pk": r.pk} for r in self.related],
        }


def violation(
    invariant: str,
    model: type[models.Model],
    pk: int | str,
    message: str,
    related: Iterable[tuple[type[models.Model], int | str | None]] = (),
) -> Violation:
    """A Violation of `invariant` by row `pk` of `model`; related rows with no key are left out."""
    return Violation(
        invariant=invariant,
        row=Row.of(model, pk),
        message=str(message),
        related=tuple(Row.of(m, p) for m, p in related if p is not None),
    )


def invariants_load(paths: Iterable[str] | None = None) -> list[tuple[str, Invariant]]:
    """The invariant functions named in `paths` (default settings.LMS_INVARIANTS), imported."""
    chosen = list(settings.LMS_INVARIANTS if paths is None else paths)
    return [(path, import_string(path)) for path in chosen]


def invariants_check(*, paths: Iterable[str] | None = None) -> list[Violation]:
    """Run the invariants (all of settings.LMS_INVARIANTS by default) and return every violation,
    in the order the invariants are listed."""
    found: list[Violation] = []
    for _path, invariant in invariants_load(paths):
        found.extend(invariant())
    return found
