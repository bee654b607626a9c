"""Text messages, for the few who have no other channel: a person with a phone on file and no
address on any channel chosen for the kind gets the notification by SMS (and anyone who chose SMS).
Sent through the project's SMS backend (core.sms, settings.SMS_BACKEND) with the "notice"
template, whose `content` is the title and link."""

from django.conf import settings

from core.sms import SmsError, sms_send
from notifications.channels.base import SENT, ChannelBackend, Outbound, Outcome, Recipient

# Longer texts are cut: a Chinese SMS segment holds 70 characters and providers bill per segment.
SMS_MAX_CHARACTERS = 140


def sms_text(message: Outbound) -> str:
    text = message.title if not message.url else f"{message.title} {message.url}"
    return text[:SMS_MAX_CHARACTERS]


class SmsChannel(ChannelBackend):
    channel = "sms"

    def enabled(self) -> bool:
        return bool(settings.NOTIFICATION_CHANNELS.get("sms", {}).get("ENABLED"))

    def address(self, recipient: Recipient) -> str:
        return recipient.phone

    def send_one(self, message: Outbound) -> Outcome:
        text = sms_text(message)
        try:
            sms_send(phone=message.address, text=text, template="notice", params={"content": text})
        except SmsError as error:
            return Outcome(ok=False, error=f"sms: {error}"[:500], retryable=error.retryable)
        return SENT
