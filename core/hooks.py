"""Explicit cross-app hooks (settings.LMS_HOOKS): the foundation announces an event, the apps that
care are listed in settings. Called inside the caller's transaction, so a failing hook rolls the
event back rather than leaving half a completion."""

from django.conf import settings
from django.utils.module_loading import import_string


def hooks_run(name: str, **kwargs) -> None:
    for path in settings.LMS_HOOKS.get(name, []):
        import_string(path)(**kwargs)
