"""Reading the demo's content files.

The demo's course text, questions, scenarios, skill ladders and certificate wording live in YAML
files (UTF-8, Chinese) beside the app that builds them, so a trainer or reviewer can read and
correct them without reading Python. Each app's small loader reads its files with
`demo_file_load` and checks every entry with `demo_entry_check` before anything is built: a typo
or a missing key stops `manage.py demo` with the file and the entry named, instead of building
half a demo or failing later with a bare KeyError."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

_PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DemoDataError(ValueError):
    """A demo data file that cannot be used as it is; the message names the file and the entry."""


def _shown(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(_PROJECT_ROOT)) if path.is_relative_to(_PROJECT_ROOT) else str(path)


def demo_file_load(*, path: Path) -> Any:
    """The parsed content of one demo YAML file. Only plain YAML is accepted (`yaml.safe_load`):
    a data file can never construct Python objects."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DemoDataError(f"{_shown(path)}: file not found") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DemoDataError(f"{_shown(path)}: not valid YAML: {exc}") from exc
    if data is None:
        raise DemoDataError(f"{_shown(path)}: the file is empty")
    return data


def demo_entry_check(
    *,
    entry: Any,
    path: Path,
    where: str,
    required: Iterable[str],
    optional: Iterable[str] = (),
) -> dict:
    """The entry itself, once it is known to be a mapping holding every required key and no key
    outside `required` and `optional` (a misspelt optional key would otherwise be ignored
    silently). `where` locates the entry in the file, e.g. `lessons[2] "disputes"`."""
    required = tuple(required)
    if not isinstance(entry, dict):
        raise DemoDataError(f"{_shown(path)}: {where} must be a mapping, not {type(entry).__name__}")
    missing = [key for key in required if key not in entry]
    if missing:
        raise DemoDataError(f"{_shown(path)}: {where} is missing {', '.join(missing)}")
    unknown = sorted(set(entry) - set(required) - set(optional))
    if unknown:
        raise DemoDataError(f"{_shown(path)}: {where} has unknown key(s) {', '.join(map(str, unknown))}")
    return entry


def demo_list_check(*, value: Any, path: Path, where: str, allow_empty: bool = False) -> list:
    """The value itself, once it is known to be a list (non-empty unless `allow_empty`)."""
    if not isinstance(value, list):
        raise DemoDataError(f"{_shown(path)}: {where} must be a list, not {type(value).__name__}")
    if not value and not allow_empty:
        raise DemoDataError(f"{_shown(path)}: {where} is empty")
    return value


def demo_error(*, path: Path, where: str, problem: str) -> DemoDataError:
    """An error about one entry of a file, for checks that are particular to one kind of data."""
    return DemoDataError(f"{_shown(path)}: {where} {problem}")
