"""HR roster sync through the API: each row is upserted with org.services.staff_upsert (the path
the spreadsheet import and the demo take), in its own savepoint so one bad row does not undo the
others. Text is sanitised; fields a row leaves out keep their current value, so a partial feed
from the HR system never demotes a manager or drops a department."""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from core.models import AuditEvent
from core.sanitize import sanitize_text
from core.services import audit_record
from org.models import CHANNEL_USER_ID_PATTERN, Department, Post, Site, StaffProfile
from org.services import staff_upsert

MAX_ROWS = 500


class RowError(Exception):
    pass


@dataclass
class RowResult:
    employee_number: str
    status: str  # created | updated | error
    error: str | None = None


def clean_text(value: str | None, *, max_length: int) -> str:
    """Plain text only: markup stripped, control characters (NUL included) removed."""
    text = sanitize_text(value or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return text.strip()[:max_length]


_PHONE = re.compile(r"^1[3-9]\d{9}$")
_CHANNEL_USER_ID = re.compile(CHANNEL_USER_ID_PATTERN)


def _contacts(row: dict, number: str) -> dict[str, str | None]:
    """Email and WeCom / DingTalk user ids of a row: None when the row leaves them out (kept),
    "" to clear, else sanitised and checked; an id another person has is refused."""
    contacts: dict[str, str | None] = {}
    email = row.get("email")
    if email is not None:
        email = clean_text(email, max_length=254)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise RowError("email is not an email address")
    contacts["email"] = email
    for name in ("wecom_userid", "dingtalk_userid"):
        value = row.get(name)
        if value is not None:
            value = clean_text(value, max_length=64)
            if value and not _CHANNEL_USER_ID.match(value):
                raise RowError(f"{name} may only use letters, digits, _ - . and @")
            if value and StaffProfile.objects.filter(**{name: value}).exclude(employee_number=number).exists():
                raise RowError(f"{name} belongs to another staff member")
        contacts[name] = value
    return contacts


def _row_upsert(row: dict) -> bool:
    number = clean_text(row["employee_number"], max_length=32)
    name = clean_text(row["name"], max_length=50)
    if not number or not name:
        raise RowError("employee_number and name must contain text")
    phone = (row.get("phone") or "").strip()
    if phone and not _PHONE.match(phone):
        raise RowError("phone must be a mainland mobile number")
    contacts = _contacts(row, number)
    existing = StaffProfile.objects.select_related("site", "post", "department", "manager", "mentor").filter(
        employee_number=number
    )
    current = existing.first()

    site = current.site if current else None
    if row.get("site_code") is not None:
        site = Site.objects.filter(code=row["site_code"]).first()
        if site is None:
            raise RowError("unknown site_code")
    post = current.post if current else None
    if row.get("post_code") is not None:
        post = Post.objects.filter(code=row["post_code"]).first()
        if post is None:
            raise RowError("unknown post_code")
    department = current.department if current else None
    if row.get("department") is not None:
        department_name = clean_text(row["department"], max_length=100)
        department = Department.objects.filter(site=site, name=department_name).first() if site else None
        if department is None:
            raise RowError("unknown department for this site")
    manager = current.manager if current else None
    if row.get("manager_employee_number") is not None:
        manager = StaffProfile.objects.filter(employee_number=row["manager_employee_number"]).first()
        if manager is None:
            raise RowError("unknown manager_employee_number")
    hire_date: dt.date | None = row.get("hire_date") or (current.hire_date if current else None)
    role = row.get("role") or (current.role if current else "trainee")

    _, created = staff_upsert(
        employee_number=number,
        name=name,
        phone=phone if row.get("phone") is not None else (current.phone if current else ""),
        post=post,
        site=site,
        department=department,
        hire_date=hire_date,
        role=role,
        manager=manager,
        mentor=current.mentor if current else None,
        **contacts,
    )
    return created


def roster_rows_upsert(*, actor: AbstractBaseUser, rows: list[dict]) -> list[RowResult]:
    """Upsert each row; return what happened to each. One audit event records the sync (counts
    only, no personal data)."""
    results = []
    for row in rows[:MAX_ROWS]:
        number = str(row.get("employee_number", ""))[:32]
        try:
            with transaction.atomic():
                created = _row_upsert(row)
        except RowError as error:
            results.append(RowResult(employee_number=number, status="error", error=str(error)))
        else:
            results.append(RowResult(employee_number=number, status="created" if created else "updated"))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ROSTER_IMPORT,
        detail={
            "source": "api",
            "created": sum(r.status == "created" for r in results),
            "updated": sum(r.status == "updated" for r in results),
            "errors": sum(r.status == "error" for r in results),
        },
    )
    return results
