"""The evidence log: append an entry, or correct one by appending its replacement."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from skills.messages import StoredMessage
from skills.models import Competency, Evidence


class EvidenceAlreadyCorrected(Exception):
    pass


def evidence_values_check(*, percent: Decimal | None, rating: Decimal | None) -> None:
    errors = {}
    if percent is not None and not 0 <= percent <= 100:
        errors["percent"] = _("Percent: %(value)s is outside 0–100.") % {"value": percent}
    if rating is not None and not 1 <= rating <= 5:
        errors["rating"] = _("Rating: %(value)s is outside 1–5.") % {"value": rating}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def evidence_record(
    *,
    user: AbstractBaseUser,
    kind: str,
    title: str | StoredMessage,
    source_type: str,
    title_params: dict | None = None,
    source_id: str = "",
    occurred_at: dt.datetime | None = None,
    recorded_by: AbstractBaseUser | None = None,
    competency: Competency | None = None,
    course: Page | None = None,
    page: Page | None = None,
    score: Decimal | None = None,
    percent: Decimal | None = None,
    passed: bool | None = None,
    rating: Decimal | None = None,
    note: str = "",
    recommend: bool = True,
) -> Evidence:
    """Append one piece of evidence. When the same source already has an entry in force for the
    same competency (a quiz re-graded after essay marking, a hook replayed), the new entry
    supersedes it, so a source never counts twice and the history shows the change. A percent
    outside 0–100 or a rating outside 1–5 is refused (ValidationError naming the field): the log
    is append-only, so a wrong figure could never be mended in place. A title given as a
    StoredMessage (with its `title_params`) is shown in each reader's language; the text in the
    active language is kept as well."""
    evidence_values_check(percent=percent, rating=rating)
    title_params = title_params or {}
    title_message, title = (title.id, title.render(title_params)) if isinstance(title, StoredMessage) else ("", title)
    previous = None
    if source_id:
        previous = (
            Evidence.objects.active()
            .select_for_update(of=("self",))
            .filter(user=user, source_type=source_type, source_id=source_id, competency=competency)
            .first()
        )
    entry = Evidence.objects.create(
        user=user,
        kind=kind,
        title=title[:200],
        title_message=title_message,
        title_params=title_params,
        source_type=source_type,
        source_id=source_id,
        occurred_at=occurred_at or timezone.now(),
        recorded_by=recorded_by if getattr(recorded_by, "is_authenticated", False) else None,
        competency=competency,
        course=course,
        page=page,
        score=score,
        percent=percent,
        passed=passed,
        rating=rating,
        note=note[:500],
        supersedes=previous,
    )
    if recommend:
        from skills.services.levels import skill_level_recommend

        skill_level_recommend(user=user)
    return entry


@transaction.atomic
def evidence_correct(
    *,
    evidence: Evidence,
    corrected_by: AbstractBaseUser,
    note: str,
    withdraw: bool = False,
    score: Decimal | None = None,
    percent: Decimal | None = None,
    passed: bool | None = None,
    rating: Decimal | None = None,
) -> Evidence:
    """Correct an entry by appending its replacement (or a withdrawal). The original row is never
    touched; only the entry in force can be corrected, so corrections form a single chain. New
    values given are range-checked as in evidence_record."""
    evidence_values_check(percent=percent, rating=rating)
    current = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if Evidence.objects.filter(supersedes=current).exists():
        raise EvidenceAlreadyCorrected(f"Evidence {current.pk} was already corrected.")
    entry = Evidence.objects.create(
        user_id=current.user_id,
        kind=current.kind,
        title=current.title,
        title_message=current.title_message,
        title_params=current.title_params,
        source_type=current.source_type,
        source_id=current.source_id,
        occurred_at=current.occurred_at,
        recorded_by=corrected_by,
        competency_id=current.competency_id,
        course_id=current.course_id,
        page_id=current.page_id,
        score=None if withdraw else (score if score is not None else current.score),
        percent=None if withdraw else (percent if percent is not None else current.percent),
        passed=None if withdraw else (passed if passed is not None else current.passed),
        rating=None if withdraw else (rating if rating is not None else current.rating),
        withdrawn=withdraw,
        note=note[:500],
        supersedes=current,
    )
    from skills.services.levels import skill_level_recommend

    skill_level_recommend(user=current.user)
    return entry
