"""The QR code staff scan to sign in to a drill. It is bound to that drill and that site and
changes every minute, so a photo of it sent to a friend stops working.

A code is ``<window>-<mac>``: the minute window (Unix time // 60) and an HMAC-SHA256, under the
project's SECRET_KEY, of the drill's id, its site's id and that window. It is accepted during its
own minute and the one after it (GRACE_WINDOWS = 1): a code scanned at 10:00:59 and posted at
10:01:05 still counts; one scanned two minutes ago does not."""

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

WINDOW_SECONDS = 60
GRACE_WINDOWS = 1


class CodeProblem:
    EXPIRED = "expired"
    FOREIGN = "foreign"  # another drill's or site's code, or a made-up one
    MALFORMED = "malformed"


@dataclass(frozen=True)
class CodeCheck:
    ok: bool
    problem: str = ""


def code_window(at: dt.datetime | None = None) -> int:
    return int((at or timezone.now()).timestamp()) // WINDOW_SECONDS


def _mac(*, drill_id: int, site_id: int, window: int) -> str:
    message = f"drill-sign-in:{drill_id}:{site_id}:{window}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:24]


def drill_signin_code(*, drill_id: int, site_id: int, at: dt.datetime | None = None) -> str:
    """The code the lead's phone shows now (or at `at`)."""
    window = code_window(at)
    return f"{window}-{_mac(drill_id=drill_id, site_id=site_id, window=window)}"


def drill_signin_code_check(*, drill_id: int, site_id: int, code: str, at: dt.datetime | None = None) -> CodeCheck:
    """Whether `code` signs in to this drill at this site now. A code of this drill whose minute
    is over (beyond the grace window) is EXPIRED; any other code that does not match is FOREIGN."""
    window_text, _dash, mac = (code or "").strip().partition("-")
    if not window_text.isdigit() or not mac:
        return CodeCheck(False, CodeProblem.MALFORMED)
    window = int(window_text)
    if not hmac.compare_digest(mac, _mac(drill_id=drill_id, site_id=site_id, window=window)):
        return CodeCheck(False, CodeProblem.FOREIGN)
    now = code_window(at)
    if window > now:  # a code from the future was not made by this server's clock
        return CodeCheck(False, CodeProblem.FOREIGN)
    if now - window > GRACE_WINDOWS:
        return CodeCheck(False, CodeProblem.EXPIRED)
    return CodeCheck(True)


def seconds_to_next_code(at: dt.datetime | None = None) -> int:
    """Seconds until the code changes: when the lead's page reloads itself."""
    now = (at or timezone.now()).timestamp()
    return max(1, int(WINDOW_SECONDS - now % WINDOW_SECONDS) + 1)
