"""The quizzes app's listeners (settings.LMS_EVENT_LISTENERS): HR's personal-data export and
erasure, and its own marking events turned into notifications."""

from django.db.models import Q
from django.urls import reverse

from core.personal_data import PersonalDataErased, PersonalDataExportRequested
from notifications.services import NotificationRequest, notifications_send
from org.models import Role, StaffProfile
from quizzes.events import EssayAwaitsMarking, QuizAttemptGraded
from quizzes.models import AttemptAnswer
from quizzes.notices import ESSAY_AWAITS_MARKING, MARKING_DONE
from quizzes.services.personal_data import quizzes_personal_data, quizzes_personal_data_erase


def on_personal_data_export(event: PersonalDataExportRequested) -> None:
    event.sections["quizzes"] = quizzes_personal_data(user_id=event.user_id)


def on_personal_data_erase(event: PersonalDataErased) -> None:
    quizzes_personal_data_erase(user_id=event.user_id)


def on_essay_awaits_marking(event: EssayAwaitsMarking) -> None:
    """Every trainer (they mark for the whole company) hears of the essays once per attempt; HR
    admins when there is no trainer."""
    markers = StaffProfile.objects.filter(left_at__isnull=True, erased_at__isnull=True)
    trainers = list(markers.filter(role=Role.TRAINER).values_list("user_id", flat=True))
    recipients = trainers or list(markers.filter(Q(role=Role.HR_ADMIN)).values_list("user_id", flat=True))
    name = StaffProfile.objects.filter(user_id=event.user_id).values_list("name", flat=True).first() or ""
    url = f"{reverse('quizzes:marking')}?quiz={event.quiz_id}"
    notifications_send(
        requests=[
            NotificationRequest(
                user_id=user_id,
                key=f"quiz_attempt:{event.attempt_id}:awaits_marking",
                notice=ESSAY_AWAITS_MARKING,
                params={"quiz": event.quiz_title, "name": name},
                url=url,
            )
            for user_id in recipients
            if user_id != event.user_id
        ]
    )


def on_quiz_attempt_graded(event: QuizAttemptGraded) -> None:
    """When a trainer's marking made the grade final, the trainee hears it (once per attempt; a
    grade final at hand-in was on their screen already)."""
    if not AttemptAnswer.objects.filter(attempt_id=event.attempt_id, marked_at__isnull=False).exists():
        return
    notifications_send(
        requests=[
            NotificationRequest(
                user_id=event.user_id,
                key=f"quiz_attempt:{event.attempt_id}:marked",
                notice=MARKING_DONE,
                params={"quiz": event.quiz_title, "percent": f"{event.percent:f}".rstrip("0").rstrip(".")},
                url=reverse("quizzes:result", args=[event.attempt_id]),
            )
        ]
    )
