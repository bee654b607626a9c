"""A whole fire drill on phones at 390 px: the lead plans it, three staff sign in by scanning the
code on the lead's phone (an expired code is refused), the lead records the timeline, a photo,
two findings and an action, the action is closed, the report PDF holds the record (pdftotext),
and each participant's evidence shows on their skill page."""

import datetime as dt
import re
import subprocess

import pytest
from django.utils import timezone

from drills.models import Drill, DrillStatus
from drills.signin import drill_signin_code
from tests.browser.helpers import login
from tests.drills.helpers import jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def new_phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def test_a_whole_drill_on_phones(browser, live_server, phone, tmp_path, settings):
    from org.services import staff_role_sync
    from tests.drills.helpers import fire_type
    from tests.factories.org import ManagerFactory, SiteFactory, StaffProfileFactory
    from tests.factories.skills import CompetencyFactory

    settings.LANGUAGE_CODE = "zh-hans"  # the site's language, which the report is printed in
    site = SiteFactory(code="YG", name="阳光花园")
    SiteFactory(code="CH", name="翠湖苑")
    fire = fire_type()
    CompetencyFactory(code="fire_drill", name="消防应急")
    lead = ManagerFactory(site=site, name="陈经理", managed_sites=[site], user__username="chen")
    staff_role_sync(profile=lead)
    people = [
        StaffProfileFactory(site=site, name=name, user__username=username)
        for name, username in (("王小明", "wang"), ("刘勇", "liu"), ("赵刚", "zhao"))
    ]

    # The lead plans the drill.
    login(phone, "chen")
    phone.goto("/drills/")
    fits(phone)
    phone.click("#plan-drill")
    phone.select_option("#id_site", str(site.pk))
    phone.select_option("#id_drill_type", str(fire.pk))
    phone.fill("#id_planned_on", timezone.localdate().isoformat())
    phone.select_option("#id_lead", str(lead.pk))
    phone.fill("#id_plan", "3 号楼疏散，集合点中心花园。")
    fits(phone)
    phone.click("#plan-form button[type=submit]")
    phone.wait_for_url(re.compile(r"/drills/\d+/$"))
    drill = Drill.objects.get(site=site)
    assert drill.lead == lead.user and drill.status == DrillStatus.PLANNED

    # The lead's phone shows the code; the staff scan it (its address is the QR code's payload).
    phone.click("#show-code")
    phone.wait_for_selector("#signin-qr svg")  # a click does not wait for the next page to load
    assert phone.locator("#signin-qr svg").count() == 1
    fits(phone)
    signin_url = phone.locator("#signin-qr").get_attribute("data-signin-url")
    assert f"/drills/{drill.pk}/sign-in/?code=" in signin_url
    expired = drill_signin_code(drill_id=drill.pk, site_id=site.pk, at=timezone.now() - dt.timedelta(minutes=3))

    contexts = []
    for index, person in enumerate(people):
        context, page = new_phone(browser, live_server)
        contexts.append((context, page))
        login(page, person.user.username)
        if index == 0:
            # A photo of yesterday's code sent to a friend: refused, with a clear message.
            page.goto(f"/drills/{drill.pk}/sign-in/?code={expired}")
            assert "过期" in page.locator("#sign-in-error").inner_text()
            fits(page)
        page.goto(signin_url)
        page.click("#sign-in-button")
        page.wait_for_selector("#signed-in")
        fits(page)
    assert drill.attendances.count() == 3

    # The timeline, a photo, two findings and an action, on the lead's phone.
    phone.goto(f"/drills/{drill.pk}/")
    for kind in ("alarm", "first_response", "evacuation_complete"):
        phone.click(f"#timeline button[data-kind={kind}]")
        phone.wait_for_load_state("networkidle")
    assert phone.locator(".timeline-list li").count() == 3
    assert phone.locator(".timeline-list .elapsed").first.inner_text() == "+0:00"
    photo = tmp_path / "scene.jpg"
    photo.write_bytes(jpeg_with_gps().read())
    phone.set_input_files("#id_photo", str(photo))
    phone.fill("#id_caption", "集合点清点人数")
    phone.click("#photo-form button[type=submit]")
    phone.wait_for_selector(".photo-grid img")
    for text in ("2 单元消防通道堆放自行车", "报警人员未报告起火楼层"):
        phone.fill("#id_text", text)
        phone.click("#finding-form button[type=submit]")
        phone.wait_for_load_state("networkidle")
    assert phone.locator("ol.findings li").count() == 2
    phone.click("#actions details summary")
    phone.fill("#id_description", "清理 2 单元消防通道")
    phone.select_option("#id_owner", str(people[1].pk))
    phone.fill("#id_due_on", (timezone.localdate() + dt.timedelta(days=7)).isoformat())
    phone.click("#action-form button[type=submit]")
    phone.wait_for_selector(".action-row")
    # The lead assesses the first participant's role.
    attendee = phone.locator(".attendee").first
    attendee.locator("summary").click()
    attendee.locator("select[name=role]").select_option("evacuation")
    attendee.locator("input[name=rating][value='4']").check()
    attendee.locator("button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    fits(phone)

    # The owner closes the action, confirming once more.
    owner_page = contexts[1][1]
    owner_page.goto("/drills/")
    owner_page.click("#my-actions a")
    owner_page.fill("#id_note", "通道已清空，张贴提示")
    owner_page.click("#action-close-next")
    owner_page.click("#confirm-action-close")
    owner_page.wait_for_url(re.compile(rf"/drills/{drill.pk}/"))
    assert drill.actions.get().closed_at is not None
    fits(owner_page)

    # The lead closes the drill and downloads the report.
    phone.goto(f"/drills/{drill.pk}/")
    phone.click("#close-drill")
    phone.fill("#id_summary", "6 分钟内疏散完毕")
    phone.click("#close-next")
    phone.click("#confirm-close")
    phone.wait_for_url(re.compile(rf"/drills/{drill.pk}/$"))
    drill.refresh_from_db()
    assert drill.status == DrillStatus.CLOSED
    with phone.expect_download() as download:
        phone.click("#report-pdf")
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    for expected in (
        "消防疏散演练报告",
        "阳光花园",
        "王小明",
        "刘勇",
        "赵刚",
        "疏散引导",
        "发出警报",
        "疏散完毕",
        "+0:00",
        "2 单元消防通道堆放自行车",
        "报警人员未报告起火楼层",
        "清理 2 单元消防通道",
        "通道已清空",
    ):
        assert expected in text, expected

    # Each participant's evidence is on their skill page.
    for context, page in contexts:
        page.goto("/skills/")
        assert "参加演练：阳光花园 · 消防疏散" in page.content()
        fits(page)
        context.close()
