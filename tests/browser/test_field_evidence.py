"""Field evidence on phones (390 px): a trainee records a cleaning task with a photo, the manager
of their site reviews it and scores each criterion, and the result is evidence on the trainee's
skill page. No page is wider than the screen; the buttons are thumb-sized."""

import pytest

from fieldwork.models import FieldRecord
from skills.models import Evidence, EvidenceKind
from tests.browser.helpers import login
from tests.factories.skills import CompetencyFactory
from tests.fieldwork.helpers import field_task, gps_photo
from tests.security.conftest import world  # noqa: F401 - the small organisation, as a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_submit_review_and_evidence_on_a_phone(phone, world, tmp_path):  # noqa: F811
    CompetencyFactory(code="cleaning_technique", name="清洁技术")
    task = field_task(competency_code="cleaning_technique")
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(gps_photo().read())

    login(phone, world.trainee.user.username)
    phone.goto("/fieldwork/new/")
    phone.select_option("select[name=task]", str(task.pk))
    phone.set_input_files("input[name=photos]", str(photo))
    phone.fill("textarea[name=notes]", "早班大堂保洁完成。")
    assert no_overflow(phone)
    send = phone.locator("main form button[type=submit]")
    assert send.bounding_box()["height"] >= 44
    send.click()
    phone.wait_for_load_state("networkidle")
    record = FieldRecord.objects.get(trainee=world.trainee.user)
    assert phone.url.endswith(f"/fieldwork/{record.pk}/")
    assert phone.locator(".field-photos img").count() == 1
    assert no_overflow(phone)

    phone.context.clear_cookies()
    login(phone, world.manager_here.user.username)
    phone.goto("/fieldwork/review/")
    assert no_overflow(phone)
    phone.locator(f"a[href$='/fieldwork/{record.pk}/']").click()
    phone.wait_for_load_state("networkidle")
    phone.check("input[name=score_0][value='5']")
    phone.check("input[name=score_1][value='4']")
    phone.fill("textarea[name=note]", "垃圾桶外壁还需擦拭。")
    phone.check("input[name=confirm]")
    assert no_overflow(phone)
    save = phone.locator("form[action$='/review/'] button[type=submit]")
    assert save.bounding_box()["height"] >= 44
    save.click()
    phone.wait_for_load_state("networkidle")
    assert "9/10" in phone.locator(".field-result").inner_text()

    evidence = Evidence.objects.get(kind=EvidenceKind.FIELD, user=world.trainee.user)
    assert evidence.percent == 90 and evidence.passed is True
    phone.goto(f"/skills/team/people/{world.trainee.user_id}/")
    assert "保洁标准达标" in phone.content()
    assert no_overflow(phone)
