import io
import json
import zipfile

import pytest

from core.models import AuditEvent
from core.personal_data import PersonalDataExportRequested
from privacy.services import personal_data_export

pytestmark = pytest.mark.django_db


def read_export(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["personal-data.json"]
        return json.loads(archive.read("personal-data.json"))


def test_the_export_holds_profile_account_enrolments_and_steps(world):
    document = read_export(personal_data_export(actor=world.hr.user, profile=world.other_trainee))
    sections = document["sections"]
    assert sections["profile"]["name"] == "李四"
    assert sections["profile"]["phone"] == "13700001111"
    assert sections["account"]["username"] == "trainee_b"
    assert [e["course"] for e in sections["course_enrolments"]] == ["投诉处理与沟通技巧"]
    assert [s["step"] for s in sections["step_completions"]] == ["倾听与共情"]


def test_the_export_holds_nothing_about_anyone_else(world):
    raw = personal_data_export(actor=world.hr.user, profile=world.trainee)
    text = json.dumps(read_export(raw), ensure_ascii=False)
    for other in (world.other_trainee, world.trainee_elsewhere, world.manager_here):
        assert other.name not in text
        assert other.phone not in text


def test_an_export_is_audited_without_the_data_itself(world):
    personal_data_export(actor=world.hr.user, profile=world.trainee)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_EXPORT)
    assert event.actor == world.hr.user
    assert event.subject_user == world.trainee.user
    assert "13912345678" not in json.dumps(event.detail)


SEEN = []


def add_quiz_section(event: PersonalDataExportRequested) -> None:
    SEEN.append(event.user_id)
    event.sections["quizzes"] = [{"quiz": "入职考试", "score": "92.00"}]


def test_apps_add_their_own_sections_through_the_export_hook(world, settings):
    key = "core.personal_data.PersonalDataExportRequested"
    settings.LMS_EVENT_LISTENERS = {**settings.LMS_EVENT_LISTENERS, key: [f"{__name__}.add_quiz_section"]}
    document = read_export(personal_data_export(actor=world.hr.user, profile=world.trainee))
    assert document["sections"]["quizzes"] == [{"quiz": "入职考试", "score": "92.00"}]
    assert SEEN[-1] == world.trainee.user.pk
