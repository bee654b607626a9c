"""What every outside channel offers the delivery service: whether it is configured, a person's
address on it, and sending a batch of messages, each answered with an outcome."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Recipient:
    """The addresses a person has on file (empty when missing)."""

    user_id: int
    email: str = ""
    phone: str = ""
    wecom_userid: str = ""
    dingtalk_userid: str = ""


@dataclass(frozen=True)
class Outbound:
    """One message on its way: rendered in the sending language, the link made absolute."""

    delivery_id: int
    address: str
    title: str
    body: str
    url: str = ""


@dataclass(frozen=True)
class Outcome:
    """How one message fared. `retryable` failures are tried again with backoff (after
    `retry_after` seconds when the service said so, a rate limit); others fail for good.
    `deferred` marks a message never tried because the service throttled the batch before it: it
    does not use up one of the delivery's attempts."""

    ok: bool
    error: str = ""
    retryable: bool = True
    retry_after: float | None = None
    deferred: bool = False


SENT = Outcome(ok=True)


class ChannelError(Exception):
    """A failure of the whole channel (no token, service down, rate limit) while sending."""

    def __init__(self, message: str, *, retryable: bool = True, retry_after: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after

    def outcome(self) -> Outcome:
        return Outcome(ok=False, error=str(self)[:500], retryable=self.retryable, retry_after=self.retry_after)


class ChannelBackend:
    """A channel: subclasses set `channel` and implement `enabled`, `address` and `send_one` (or
    `send` for a batch that shares a connection)."""

    channel: str = ""

    def enabled(self) -> bool:
        raise NotImplementedError

    def address(self, recipient: Recipient) -> str:
        raise NotImplementedError

    def send_one(self, message: Outbound) -> Outcome:
        raise NotImplementedError

    def send(self, messages: list[Outbound]) -> dict[int, Outcome]:
        return send_in_order(messages, self.send_one)


def send_in_order(messages: list[Outbound], send_one: Callable[[Outbound], Outcome]) -> dict[int, Outcome]:
    """Send one by one; once the service throttles or fails as a whole (ChannelError), the rest of
    the batch is deferred rather than hammering it."""
    outcomes: dict[int, Outcome] = {}
    for index, message in enumerate(messages):
        try:
            outcomes[message.delivery_id] = send_one(message)
        except ChannelError as error:
            outcomes[message.delivery_id] = error.outcome()
            for rest in messages[index + 1 :]:
                outcomes[rest.delivery_id] = Outcome(
                    ok=False, error=str(error)[:500], retry_after=error.retry_after, deferred=True
                )
            break
    return outcomes
