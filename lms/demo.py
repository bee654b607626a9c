"""The demo is built through the same services real data uses, app by app, in dependency order,
so it cannot contradict itself (`manage.py integrity` reports nothing on a fresh demo):

1. the organisation and its people, today (their hire dates lie in the past);
2. the content — courses, quizzes, scenarios, the skill framework, certificate templates and rules —
   as of the platform's launch (lms/demo_data/history.yaml), so it was published before anyone
   learnt from it;
3. the staff's history, each action on its own day (lms.demo_history).

Each builder is idempotent: running `manage.py demo` twice changes nothing the second time."""

from contextlib import nullcontext
from importlib import import_module
from importlib.util import find_spec

from django.db import transaction

from org.demo import DEMO_PASSWORD  # noqa: F401 — the demo logins' password, owned where the logins are made

# (builder, built as of the platform's launch)
BUILDERS = [
    ("org.demo", False),
    ("courses.demo", True),
    ("quizzes.demo", True),
    ("scenarios.demo", True),
    ("skills.demo", True),
    ("certificates.demo", True),
    ("lms.demo_history", False),
    ("regulations.demo", False),
    ("drills.demo", False),
    ("hours.demo", False),
    ("fieldwork.demo", False),
    ("operations.demo", False),
]


def demo_build(*, stdout=None) -> None:
    from lms.demo_history import launch
    from lms.demo_history.actions import at

    launched = launch()
    for module_name, at_launch in BUILDERS:
        if find_spec(module_name) is None:
            continue
        with at(launched) if at_launch else nullcontext(), transaction.atomic():
            import_module(module_name).build()
        if stdout:
            stdout.write(f"demo: {module_name} ready")
