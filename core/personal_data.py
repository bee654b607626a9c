"""The personal-data contract every app fulfils: HR exports or erases everything the platform holds
about a person (the privacy app announces both).

These two events live in the ground rather than in the privacy app because every app, on every
floor, must answer them, and the privacy app stands above the feature apps (it reads their records
for HR): an app importing the privacy app to listen would break the floors. The audit trail of
personal data is in the ground for the same reason."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True)
class PersonalDataExportRequested:
    """HR exports a person's data. Each listener adds its app's part under its own key of
    `sections` (JSON-serialisable); the dict is the collector, the event itself is frozen."""

    user_id: int
    sections: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class PersonalDataErased:
    """A leaver's personal data is being erased (inside the erasure's transaction): anonymise or
    delete what your app holds in free text or uploads about `user_id`; keep learning facts."""

    user_id: int
