"""Start-up checks of the event wiring: ``manage.py check`` (and every server start) fails when an
event or listener path does not import, when a listener cannot take its event, or when an event is
listed with no listener."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

from core.events import event_type_is_valid, listener_problem


@register()
def event_listeners_check(app_configs=None, **kwargs) -> list[Error]:
    errors: list[Error] = []
    for event_path, listener_paths in settings.LMS_EVENT_LISTENERS.items():
        try:
            event_type = import_string(event_path)
        except ImportError as error:
            errors.append(
                Error(f"Event {event_path!r} does not import: {error}", id="core.E001", obj="LMS_EVENT_LISTENERS")
            )
            continue
        if not event_type_is_valid(event_type):
            errors.append(
                Error(f"Event {event_path!r} is not a frozen dataclass.", id="core.E002", obj="LMS_EVENT_LISTENERS")
            )
            continue
        if not listener_paths:
            errors.append(
                Error(
                    f"Event {event_path!r} has no listener.",
                    hint="Remove the event, or list the functions that listen to it.",
                    id="core.E003",
                    obj="LMS_EVENT_LISTENERS",
                )
            )
        for listener_path in listener_paths:
            try:
                listener = import_string(listener_path)
            except ImportError as error:
                errors.append(
                    Error(
                        f"Listener {listener_path!r} of {event_path!r} does not import: {error}",
                        id="core.E004",
                        obj="LMS_EVENT_LISTENERS",
                    )
                )
                continue
            problem = listener_problem(listener, event_type)
            if problem is not None:
                errors.append(
                    Error(
                        f"Listener {listener_path!r} cannot take {event_path!r}: it {problem}.",
                        id="core.E005",
                        obj="LMS_EVENT_LISTENERS",
                    )
                )
    return errors


@register()
def invariants_check(app_configs=None, **kwargs) -> list[Error]:
    """Every path in settings.LMS_INVARIANTS imports and is callable (core.integrity)."""
    errors: list[Error] = []
    for path in getattr(settings, "LMS_INVARIANTS", []):
        try:
            invariant = import_string(path)
        except ImportError as error:
            errors.append(Error(f"Invariant {path!r} does not import: {error}", id="core.E006", obj="LMS_INVARIANTS"))
            continue
        if not callable(invariant):
            errors.append(Error(f"Invariant {path!r} is not callable.", id="core.E007", obj="LMS_INVARIANTS"))
    return errors
