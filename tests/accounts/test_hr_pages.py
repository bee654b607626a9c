"""HR prints onboarding slips (for an import, for everyone waiting, for one person) and resets a
password from the people page. HR admins only; no GET changes anything."""

import re
import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Activation
from accounts.services import activation_find
from core.models import AuditEvent
from org.services import roster_import_confirm, roster_import_upload
from tests.accounts.conftest import SLIP_CODE, pdf_text
from tests.factories.org import ManagerFactory, StaffProfileFactory, TrainerFactory
from tests.org.conftest import xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(org_units, hr):
    rows = [
        ["YG900", "周明", "13912345678", "客服", "阳光花园", "客服部", "2025-03-01", "", "", ""],
        ["YG901", "钱芳", "13912345679", "客服", "YG", "", "2024-05-06", "", "", ""],
    ]
    roster = roster_import_upload(uploaded_by=hr.user, data=xlsx_bytes(rows), filename="r.xlsx")
    return roster_import_confirm(roster_import=roster, actor=hr.user)


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr.user)
    return client


def test_the_import_report_offers_the_slips(hr_client, imported):
    page = hr_client.get(f"/people/import/{imported.pk}/").content.decode()
    assert f'action="/accounts/slips/import/{imported.pk}/"' in page


def test_the_slips_of_an_import_hold_each_new_persons_name_number_and_working_code(hr_client, imported, tmp_path):
    response = hr_client.post(f"/accounts/slips/import/{imported.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="activation-slips-')
    assert response["Cache-Control"] == "no-store"
    text = pdf_text(response.content, tmp_path)
    assert "周明" in text and "YG900" in text and "钱芳" in text and "YG901" in text
    codes = SLIP_CODE.findall(text)
    assert len(codes) == 2
    people = {activation_find(code=code).user.staff_profile.employee_number for code in codes}
    assert people == {"YG900", "YG901"}
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_EXPORT)
    assert event.detail == {"what": "activation_slips", "count": 2, "roster_import": imported.pk}


def test_the_qr_on_a_slip_opens_the_activation_page_with_the_code(hr_client, imported, tmp_path, settings):
    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        pytest.skip("needs poppler-utils and zbar-tools")
    settings.WAGTAILADMIN_BASE_URL = "https://academy.example.cn"
    content = hr_client.post(f"/accounts/slips/import/{imported.pk}/").content
    codes = SLIP_CODE.findall(pdf_text(content, tmp_path))
    (tmp_path / "s.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(tmp_path / "s.pdf"), str(tmp_path / "p")],
        check=True,
    )
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(next(tmp_path.glob("p*.png")))], capture_output=True, text=True
    ).stdout.split()
    assert sorted(decoded) == sorted(
        f"https://academy.example.cn/accounts/activate/#{c.replace('-', '')}" for c in codes
    )


def test_printing_again_makes_new_codes_and_the_old_slips_stop_working(hr_client, imported, tmp_path):
    first = SLIP_CODE.findall(pdf_text(hr_client.post(f"/accounts/slips/import/{imported.pk}/").content, tmp_path))
    second = SLIP_CODE.findall(pdf_text(hr_client.post(f"/accounts/slips/import/{imported.pk}/").content, tmp_path))
    assert all(activation_find(code=code) is None for code in first)
    assert all(activation_find(code=code) is not None for code in second)


def test_people_who_signed_in_get_no_slip(hr_client, imported):
    for user in get_user_model().objects.filter(username__in=["YG900", "YG901"]):
        user.set_password("Ziji-de-mima-2025")
        user.save()
    response = hr_client.post(f"/accounts/slips/import/{imported.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/people/import/{imported.pk}/"
    assert not Activation.objects.exists()


def test_another_hrs_import_is_not_found(client, imported):
    other = StaffProfileFactory(role="hr_admin")
    client.force_login(other.user)
    assert client.post(f"/accounts/slips/import/{imported.pk}/").status_code == 404


@pytest.mark.parametrize("factory", [StaffProfileFactory, ManagerFactory, TrainerFactory])
def test_only_hr_prints_slips_or_resets(client, imported, factory):
    someone = factory()
    target = StaffProfileFactory()
    client.force_login(someone.user)
    assert client.post(f"/accounts/slips/import/{imported.pk}/").status_code == 403
    assert client.post("/accounts/slips/pending/").status_code == 403
    assert client.post(f"/accounts/people/{target.pk}/slip/").status_code == 403
    assert client.post(f"/accounts/people/{target.pk}/reset/").status_code == 403
    assert not Activation.objects.exists()
    target.user.refresh_from_db()
    assert target.user.has_usable_password()


def test_printing_is_never_a_get(hr_client, imported, newcomer):
    assert hr_client.get(f"/accounts/slips/import/{imported.pk}/").status_code == 405
    assert hr_client.get("/accounts/slips/pending/").status_code == 405
    assert hr_client.get(f"/accounts/people/{newcomer.pk}/slip/").status_code == 405
    assert not Activation.objects.exists()


def test_everyone_waiting_gets_a_slip_from_the_people_list(hr_client, imported, tmp_path):
    StaffProfileFactory(employee_number="E-HAS-PW")  # has a password: no slip
    assert 'action="/accounts/slips/pending/"' in hr_client.get("/people/").content.decode()
    text = pdf_text(hr_client.post("/accounts/slips/pending/").content, tmp_path)
    assert "YG900" in text and "YG901" in text and "E-HAS-PW" not in text


def test_one_persons_slip_from_their_page(hr_client, newcomer, tmp_path):
    page = hr_client.get(f"/people/{newcomer.pk}/").content.decode()
    assert f'action="/accounts/people/{newcomer.pk}/slip/"' in page
    text = pdf_text(hr_client.post(f"/accounts/people/{newcomer.pk}/slip/").content, tmp_path)
    [code] = SLIP_CODE.findall(text)
    assert activation_find(code=code).user == newcomer.user


def test_reset_asks_once_more_then_shows_the_new_code_once(hr_client, hr):
    person = StaffProfileFactory(name="钱芳")
    page = hr_client.get(f"/people/{person.pk}/").content.decode()
    assert f'href="/accounts/people/{person.pk}/reset/"' in page
    confirm = hr_client.get(f"/accounts/people/{person.pk}/reset/")
    assert "钱芳" in confirm.content.decode()
    person.user.refresh_from_db()
    assert person.user.has_usable_password()

    done = hr_client.post(f"/accounts/people/{person.pk}/reset/")
    assert done["Cache-Control"].startswith("max-age=0") or "no-cache" in done["Cache-Control"]
    code = re.search(r'id="activation-code">([^<]+)<', done.content.decode()).group(1)
    assert activation_find(code=code).user == person.user
    person.user.refresh_from_db()
    assert not person.user.has_usable_password()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PERSONAL_CHANGE, actor=hr.user, subject_user=person.user
    ).exists()


def test_a_leaver_cannot_be_reset(hr_client):
    leaver = StaffProfileFactory(left_at="2025-01-01")
    response = hr_client.post(f"/accounts/people/{leaver.pk}/reset/")
    assert response.status_code == 302
    leaver.user.refresh_from_db()
    assert leaver.user.has_usable_password()
