"""E-mail through a Django mailer (production: the SMTP relay of MAILERS; the alias is
NOTIFICATION_CHANNELS["email"]["MAILER"]). One connection carries a whole batch."""

import contextlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, mailers

from notifications.channels.base import SENT, ChannelBackend, ChannelError, Outbound, Outcome, Recipient, send_in_order


def _config() -> dict:
    return settings.NOTIFICATION_CHANNELS.get("email", {})


class EmailChannel(ChannelBackend):
    channel = "email"

    def enabled(self) -> bool:
        return bool(_config().get("ENABLED", True))

    def address(self, recipient: Recipient) -> str:
        return recipient.email

    def send(self, messages: list[Outbound]) -> dict[int, Outcome]:
        mailer = mailers[_config().get("MAILER", "default")]
        try:
            mailer.open()
        except OSError as error:  # the relay cannot be reached: the whole batch waits
            error = ChannelError(f"SMTP connection failed: {error}")
            return {m.delivery_id: error.outcome() for m in messages}
        try:
            return send_in_order(messages, lambda message: self._send_on(mailer, message))
        finally:
            with contextlib.suppress(OSError, smtplib.SMTPException):  # the connection is gone already
                mailer.close()

    def send_one(self, message: Outbound) -> Outcome:
        return self.send([message])[message.delivery_id]

    @staticmethod
    def _send_on(mailer, message: Outbound) -> Outcome:
        text = message.body + (f"\n\n{message.url}" if message.url else "")
        try:
            mailer.send_messages([EmailMessage(message.title, text, None, [message.address])])
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            permanent = all(500 <= code < 600 for code in codes)
            return Outcome(ok=False, error=f"recipient refused: {codes}", retryable=not permanent)
        except smtplib.SMTPResponseException as error:
            if 500 <= error.smtp_code < 600:
                return Outcome(ok=False, error=f"SMTP {error.smtp_code}: {error.smtp_error!r}"[:500], retryable=False)
            raise ChannelError(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
        except (smtplib.SMTPException, OSError) as error:
            raise ChannelError(f"SMTP failed: {error}") from error
        except ValueError as error:  # an address Django refuses to encode
            return Outcome(ok=False, error=str(error)[:500], retryable=False)
        return SENT
