"""The floors hold (pyproject.toml's import-linter contract): the project passes `lint-imports`,
and a copy of the project with one wrong import (org, a floor below courses, importing it) fails
it, naming the import."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# Every package the contract names (a new app is added to pyproject.toml, not here too).
PACKAGES = tuple(
    tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
)


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
    )


def project_copy(tmp_path: Path) -> Path:
    base = Path(settings.BASE_DIR)
    shutil.copy(base / "pyproject.toml", tmp_path / "pyproject.toml")
    for package in PACKAGES:
        shutil.copytree(
            base / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "locale", "templates", "static", "*.yaml"),
        )
    return tmp_path


def test_the_project_keeps_its_floors(tmp_path):
    result = lint_imports(project_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_wrong_import_breaks_the_contract(tmp_path):
    root = project_copy(tmp_path)
    (root / "org" / "wrong_floor.py").write_text("from courses.selectors import my_learning  # noqa: F401\n")
    result = lint_imports(root)
    assert result.returncode != 0
    assert "org.wrong_floor -> courses.selectors" in result.stdout
