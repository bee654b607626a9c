"""The message, the backend interface, and the development and test backends."""

import logging
from dataclasses import dataclass, field
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("core.sms")

DEFAULT_BACKEND = "core.sms.ConsoleSmsBackend"


class SmsError(Exception):
    """The message was not sent. `retryable` is False when sending it again cannot help (a number
    the provider refuses, a template that is not configured)."""

    def __init__(self, message: str, *, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    # The whole message as the person reads it.
    text: str
    # A key of settings.SMS_TEMPLATES ("verification_code", "notice"), and the template's values.
    template: str = "notice"
    params: dict[str, str] = field(default_factory=dict)


def mask(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"


class BaseSmsBackend:
    def send_message(self, message: SmsMessage) -> None:
        """Send one message or raise SmsError."""
        raise NotImplementedError

    def send_text(self, *, phone: str, text: str) -> None:
        """Free text, sent through the "notice" template with the text as its `content`."""
        self.send_message(SmsMessage(phone=phone, text=text, template="notice", params={"content": text}))


class ConsoleSmsBackend(BaseSmsBackend):
    """Development: the message goes to the log, so the console of runserver or the worker shows
    it, codes included. The number is masked (the log never carries phone numbers)."""

    def send_message(self, message: SmsMessage) -> None:
        logger.warning("SMS to %s: %s", mask(message.phone), message.text)


class LocmemSmsBackend(BaseSmsBackend):
    """Tests: messages are kept in `LocmemSmsBackend.outbox`, as mail.outbox keeps mail."""

    outbox: ClassVar[list[SmsMessage]] = []

    def send_message(self, message: SmsMessage) -> None:
        LocmemSmsBackend.outbox.append(message)


def sms_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "") or DEFAULT_BACKEND)()


def sms_send(*, phone: str, text: str, template: str = "notice", params: dict[str, str] | None = None) -> None:
    """Send one text message through settings.SMS_BACKEND. Raises SmsError when it was not sent."""
    backend = sms_backend()
    message = SmsMessage(phone=phone, text=text, template=template, params=dict(params or {}))
    if hasattr(backend, "send_message"):
        backend.send_message(message)
    else:
        backend.send_text(phone=phone, text=text)
