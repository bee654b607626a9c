"""Reads of the evaluation records a view acts on: rubrics, assessment photos, follow-ups and the
completed enrolments a course reaction is given for. A record outside the viewer's scope reads as
None, which views answer as not found."""

from django.contrib.auth.models import AbstractBaseUser

from courses.models import CourseEnrolment, LearningObjective
from skills.models import Assessment, FollowUp, Rubric
from skills.selectors.people import managed_staff


def rubric_active_of(*, pk: int) -> Rubric | None:
    """One active rubric; a retired one (kept for the history of past assessments) is None, so
    no new assessment is recorded against it."""
    return Rubric.objects.filter(is_active=True, pk=pk).first()


def assessment_with_photo_of(*, pk: int) -> Assessment | None:
    """An assessment that has a photo; the caller decides whether the viewer may see it."""
    return Assessment.objects.exclude(photo="").filter(pk=pk).first()


def follow_up_of(*, viewer: AbstractBaseUser, pk: int) -> FollowUp | None:
    """A follow-up of someone the viewer manages (only their manager or HR evaluates it)."""
    return (
        FollowUp.objects.select_related("course", "trainee__staff_profile")
        .filter(trainee_id__in=managed_staff(viewer).values("user_id"), pk=pk)
        .first()
    )


def follow_up_objectives(*, follow_up: FollowUp) -> list[LearningObjective]:
    """The course's learning objectives the evaluator ticks as met on the job."""
    return list(follow_up.course.objectives.all())


def completed_enrolment_of(*, user: AbstractBaseUser, course_id: int) -> CourseEnrolment | None:
    """The user's enrolment in the course if they completed it: only then may they rate it."""
    return (
        CourseEnrolment.objects.select_related("course")
        .filter(user=user, course_id=course_id, completed_at__isnull=False)
        .first()
    )
