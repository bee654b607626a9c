"""`manage.py integrity`: lists each violation with its rows in the reader's language and exits 1,
or says the records agree and exits 0."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from courses.models import CourseEnrolment
from tests.factories.certificates import CertificateFactory
from tests.factories.records_world import records_world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(catalog):
    """Records made through the services (tests/factories/records_world.py)."""
    return records_world_build()


def run(*args) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command("integrity", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode
    return out.getvalue(), 0


def test_records_that_agree_exit_zero(records):
    output, code = run()
    assert code == 0
    assert "0 violation(s)" in output


def test_each_violation_is_listed_with_its_rows_and_the_command_exits_one(records):
    stranger = CertificateFactory(user=records.manager.user, achievement_key=f"course:{records.course.pk}")
    enrolment = records.enrolment()
    CourseEnrolment.objects.filter(pk=enrolment.pk).update(progress_percent=40)
    output, code = run("--language", "en")
    assert code == 1
    assert (
        f"certificates.achievement  certificates.Certificate #{stranger.pk}: "
        f"It certifies a course its holder has not completed. [courses.CoursePage #{records.course.pk}]"
    ) in output
    assert (
        f"courses.enrolment_progress  courses.CourseEnrolment #{enrolment.pk}: Completed, but progress shows 40%."
        in output
    )
    assert "2 violation(s)" in output


def test_the_sentences_are_in_the_sites_language_by_default(records, settings):
    settings.LANGUAGE_CODE = "zh-hans"  # the site's language (tests run in English)
    CertificateFactory(user=records.manager.user, achievement_key=f"course:{records.course.pk}")
    output, code = run()
    assert code == 1
    assert "证书所证明的课程，持证人并未完成。" in output
    assert "它" not in output and "certifies" not in output


def test_json_output_and_a_chosen_subset(records):
    stranger = CertificateFactory(user=records.manager.user, achievement_key=f"course:{records.course.pk}")
    output, code = run("--json", "--only", "certificates.invariants", "--language", "en")
    document = json.loads(output)
    assert code == 1
    assert document["checked"] == [
        "certificates.invariants.certificates_have_their_achievement",
        "certificates.invariants.reminders_reached_someone",
    ]
    assert document["violations"] == [
        {
            "invariant": "certificates.achievement",
            "model": "certificates.Certificate",
            "pk": stranger.pk,
            "message": "It certifies a course its holder has not completed.",
            "related": [{"model": "courses.CoursePage", "pk": records.course.pk}],
        }
    ]
    assert run("--only", "quizzes")[1] == 0
    with pytest.raises(CommandError):
        call_command("integrity", "--only", "no-such-app", stdout=io.StringIO())
