import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from org.models import RosterImport, StaffProfile
from tests.factories.org import HRAdminFactory, ManagerFactory
from tests.org.conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    ["YG900", "周明", "13912345678", "客服", "阳光花园", "", "2025-03-01", "", "", ""],
    ["YG901", "钱芳", "13912345679", "厨师", "阳光花园", "", "2025-03-01", "", "", ""],
]


def _upload(client, data, name="roster.xlsx"):
    return client.post(reverse("people:roster_upload"), {"file": SimpleUploadedFile(name, data)})


def test_hr_uploads_previews_then_confirms(client, org_units):
    hr = HRAdminFactory(site=org_units["yg"])
    client.force_login(hr.user)
    response = _upload(client, xlsx_bytes(ROWS))
    roster = RosterImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:roster_preview", args=[roster.pk])

    preview = client.get(response["Location"]).content.decode()
    assert "厨师" in preview  # the bad row is named with its problem
    assert 'data-row="3"' in preview
    assert not StaffProfile.objects.filter(employee_number="YG900").exists()

    # The preview page is a GET and changes nothing; confirming is a POST.
    assert client.get(reverse("people:roster_confirm", args=[roster.pk])).status_code == 405
    response = client.post(reverse("people:roster_confirm", args=[roster.pk]), follow=True)
    assert StaffProfile.objects.filter(employee_number="YG900").exists()
    assert not StaffProfile.objects.filter(employee_number="YG901").exists()
    content = response.content.decode()
    assert "厨师" in content
    assert "13912345678" not in content  # the report and its message never carry phones


def test_an_unreadable_file_shows_a_clear_error_and_stores_nothing(client, org_units):
    client.force_login(HRAdminFactory().user)
    response = _upload(client, b"not a workbook", "roster.xlsx")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert RosterImport.objects.count() == 0


def test_gbk_csv_upload_is_read(client, org_units):
    client.force_login(HRAdminFactory().user)
    _upload(client, csv_bytes(ROWS[:1], encoding="gbk"), "花名册.csv")
    assert RosterImport.objects.get().rows[0]["values"]["name"] == "周明"


def test_another_hr_admin_cannot_see_or_confirm_my_import(client, org_units):
    mine = HRAdminFactory()
    client.force_login(mine.user)
    _upload(client, xlsx_bytes(ROWS))
    roster = RosterImport.objects.get()
    client.force_login(HRAdminFactory().user)
    assert client.get(reverse("people:roster_preview", args=[roster.pk])).status_code == 404
    assert client.post(reverse("people:roster_confirm", args=[roster.pk])).status_code == 404
    assert not StaffProfile.objects.filter(employee_number="YG900").exists()


def test_managers_cannot_import(client, org_units):
    client.force_login(ManagerFactory().user)
    assert _upload(client, xlsx_bytes(ROWS)).status_code == 403
    assert RosterImport.objects.count() == 0


def test_template_download_is_a_workbook_with_the_roster_headers(client, org_units):
    import io

    from openpyxl import load_workbook

    client.force_login(HRAdminFactory().user)
    response = client.get(reverse("people:roster_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in workbook.worksheets[0][1]]
    assert header[:2] == ["工号", "姓名"]
    assert "阳光花园" in str([c.value for row in workbook.worksheets[1].iter_rows() for c in row])


def test_exported_list_can_be_imported_again_without_changes(client, org_units):
    """The export uses the template's columns: HR can edit it and import it back."""
    hr = HRAdminFactory(site=org_units["yg"], post=org_units["kefu"])
    client.force_login(hr.user)
    _upload(client, xlsx_bytes(ROWS[:1]))
    client.post(reverse("people:roster_confirm", args=[RosterImport.objects.get().pk]))
    exported = client.get(reverse("people:staff_export")).content
    _upload(client, exported, "staff.xlsx")
    roster = RosterImport.objects.latest("pk")
    counts = client.get(reverse("people:roster_preview", args=[roster.pk])).context["counts"]
    assert counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}


def test_a_long_roster_shows_it_is_running_then_the_report(
    client, org_units, monkeypatch, django_capture_on_commit_callbacks
):
    from org import services

    monkeypatch.setattr(services, "ROSTER_IMPORT_SYNC_ROWS", 1)
    client.force_login(HRAdminFactory().user)
    _upload(client, xlsx_bytes(ROWS))
    roster = RosterImport.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("people:roster_confirm", args=[roster.pk]), follow=True)
    assert 'role="status"' in response.content.decode()
    assert response.context["roster"].status == RosterImport.Status.QUEUED
    for callback in callbacks:
        callback()
    response = client.get(reverse("people:roster_preview", args=[roster.pk]))
    assert response.context["counts"]["create"] == 1
    assert "厨师" in response.content.decode()
