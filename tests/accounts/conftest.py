import re
import shutil
import subprocess

import pytest

from core.sms import LocmemSmsBackend
from org.services import staff_upsert
from tests.factories.org import HRAdminFactory, PostFactory, SiteFactory
from tests.org.conftest import org_units  # noqa: F401 — the sites, posts and departments of a roster

SLIP_CODE = re.compile(r"\b([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})\b")


@pytest.fixture
def sms_outbox(settings):
    """Text messages go to memory; the list of SmsMessage sent during the test."""
    settings.SMS_BACKEND = "core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.outbox.clear()


@pytest.fixture
def hr(db):
    return HRAdminFactory(user__username="hr_zhou", name="周敏")


@pytest.fixture
def newcomer(db):
    """A person as the roster import creates them: a login without a usable password."""
    profile, _created = staff_upsert(
        employee_number="YG900",
        name="周明",
        phone="13912345678",
        post=PostFactory(code="kefu"),
        site=SiteFactory(code="YG900-SITE", name="阳光花园北区"),
    )
    return profile


def pdf_text(data: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils (pdftotext)")
    pdf = tmp_path / "slips.pdf"
    pdf.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def sms_code(outbox) -> str:
    return outbox[-1].params["code"]
