"""The outside channels. settings.NOTIFICATION_CHANNEL_BACKENDS names each channel's backend class,
so a deployment (or a test) can replace one; the in-app inbox is no channel: every notification is
in its person's inbox."""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from notifications.channels.base import ChannelBackend, ChannelError, Outbound, Outcome, Recipient  # noqa: F401


@functools.cache
def channel_backends() -> dict[str, ChannelBackend]:
    return {name: import_string(path)() for name, path in settings.NOTIFICATION_CHANNEL_BACKENDS.items()}


def enabled_channels() -> dict[str, ChannelBackend]:
    """Channels configured on this installation (a WeCom app without its secret is not)."""
    return {name: backend for name, backend in channel_backends().items() if backend.enabled()}


@receiver(setting_changed)
def _backends_forget(*, setting: str, **kwargs) -> None:
    if setting == "NOTIFICATION_CHANNEL_BACKENDS":
        channel_backends.cache_clear()
