"""Reads of the regulation register: the register and a regulation's versions, clauses and who
cites them, the review queue, which courses a cited item is part of, and who holds a certificate
resting on a course."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from certificates.models import Certificate
from courses.models import CoursePage, ProgrammeCourse
from quizzes.models import Question, QuestionCategory, QuizPage
from regulations.models import Citation, Clause, Regulation, RegulationVersion, ReviewItem, ReviewStatus


def regulations_register() -> QuerySet[Regulation]:
    """Every regulation with its current version and counts, in three queries whatever the rows."""
    current = RegulationVersion.objects.filter(is_current=True).annotate(clause_count=Count("clauses"))
    return Regulation.objects.annotate(
        citation_count=Count("versions__clauses__citations", distinct=True),
        open_reviews=Count(
            "versions__review_items", filter=Q(versions__review_items__status=ReviewStatus.OPEN), distinct=True
        ),
    ).prefetch_related(Prefetch("versions", queryset=current, to_attr="current_versions"))


def regulation_detail(*, pk: int) -> Regulation:
    """A regulation with its versions (newest first), each version's clauses, and each clause's
    citations with the cited page or question."""
    citations = Citation.objects.select_related("page", "question").order_by("pk")
    clauses = Clause.objects.prefetch_related(Prefetch("citations", queryset=citations)).order_by("position", "pk")
    versions = RegulationVersion.objects.select_related("recorded_by").prefetch_related(
        Prefetch("clauses", queryset=clauses)
    )
    return Regulation.objects.prefetch_related(Prefetch("versions", queryset=versions)).get(pk=pk)


def clauses_citable() -> QuerySet[Clause]:
    """Clauses of each regulation's current version: the ones a trainer may cite."""
    return (
        Clause.objects.filter(version__is_current=True)
        .select_related("version__regulation")
        .order_by("version__regulation__name", "position", "pk")
    )


def review_queue(*, status: str = ReviewStatus.OPEN) -> QuerySet[ReviewItem]:
    """Review items of one status, oldest first, with everything a row shows (one query)."""
    return (
        ReviewItem.objects.filter(status=status)
        .select_related(
            "citation__page",
            "citation__question",
            "old_clause",
            "new_clause",
            "version__regulation",
            "decided_by__staff_profile",
        )
        .order_by("flagged_at", "pk")
    )


def _step_course_id(*, path: str, steplen: int) -> int | None:
    return CoursePage.objects.filter(path=path[:-steplen]).values_list("pk", flat=True).first()


def citation_course_ids(*, citation: Citation) -> list[int]:
    """The courses the cited item is part of: a lesson's or scenario's course; for a question,
    the course of every quiz that puts it on the paper or draws from its category (or a category
    above it)."""
    if citation.page_id:
        page = citation.page
        course_id = _step_course_id(path=page.path, steplen=page.steplen)
        return [course_id] if course_id else []
    question = Question.objects.only("category_id").get(pk=citation.question_id)
    category_ids = []
    category_id = question.category_id
    while category_id and category_id not in category_ids:
        category_ids.append(category_id)
        category_id = QuestionCategory.objects.filter(pk=category_id).values_list("parent_id", flat=True).first()
    quizzes = QuizPage.objects.filter(
        Q(fixed_questions__question_id=citation.question_id) | Q(category_draws__category_id__in=category_ids)
    ).distinct()
    course_ids = []
    for quiz in quizzes.only("path", "depth"):
        course_id = _step_course_id(path=quiz.path, steplen=quiz.steplen)
        if course_id and course_id not in course_ids:
            course_ids.append(course_id)
    return course_ids


def regulation_holders_of_course(*, course_id: int, today: dt.date | None = None) -> QuerySet[Certificate]:
    """Certificates in force (not revoked, not expired, holder not erased or gone) that rest on the
    course: its own course certificate or the certificate of a programme that includes it."""
    today = today or timezone.localdate()
    programme_ids = ProgrammeCourse.objects.filter(course_id=course_id).values_list("programme_id", flat=True)
    keys = [f"course:{course_id}", *(f"programme:{pk}" for pk in programme_ids)]
    return (
        Certificate.objects.filter(achievement_key__in=keys, revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .exclude(user__staff_profile__erased_at__isnull=False)
        .select_related("user")
        .order_by("user_id", "-cycle", "-pk")
    )
