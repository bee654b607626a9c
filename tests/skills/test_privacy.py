import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skills.models import Assessment, CourseReaction, Evidence, PersonalGoal
from skills.services import assessment_record, course_reaction_submit, evidence_correct, goal_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(world):
    trainee = world.trainee_a
    assessment_record(
        trainee=trainee.user,
        assessor=world.manager_a.user,
        rubric=world.rubric,
        scores=[4, 4],
        notes="动作不够熟练，家里有事分心",
        photo=SimpleUploadedFile("x.png", b"png-bytes"),
    )
    course_reaction_submit(user=trainee.user, course=world.course, rating=4, usefulness=4, comment="老师讲得好")
    goal_set(user=trainee.user, horizon="1-3", text="考取电工证")
    entry = Evidence.objects.filter(user=trainee.user).first()
    evidence_correct(evidence=entry, corrected_by=world.manager_a.user, passed=False, note="复核时发现违规操作")
    return trainee


def test_the_export_carries_the_skills_section(recorded, world):
    from privacy.services import personal_data_export

    content = personal_data_export(actor=world.manager_a.user, profile=recorded)
    document = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("personal-data.json"))
    section = document["sections"]["skills"]
    assert section["assessments"][0]["notes"] == "动作不够熟练，家里有事分心"
    assert section["goals"][0]["text"] == "考取电工证"
    assert any(e["note"] == "复核时发现违规操作" for e in section["evidence"])
    assert section["follow_up_evaluations"] == [] and section["course_reactions"][0]["comment"] == "老师讲得好"


def test_erasure_blanks_free_text_and_photos_but_keeps_the_facts(recorded, world):
    from privacy.services import personal_data_erase
    from tests.factories.org import HRAdminFactory

    assessment = Assessment.objects.get(trainee=recorded.user)
    photo_path = assessment.photo.path
    facts = list(Evidence.objects.filter(user=recorded.user).values_list("kind", "passed"))
    personal_data_erase(actor=HRAdminFactory().user, profile=recorded)
    assessment.refresh_from_db()
    assert (assessment.notes, assessment.photo.name, assessment.total_score) == ("", "", 8)
    import os

    assert not os.path.exists(photo_path)
    assert CourseReaction.objects.get(user=recorded.user).comment == ""
    assert PersonalGoal.objects.get(user=recorded.user).text == "—"
    assert set(Evidence.objects.filter(user=recorded.user).values_list("note", flat=True)) == {""}
    assert list(Evidence.objects.filter(user=recorded.user).values_list("kind", "passed")) == facts
