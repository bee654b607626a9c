"""A real SMTP server on a loopback port (aiosmtpd, in a thread) that keeps what it receives and
can refuse a recipient for good (5xx) or answer "try later" (4xx) to the next messages."""

import logging
import socket
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    """One message as the server took it; parsed only when a test reads it (the bench sends
    thousands and reads only the recipients)."""

    recipients: tuple[str, ...]
    content: bytes

    @property
    def message(self):
        return message_from_bytes(self.content, policy=policy.default)

    @property
    def subject(self) -> str:
        return str(self.message["subject"])

    @property
    def text(self) -> str:
        body = self.message.get_body(preferencelist=("plain",))
        return body.get_content() if body is not None else ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, fake: "SmtpFake"):
        self.fake = fake

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.fake.refuse.get(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.fake.lock:
            if self.fake.busy_next > 0:
                self.fake.busy_next -= 1
                return "451 4.3.0 Mailbox busy, try again later"
            self.fake.received.append(Received(recipients=tuple(envelope.rcpt_tos), content=envelope.content))
        return "250 Message accepted"


class SmtpFake:
    def __init__(self):
        self.received: list[Received] = []
        self.refuse: dict[str, str] = {}  # address -> SMTP answer, e.g. "550 5.1.1 No such user"
        self.busy_next = 0  # answer the next N messages with 451
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpFake":
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def to(self, address: str) -> list[Received]:
        return [message for message in self.received if address in message.recipients]

    def mailer(self) -> dict:
        """A MAILERS entry: Django's SMTP backend pointed at this server."""
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
        }
