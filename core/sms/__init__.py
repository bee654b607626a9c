"""Text messages (SMS) through a pluggable backend named by settings.SMS_BACKEND, as Django sends
mail through EMAIL_BACKEND: the console in development, memory in tests, a provider's HTTP API in
production (core.sms.aliyun). Any app sends with `sms_send`.

Providers in mainland China send only templates approved beforehand, filled with parameters;
every message therefore names a template (a key of settings.SMS_TEMPLATES, mapped there to the
provider's template code) and its parameters, besides the full text a person reads (what the
console and the outbox show). A backend that only takes text (`send_text(phone=…, text=…)`) is
given the text."""

from core.sms.backends import (
    BaseSmsBackend,
    ConsoleSmsBackend,
    LocmemSmsBackend,
    SmsError,
    SmsMessage,
    sms_backend,
    sms_send,
)

__all__ = [
    "BaseSmsBackend",
    "ConsoleSmsBackend",
    "LocmemSmsBackend",
    "SmsError",
    "SmsMessage",
    "sms_backend",
    "sms_send",
]
