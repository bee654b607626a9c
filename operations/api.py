"""/api/v1/operations/: the property-management system reports outcomes about staff. Posted by
the integration's own login (an HR admin's role, its API token); each post is idempotent by its
external id, so a retry after a lost reply records and assigns nothing twice."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field, StringConstraints

from operations.models import OutcomeKind
from operations.services import UnknownCategory, UnknownEmployee, operations_outcome_record
from org.models import Role
from org.selectors import user_role

router = Router(tags=["operations"])


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


AUTH_ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}


class OutcomeIn(Schema):
    external_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    kind: OutcomeKind
    employee_number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
    category: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = Field(
        "", description="The category code, as set up under Retraining in the admin; empty for none"
    )
    occurred_at: dt.datetime | None = None
    summary: Annotated[str, StringConstraints(max_length=500)] = ""


class OutcomeOut(Schema):
    id: int
    external_id: str
    kind: str
    employee_number: str
    created: bool
    assigned_course: str | None
    enrolment_id: int | None
    reason: str


@router.post(
    "/outcomes",
    response={200: OutcomeOut, 201: OutcomeOut, 400: ErrorOut, **AUTH_ERRORS},
    summary="Report an outcome about a staff member (idempotent by external id)",
    url_name="operations_outcome",
)
def outcome_post(request: HttpRequest, payload: OutcomeIn):
    """An upheld complaint (with its category), a work order overdue or reopened, or a safety
    incident, naming the staff member by employee number. 201: recorded now (with the refresher
    it assigned, if a rule matches); 200: this external id was already recorded, nothing changed.
    400 names an unknown employee number or category; nothing is recorded then."""
    if user_role(request.user) != Role.HR_ADMIN:
        raise HttpError(403, "Forbidden")
    try:
        outcome, created = operations_outcome_record(
            external_id=payload.external_id,
            kind=payload.kind.value,
            employee_number=payload.employee_number,
            category_code=payload.category,
            occurred_at=payload.occurred_at,
            summary=payload.summary,
            received_by=request.user,
        )
    except UnknownEmployee as exc:
        return 400, {"detail": f"Unknown employee number: {exc}"}
    except UnknownCategory as exc:
        return 400, {"detail": f"Unknown category: {exc}"}
    enrolment = outcome.enrolment
    return (201 if created else 200), {
        "id": outcome.pk,
        "external_id": outcome.external_id,
        "kind": outcome.kind,
        "employee_number": payload.employee_number,
        "created": created,
        "assigned_course": enrolment.course.title if enrolment else None,
        "enrolment_id": enrolment.pk if enrolment else None,
        "reason": enrolment.reason if enrolment else "",
    }
