"""Typed events: announcing calls the listeners in order, and `manage.py check` names every broken
piece of the wiring (an event or listener path that does not import, a listener that cannot take
its event, an event nobody listens to)."""

import subprocess
import sys
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core.checks import event_listeners_check
from core.events import event_announce

HERE = __name__
HEARD: list[str] = []


@dataclass(frozen=True, kw_only=True)
class Rang:
    bell: str


@dataclass(kw_only=True)
class NotFrozen:
    bell: str


def first(event: Rang) -> None:
    HEARD.append(f"first:{event.bell}")


def second(event: Rang) -> None:
    HEARD.append(f"second:{event.bell}")


def takes_keywords(*, enrolment) -> None:  # the old hook signature
    pass


def takes_another_event(event: NotFrozen) -> None:
    pass


def unannotated(event) -> None:
    pass


def check_ids(settings, listeners: dict) -> list[tuple[str, str]]:
    settings.LMS_EVENT_LISTENERS = listeners
    return [(error.id, error.msg) for error in event_listeners_check()]


def test_announcing_calls_each_listener_in_order_with_the_event(settings):
    HEARD.clear()
    settings.LMS_EVENT_LISTENERS = {f"{HERE}.Rang": [f"{HERE}.first", f"{HERE}.second"]}
    event_announce(Rang(bell="09:00"))
    assert HEARD == ["first:09:00", "second:09:00"]


def test_an_event_without_listeners_in_the_settings_calls_nothing(settings):
    HEARD.clear()
    settings.LMS_EVENT_LISTENERS = {}
    event_announce(Rang(bell="x"))
    assert HEARD == []


def test_the_project_wiring_passes_the_check():
    assert event_listeners_check() == []
    assert django_settings.LMS_EVENT_LISTENERS  # the check ran over the real wiring


@pytest.mark.parametrize(
    ("listeners", "error_id", "named"),
    [
        ({f"{HERE}.Rang": [f"{HERE}.no_such_listener"]}, "core.E004", f"{HERE}.no_such_listener"),
        ({"courses.events.NoSuchEvent": [f"{HERE}.first"]}, "core.E001", "courses.events.NoSuchEvent"),
        ({f"{HERE}.NotFrozen": [f"{HERE}.takes_another_event"]}, "core.E002", f"{HERE}.NotFrozen"),
        ({f"{HERE}.Rang": []}, "core.E003", f"{HERE}.Rang"),
        ({f"{HERE}.Rang": [f"{HERE}.takes_keywords"]}, "core.E005", f"{HERE}.takes_keywords"),
        ({f"{HERE}.Rang": [f"{HERE}.takes_another_event"]}, "core.E005", "NotFrozen"),
        ({f"{HERE}.Rang": [f"{HERE}.unannotated"]}, "core.E005", f"{HERE}.unannotated"),
    ],
)
def test_a_broken_wiring_is_named_by_the_check(settings, listeners, error_id, named):
    [(found_id, message)] = check_ids(settings, listeners)
    assert found_id == error_id
    assert named in message


@pytest.mark.django_db  # the full check also runs the apps' checks, some of which read the database
def test_manage_py_check_fails_and_names_a_broken_listener_path(settings):
    settings.LMS_EVENT_LISTENERS = {
        **django_settings.LMS_EVENT_LISTENERS,
        "courses.events.CourseCompleted": ["skills.listeners.on_course_finished"],
    }
    with pytest.raises(SystemCheckError, match=r"skills\.listeners\.on_course_finished"):
        call_command("check")


def test_the_check_runs_at_start_up_in_a_fresh_process(tmp_path):
    """The real command line: a settings module with a misspelt listener path stops `manage.py
    check` with a non-zero exit and the path in its output."""
    (tmp_path / "broken_settings.py").write_text(
        "from lms.settings.test import *  # noqa\n"
        "LMS_EVENT_LISTENERS = {**LMS_EVENT_LISTENERS, 'quizzes.events.QuizAttemptGraded': ['skills.listeners.nope']}\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "broken_settings"},
        cwd=django_settings.BASE_DIR,
        timeout=120,
    )
    assert result.returncode != 0
    assert "skills.listeners.nope" in result.stderr
