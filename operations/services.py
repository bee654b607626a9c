"""Recording what the property-management system reports, and the retraining it leads to."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.sanitize import sanitize_text
from core.services import audit_record
from courses.models.records import AssignmentSource
from courses.services import course_refresher_assign
from notifications.services import notification_send
from operations.models import OperationsOutcome, OutcomeCategory, OutcomeKind, RetrainingRule
from operations.notices import RETRAINING_ASSIGNED
from operations.selectors import retraining_rule_for
from org.models import StaffProfile


class UnknownEmployee(Exception):
    pass


class UnknownCategory(Exception):
    pass


def _reason(*, outcome: OperationsOutcome) -> str:
    """Why the refresher was assigned, in the site's language (the row keeps one text; the person
    and the manager both read it): the outcome, its category and the other system's reference."""
    with translation.override(settings.LANGUAGE_CODE):
        kind = str(OutcomeKind(outcome.kind).label)
        if outcome.category_id:
            kind = _("%(kind)s (%(category)s)") % {"kind": kind, "category": outcome.category.name}
        return _("%(outcome)s on %(date)s, reference %(reference)s") % {
            "outcome": kind,
            "date": timezone.localdate(outcome.occurred_at).isoformat(),
            "reference": outcome.external_id,
        }


def operations_outcome_record(
    *,
    external_id: str,
    kind: str,
    employee_number: str,
    category_code: str = "",
    occurred_at: dt.datetime | None = None,
    summary: str = "",
    received_by: AbstractBaseUser | None = None,
) -> tuple[OperationsOutcome, bool]:
    """Record one outcome, once per `external_id`: a second post of the same id returns the first
    record (created False) and assigns nothing more, even when two arrive at the same moment (the
    unique external id decides; the loser reads the winner's row). A new outcome whose kind and
    category have an active rule assigns that rule's course as a refresher (source OPERATIONS, with
    the reason), notifies the person and is audited; without a rule it is recorded only.
    Raises UnknownEmployee or UnknownCategory naming the value, and records nothing then."""
    external_id = sanitize_text(external_id).strip()[:64]
    existing = OperationsOutcome.objects.filter(external_id=external_id).first()
    if existing is not None:
        return existing, False
    profile = StaffProfile.objects.select_related("user").filter(employee_number=employee_number.strip()).first()
    if profile is None:
        raise UnknownEmployee(employee_number)
    category = None
    if category_code:
        category = OutcomeCategory.objects.filter(code=category_code.strip()).first()
        if category is None:
            raise UnknownCategory(category_code)
    try:
        with transaction.atomic():
            outcome = OperationsOutcome.objects.create(
                external_id=external_id,
                kind=kind,
                category=category,
                user=profile.user,
                occurred_at=occurred_at or timezone.now(),
                summary=sanitize_text(summary)[:500],
                received_by=received_by if getattr(received_by, "is_authenticated", False) else None,
            )
            _retraining_assign(outcome=outcome)
    except IntegrityError:
        # The same id posted concurrently: the other request recorded it (and assigned once).
        return OperationsOutcome.objects.get(external_id=external_id), False
    return outcome, True


def _retraining_assign(*, outcome: OperationsOutcome) -> None:
    rule: RetrainingRule | None = retraining_rule_for(kind=outcome.kind, category=outcome.category)
    audit_detail = {"external_id": outcome.external_id, "kind": outcome.kind, "rule": rule.pk if rule else None}
    if rule is not None:
        reason = _reason(outcome=outcome)
        enrolment = course_refresher_assign(
            user=outcome.user,
            course=rule.course,
            due_date=timezone.localdate() + dt.timedelta(days=rule.due_days),
            source=AssignmentSource.OPERATIONS,
            reason=reason,
        )
        outcome.rule, outcome.enrolment = rule, enrolment
        outcome.save(update_fields=["rule", "enrolment"])
        audit_detail["enrolment"] = enrolment.pk
        notification_send(
            user_id=outcome.user_id,
            key=f"operations:{outcome.pk}",
            notice=RETRAINING_ASSIGNED,
            params={"course": rule.course.title, "reason": reason},
            url=rule.course.url or "",
        )
    audit_record(
        actor=outcome.received_by,
        action="operations_outcome_recorded",
        obj=outcome,
        subject_user=outcome.user,
        detail=audit_detail,
    )


def operations_personal_data(*, user_id: int) -> list[dict]:
    """What the property-management system reported about the person, for an HR export."""
    return [
        {
            "external_id": outcome.external_id,
            "kind": outcome.kind,
            "category": outcome.category.name if outcome.category else "",
            "occurred_at": outcome.occurred_at.isoformat(),
            "summary": outcome.summary,
        }
        for outcome in OperationsOutcome.objects.filter(user_id=user_id).select_related("category")
    ]


def operations_personal_data_erase(*, user_id: int) -> None:
    """A leaver's outcome summaries (free text about them) are blanked; the facts that an outcome
    was reported and a refresher assigned stay."""
    OperationsOutcome.objects.filter(user_id=user_id).update(summary="")
