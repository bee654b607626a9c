"""Which outside channels each kind of notification goes to: the company's defaults (HR) and each
person's own choice, which overrides the default for them."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from notifications.messages import Channel, Kind
from notifications.models import ChannelChoice


class UnknownChannel(ValueError):
    pass


def _clean(channels: list[str]) -> list[str]:
    unknown = set(channels) - set(Channel.values)
    if unknown:
        raise UnknownChannel(f"unknown channels: {sorted(unknown)}")
    return [channel for channel in Channel.values if channel in channels]  # one order, no repeats


@transaction.atomic
def channel_choices_set(*, user: AbstractBaseUser, choices: dict[str, list[str]]) -> None:
    """A person's channels per kind (an empty list: the inbox only). Kinds left out keep
    following the company's default."""
    for kind, channels in choices.items():
        ChannelChoice.objects.update_or_create(user=user, kind=Kind(kind), defaults={"channels": _clean(channels)})


@transaction.atomic
def channel_choices_reset(*, user: AbstractBaseUser) -> int:
    """Back to the company's defaults for every kind."""
    deleted, _by_model = ChannelChoice.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def channel_defaults_set(*, defaults: dict[str, list[str]]) -> None:
    """The company's default channels per kind (HR), for everyone who made no choice of their own."""
    for kind, channels in defaults.items():
        ChannelChoice.objects.update_or_create(user=None, kind=Kind(kind), defaults={"channels": _clean(channels)})
