"""The demo is built through the same services real data uses, app by app, in dependency order.
Each builder is idempotent: running `manage.py demo` twice changes nothing the second time."""

from importlib import import_module
from importlib.util import find_spec

from django.db import transaction

from org.demo import DEMO_PASSWORD  # noqa: F401 — the demo logins' password, owned where the logins are made

BUILDERS = [
    "org.demo",
    "courses.demo",
    "quizzes.demo",
    "scenarios.demo",
    "skills.demo",
    "certificates.demo",
]


def demo_build(*, stdout=None) -> None:
    for module_name in BUILDERS:
        if find_spec(module_name) is None:
            continue
        with transaction.atomic():
            import_module(module_name).build()
        if stdout:
            stdout.write(f"demo: {module_name} ready")
