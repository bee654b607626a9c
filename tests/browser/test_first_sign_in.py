"""HR imports a new person on a phone, prints the onboarding slips (a real PDF: the code and the
name are in its text), and the new person activates on their own phone with the code, sets a
password and lands in their onboarding programme; from then on the mobile number signs them in."""

import re
import subprocess

import pytest

from org.services import staff_role_sync
from tests.browser.helpers import login
from tests.factories.courses import CoursePageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import HRAdminFactory, PostFactory, SiteFactory
from tests.org.conftest import xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLIP_CODE = re.compile(r"\b([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})\b")
NEW_PASSWORD = "Wo-de-mima-2025"


def test_hr_prints_slips_and_the_newcomer_activates_on_a_phone(phone, browser, live_server, catalog, tmp_path):
    yg = SiteFactory(code="YG", name="阳光花园")
    kefu = PostFactory(code="kefu", name="客服")
    programme = ProgrammeFactory(name="新员工入职培训")
    programme.auto_assign_posts.add(kefu)
    programme.save()  # a ParentalManyToManyField is written on save
    ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(parent=catalog, title="企业文化与规章制度"))
    hr = HRAdminFactory(site=yg, user__username="zhoumin")
    staff_role_sync(profile=hr)
    roster = tmp_path / "花名册.xlsx"
    roster.write_bytes(xlsx_bytes([["YG950", "周新", "13912340950", "客服", "阳光花园", "", "2026-01-05", "", "", ""]]))

    # HR, on a phone: import the roster, then print the slips from the report.
    login(phone, "zhoumin")
    phone.goto("/people/")
    phone.click('a[href="/people/import/"]')
    phone.set_input_files("input[type=file]", str(roster))
    phone.click("form[enctype] button[type=submit]")
    phone.wait_for_load_state("networkidle")
    phone.click(".sticky-actions button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert phone.locator(".count-create strong").inner_text() == "1"
    with phone.expect_download() as download:
        phone.click("#print-slips")
    pdf = tmp_path / "slips.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "周新" in text and "YG950" in text
    [code] = SLIP_CODE.findall(text)

    # The new person, on their own phone: the login page sends them to the first sign-in.
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="zh-CN")
    newcomer = context.new_page()
    newcomer.set_default_timeout(15000)
    try:
        newcomer.goto("/accounts/login/")
        newcomer.click("#first-sign-in")
        newcomer.fill("#id_code", code.lower())
        newcomer.click("main form button[type=submit]")
        newcomer.wait_for_url("**/accounts/activate/password/")
        assert "周新" in newcomer.locator("main").inner_text()
        assert newcomer.evaluate("document.documentElement.scrollWidth") <= 390
        newcomer.fill("#id_new_password1", NEW_PASSWORD)
        newcomer.fill("#id_new_password2", NEW_PASSWORD)
        newcomer.click("main form button[type=submit]")
        newcomer.wait_for_url("**/learning/")
        assert newcomer.locator("section.programme", has_text="新员工入职培训").count() == 1
        assert "YG950" in newcomer.locator(".messages").inner_text()
        assert newcomer.evaluate("document.documentElement.scrollWidth") <= 390

        # The slip works once only; the mobile number signs them in from now on.
        newcomer.click("footer form button[type=submit]")
        newcomer.wait_for_url("**/accounts/login/")
        newcomer.goto("/accounts/activate/")
        newcomer.fill("#id_code", code)
        newcomer.click("main form button[type=submit]")
        newcomer.wait_for_selector("#code-error")  # a click does not wait for the next page to load
        assert newcomer.locator("#code-error").is_visible()
        login(newcomer, "139 1234 0950", NEW_PASSWORD)
        assert newcomer.url.endswith("/learning/")
    finally:
        context.close()
