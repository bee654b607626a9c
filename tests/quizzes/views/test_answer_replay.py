"""The offline queue sends an answer again when it cannot tell whether the first send arrived (the
reply was lost, or the tab came back online and replayed it). The server counts it once: the
replay is acknowledged with the version the first send made and writes nothing; a replay older
than a newer answer is refused and the newer answer stays."""

import json

import pytest
from django.urls import reverse

from quizzes.models import AttemptAnswer, AttemptStatus, QuizAttempt
from quizzes.services import quiz_attempt_start

pytestmark = pytest.mark.django_db


def save(client, attempt, question, response, version):
    url = reverse("quizzes:answer_save", args=[attempt.pk])
    body = {"question": question.pk, "response": response, "version": version}
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_same_answer_version_sent_twice_is_accepted_once(client, quiz, trainee, bank):
    client.force_login(trainee)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    fill = bank["fill_in"]

    first = save(client, attempt, fill, "119", 0)
    saved = AttemptAnswer.objects.get(attempt=attempt, question=fill)
    replay = save(client, attempt, fill, "119", 0)

    assert first.status_code == 200 and first.json()["version"] == 1
    assert replay.status_code == 200 and replay.json() | {"remaining_seconds": None} == first.json() | {
        "remaining_seconds": None
    }
    again = AttemptAnswer.objects.get(attempt=attempt, question=fill)
    assert (again.version, again.response, again.saved_at) == (1, "119", saved.saved_at)


def test_queued_changes_to_one_question_apply_in_order_and_a_late_replay_loses_nothing(client, quiz, trainee, bank):
    client.force_login(trainee)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    fill = bank["fill_in"]

    # three changes queued offline, sent in order with the versions the tab expected
    assert [save(client, attempt, fill, text, v).json()["version"] for v, text in enumerate(["1", "11", "119"])] == [
        1,
        2,
        3,
    ]
    # the first one arrives once more (a retried request): refused, the newest answer stays
    late = save(client, attempt, fill, "1", 0)
    assert late.status_code == 409 and late.json()["code"] == "stale"
    assert late.json()["current"]["response"] == "119"
    # the last one arrives once more: acknowledged, nothing written
    assert save(client, attempt, fill, "119", 2).json()["version"] == 3
    assert AttemptAnswer.objects.get(attempt=attempt, question=fill).version == 3


def test_a_different_answer_at_an_old_version_is_still_refused(client, quiz, trainee, bank):
    client.force_login(trainee)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    fill = bank["fill_in"]
    save(client, attempt, fill, "119", 0)

    other = save(client, attempt, fill, "110", 0)

    assert other.status_code == 409 and other.json()["code"] == "stale"
    assert AttemptAnswer.objects.get(attempt=attempt, question=fill).response == "119"


def test_replayed_answers_are_graded_once_at_hand_in(client, quiz, trainee, bank):
    client.force_login(trainee)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    for _ in range(3):
        save(client, attempt, bank["fill_in"], "119", 0)
        save(client, attempt, bank["true_false"], False, 0)

    client.post(reverse("quizzes:submit", args=[attempt.pk]))

    attempt = QuizAttempt.objects.get(pk=attempt.pk)
    assert attempt.status == AttemptStatus.FINISHED
    answered = [bank["fill_in"].pk, bank["true_false"].pk]
    answers = AttemptAnswer.objects.filter(attempt=attempt, question_id__in=answered)
    assert answers.count() == 2
    assert all(a.version == 1 and a.is_correct for a in answers)
