"""Typed events between the apps.

An app that announces a fact owns a small frozen dataclass for it (``courses.events.CourseCompleted``,
``quizzes.events.QuizAttemptGraded`` …) carrying exactly what listeners need, with real types.
``settings.LMS_EVENT_LISTENERS`` maps each event's dotted path to the dotted paths of its listeners,
one function per listener taking the event as its only argument. A lower floor learns about a
higher one only this way: ``courses`` announces a completion, ``certificates`` and ``skills`` listen.

Listeners run synchronously inside the announcing transaction, so a failing listener rolls the fact
back rather than leaving half a completion. ``core.checks`` imports every path and checks every
listener's signature when the project starts (``manage.py check``), so a broken contract fails at
start-up instead of inside a learner's hand-in."""

import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

Listener = Callable[[object], None]


def event_path(event_type: type) -> str:
    return f"{event_type.__module__}.{event_type.__qualname__}"


def event_type_is_valid(event_type: object) -> bool:
    """An event is a frozen dataclass: listeners cannot change what was announced."""
    return (
        isinstance(event_type, type) and dataclasses.is_dataclass(event_type) and event_type.__dataclass_params__.frozen  # type: ignore[attr-defined]
    )


def listener_problem(listener: object, event_type: type) -> str | None:
    """Why `listener` cannot take `event_type`, or None when it can: it must be callable with the
    event as its one required argument, annotated with the event's type (or a base of it)."""
    if not callable(listener):
        return "is not callable"
    try:
        signature = inspect.signature(listener)
    except (TypeError, ValueError):
        return "has no inspectable signature"
    kinds = inspect.Parameter
    required = [
        p
        for p in signature.parameters.values()
        if p.default is kinds.empty and p.kind not in (kinds.VAR_POSITIONAL, kinds.VAR_KEYWORD)
    ]
    if len(required) != 1 or required[0].kind not in (kinds.POSITIONAL_ONLY, kinds.POSITIONAL_OR_KEYWORD):
        return "must take exactly one positional argument, the event"
    try:
        hints = typing.get_type_hints(listener)
    except Exception as error:  # an annotation that names something missing
        return f"has annotations that do not resolve ({error})"
    annotation = hints.get(required[0].name)
    if not (isinstance(annotation, type) and issubclass(event_type, annotation)):
        return f"must annotate its argument as {event_type.__qualname__}, not {annotation!r}"
    return None


@functools.cache
def _listeners_of(path: str) -> tuple[Listener, ...]:
    return tuple(import_string(listener) for listener in settings.LMS_EVENT_LISTENERS.get(path, ()))


@receiver(setting_changed)
def _listeners_forget(*, setting: str, **kwargs) -> None:
    if setting == "LMS_EVENT_LISTENERS":
        _listeners_of.cache_clear()


def event_announce(event: object) -> None:
    """Call each listener of the event's type in the order the settings list them."""
    for listener in _listeners_of(event_path(type(event))):
        listener(event)
