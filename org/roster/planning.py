"""Check roster rows against the organisation and plan each row: create, update, unchanged, or
an error naming the problem. Reads only, in a constant number of queries however long the file.

Rows refer to each other: a manager's or mentor's employee number may be a person further down
the same file. Such a reference is good when that person already exists or their own row is
good; a row whose reference points at a bad row is bad too, so validity is settled by repeating
the check until nothing changes."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from org.models import CHANNEL_USER_ID_PATTERN, Department, Post, Role, Site, StaffProfile, mask_email, mask_phone
from org.roster.columns import LABELS, REQUIRED

EMPLOYEE_NUMBER = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")
CHANNEL_USER_ID = re.compile(CHANNEL_USER_ID_PATTERN)
CHANNEL_FIELDS = ("wecom_userid", "dingtalk_userid")
MAX_LENGTHS = {"name": 50}
EARLIEST_HIRE_DATE = dt.date(1950, 1, 1)

ROLE_WORDS = {
    Role.TRAINEE: ["trainee", "学员", "新员工", "员工", "普通员工"],
    Role.TRAINER: ["trainer", "培训师", "讲师", "教员"],
    Role.MANAGER: ["manager", "经理", "项目经理", "主管", "负责人"],
    Role.HR_ADMIN: ["hr_admin", "hr", "hradmin", "hr admin", "人事", "人事管理员", "管理员"],
}
ROLE_LOOKUP = {word.lower(): role for role, words in ROLE_WORDS.items() for word in words}

# Error codes stored with a confirmed import; the text is chosen at display time so it follows
# the reader's language.
ROW_ERRORS = {
    "missing": gettext_lazy("%(field)s is required."),
    "too_long": gettext_lazy("%(field)s is longer than %(max)s characters."),
    "bad_employee_number": gettext_lazy(
        "Employee number “%(value)s” may only use letters, digits, “-” and “_” (at most 32)."
    ),
    "duplicate": gettext_lazy("Employee number %(value)s already appears in row %(other_row)s."),
    "unknown_post": gettext_lazy("Unknown post “%(value)s”."),
    "unknown_site": gettext_lazy("Unknown site “%(value)s”."),
    "unknown_department": gettext_lazy("Site %(site)s has no department “%(value)s”."),
    "bad_date": gettext_lazy("“%(value)s” is not a date (write it as 2025-03-01)."),
    "date_out_of_range": gettext_lazy("Hire date %(value)s is out of range."),
    "bad_phone": gettext_lazy("Phone %(value)s is not an 11-digit mainland mobile number."),
    "unknown_role": gettext_lazy("Unknown role “%(value)s” (use 学员, 培训师, 经理 or 人事)."),
    "unknown_manager": gettext_lazy("No staff member has the manager's employee number %(value)s."),
    "manager_row_bad": gettext_lazy("The manager %(value)s is skipped because their own row has errors."),
    "unknown_mentor": gettext_lazy("No staff member has the mentor's employee number %(value)s."),
    "mentor_row_bad": gettext_lazy("The mentor %(value)s is skipped because their own row has errors."),
    "self_manager": gettext_lazy("A person cannot be their own manager."),
    "self_mentor": gettext_lazy("A person cannot be their own mentor."),
    "username_taken": gettext_lazy("A login named %(value)s already exists for someone else."),
    "bad_email": gettext_lazy("%(value)s is not an email address."),
    "bad_channel_id": gettext_lazy(
        "%(field)s “%(value)s” may only use letters, digits, “_”, “-”, “.” and “@” (at most 64)."
    ),
    "channel_id_duplicate": gettext_lazy("%(field)s %(value)s already appears in row %(other_row)s."),
    "channel_id_taken": gettext_lazy("%(field)s %(value)s already belongs to %(other)s."),
}


def row_error_text(error: dict) -> str:
    params = dict(error.get("params", {}))
    if "field" in params:
        params["field"] = LABELS.get(params["field"], params["field"])
    return str(ROW_ERRORS[error["code"]]) % params


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class RowPlan:
    row: int
    values: dict
    action: str = Action.ERROR
    errors: list[dict] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # fields that an update changes
    existing: StaffProfile | None = None
    post: Post | None = None
    site: Site | None = None
    department: Department | None = None
    hire_date: dt.date | None = None
    phone: str = ""
    role: str | None = None
    manager_number: str = ""
    mentor_number: str = ""
    email: str = ""
    wecom_userid: str = ""
    dingtalk_userid: str = ""

    @property
    def number(self) -> str:
        return self.values.get("employee_number", "")

    @property
    def error_texts(self) -> list[str]:
        return [row_error_text(error) for error in self.errors]

    @property
    def change_labels(self) -> list[str]:
        return [str(LABELS[name]) for name in self.changes]

    def add_error(self, code: str, **params) -> None:
        self.errors.append({"code": code, "params": params})


@dataclass
class RosterPlan:
    rows: list[RowPlan]
    # Existing staff named anywhere in the file (as a row or as a manager or mentor), by number.
    staff: dict[str, StaffProfile] = field(default_factory=dict)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in (Action.CREATE, Action.UPDATE, Action.UNCHANGED, Action.ERROR)}

    @property
    def changing_rows(self) -> list[RowPlan]:
        """What the preview lists: every row but the unchanged ones (a re-imported roster of
        thousands shows only its few differences)."""
        return [row for row in self.rows if row.action != Action.UNCHANGED]

    @property
    def good_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action != Action.ERROR]


@dataclass
class _Lookups:
    posts: dict[str, Post]
    sites: dict[str, Site]
    departments: dict[tuple[int, str], Department]
    staff: dict[str, StaffProfile]
    usernames: set[str]
    # (field, WeCom or DingTalk user id) -> the employee number of the person who has it now.
    channel_ids: dict[tuple[str, str], str]


def _load_lookups(rows: list[dict]) -> _Lookups:
    posts: dict[str, Post] = {}
    for post in Post.objects.all():
        posts[post.code.lower()] = post
        posts[post.name.lower()] = post
        # "秩序/安保" is also written "秩序" or "安保".
        for part in post.name.split("/"):
            posts.setdefault(part.strip().lower(), post)
    sites: dict[str, Site] = {}
    for site in Site.objects.all():
        sites[site.code.lower()] = site
        sites[site.name.lower()] = site
    departments: dict[tuple[int, str], Department] = {}
    for department in Department.objects.all():
        departments[(department.site_id, department.name.lower())] = department
        # "客服" for "客服部".
        departments.setdefault((department.site_id, department.name.removesuffix("部").lower()), department)
    numbers = set()
    for row in rows:
        values = row["values"]
        numbers.update(values.get(key, "") for key in ("employee_number", "manager_number", "mentor_number"))
    # An existing person's department is read for the "keep what they have" case.
    numbers.discard("")
    staff = {
        p.employee_number: p
        for p in StaffProfile.objects.filter(employee_number__in=numbers).select_related(
            "manager", "mentor", "department"
        )
    }
    usernames = set(
        get_user_model()
        .objects.filter(username__in=numbers, staff_profile__isnull=True)
        .values_list("username", flat=True)
    )
    wanted = {name: {row["values"].get(name, "") for row in rows} - {""} for name in CHANNEL_FIELDS}
    channel_ids = {}
    for number, *ids in StaffProfile.objects.filter(
        Q(wecom_userid__in=wanted["wecom_userid"]) | Q(dingtalk_userid__in=wanted["dingtalk_userid"])
    ).values_list("employee_number", *CHANNEL_FIELDS):
        channel_ids.update({(name, value): number for name, value in zip(CHANNEL_FIELDS, ids, strict=True) if value})
    return _Lookups(
        posts=posts,
        sites=sites,
        departments=departments,
        staff=staff,
        usernames=usernames,
        channel_ids=channel_ids,
    )


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        # An Excel serial day number that lost its date format.
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(float(text)))
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?", text)
    if not match:
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        raise ValueError(text)
    return dt.date(*(int(part) for part in match.groups()))


def _normalise_phone(text: str) -> str:
    phone = re.sub(r"[\s\-()（）]", "", text)
    for prefix in ("+86", "0086", "86"):
        if phone.startswith(prefix) and len(phone) == 11 + len(prefix):
            phone = phone[len(prefix) :]
    return phone


def _check_contacts(plan: RowPlan, lookups: _Lookups, first_row_of: dict[str, int]) -> None:
    """Email and the WeCom / DingTalk user ids: well formed, and each id one person's only (a
    company sign-on and a work message must never find two people)."""
    email = plan.values.get("email", "").strip()
    if email:
        local, _at, domain = email.rpartition("@")
        plan.email = f"{local}@{domain.lower()}" if local else email
        try:
            validate_email(plan.email)
        except ValidationError:
            plan.add_error("bad_email", value=mask_email(plan.email))
    for name in CHANNEL_FIELDS:
        value = plan.values.get(name, "").strip()
        if not value:
            continue
        setattr(plan, name, value)
        if not CHANNEL_USER_ID.match(value):
            plan.add_error("bad_channel_id", field=name, value=value[:64])
        elif first_row_of.setdefault(f"{name}:{value}", plan.row) != plan.row:
            plan.add_error("channel_id_duplicate", field=name, value=value, other_row=first_row_of[f"{name}:{value}"])
        elif lookups.channel_ids.get((name, value), plan.number) != plan.number:
            plan.add_error("channel_id_taken", field=name, value=value, other=lookups.channel_ids[(name, value)])


def _check_row(plan: RowPlan, lookups: _Lookups, first_row_of: dict[str, int]) -> None:
    values = plan.values
    for name in REQUIRED:
        if not values.get(name):
            plan.add_error("missing", field=name)
    number = values.get("employee_number", "")
    if number:
        if not EMPLOYEE_NUMBER.match(number):
            plan.add_error("bad_employee_number", value=number)
        elif first_row_of.setdefault(number, plan.row) != plan.row:
            plan.add_error("duplicate", value=number, other_row=first_row_of[number])
        elif number not in lookups.staff and number in lookups.usernames:
            plan.add_error("username_taken", value=number)
    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            plan.add_error("too_long", field=name, max=limit)
    if values.get("post"):
        plan.post = lookups.posts.get(values["post"].lower())
        if plan.post is None:
            plan.add_error("unknown_post", value=values["post"])
    if values.get("site"):
        plan.site = lookups.sites.get(values["site"].lower())
        if plan.site is None:
            plan.add_error("unknown_site", value=values["site"])
    if values.get("department") and plan.site is not None:
        plan.department = lookups.departments.get((plan.site.pk, values["department"].lower()))
        if plan.department is None:
            plan.add_error("unknown_department", value=values["department"], site=plan.site.name)
    if values.get("hire_date"):
        try:
            plan.hire_date = _parse_date(values["hire_date"])
        except ValueError:
            plan.add_error("bad_date", value=values["hire_date"])
        else:
            latest = timezone.localdate() + dt.timedelta(days=366)
            if not EARLIEST_HIRE_DATE <= plan.hire_date <= latest:
                plan.add_error("date_out_of_range", value=plan.hire_date.isoformat())
    if values.get("phone"):
        plan.phone = _normalise_phone(values["phone"])
        if not MAINLAND_MOBILE.match(plan.phone):
            # The message names the number only masked: reports and logs never carry phones.
            plan.add_error("bad_phone", value=mask_phone(plan.phone))
    if values.get("role"):
        plan.role = ROLE_LOOKUP.get(values["role"].strip().lower())
        if plan.role is None:
            plan.add_error("unknown_role", value=values["role"])
    for key, kind in (("manager_number", "manager"), ("mentor_number", "mentor")):
        if values.get(key) and values[key] == number:
            plan.add_error(f"self_{kind}")
    _check_contacts(plan, lookups, first_row_of)


def _check_references(plans: list[RowPlan], lookups: _Lookups) -> None:
    good_in_file = {plan.number for plan in plans if not plan.errors}
    in_file = {plan.number for plan in plans}
    changed = True
    while changed:
        changed = False
        for plan in plans:
            if plan.errors:
                continue
            for key, kind in (("manager_number", "manager"), ("mentor_number", "mentor")):
                ref = plan.values.get(key, "")
                if not ref or ref in lookups.staff or ref in good_in_file:
                    continue
                plan.add_error(f"{kind}_row_bad" if ref in in_file else f"unknown_{kind}", value=ref)
            if plan.errors:
                good_in_file.discard(plan.number)
                changed = True


def _decide(plan: RowPlan, lookups: _Lookups) -> None:
    if plan.errors:
        plan.action = Action.ERROR
        return
    existing = lookups.staff.get(plan.number)
    plan.existing = existing
    plan.manager_number = plan.values.get("manager_number", "")
    plan.mentor_number = plan.values.get("mentor_number", "")
    if existing is None:
        plan.action = Action.CREATE
        plan.role = plan.role or Role.TRAINEE
        return
    # Optional columns missing from the file keep what the person has; a blank role keeps theirs.
    absent = {"phone", "department", "hire_date", "manager_number", "mentor_number"} - set(plan.values)
    if "phone" in absent:
        plan.phone = existing.phone
    for name in ("email", *CHANNEL_FIELDS):
        if name not in plan.values:
            setattr(plan, name, getattr(existing, name))
    if "department" in absent:
        plan.department = existing.department
    if "hire_date" in absent:
        plan.hire_date = existing.hire_date
    if "manager_number" in absent:
        plan.manager_number = existing.manager.employee_number if existing.manager else ""
    if "mentor_number" in absent:
        plan.mentor_number = existing.mentor.employee_number if existing.mentor else ""
    plan.role = plan.role or existing.role
    wanted = {
        "name": plan.values["name"],
        "phone": plan.phone,
        "post": plan.post.pk if plan.post else None,
        "site": plan.site.pk if plan.site else None,
        "department": plan.department.pk if plan.department else None,
        "hire_date": plan.hire_date,
        "manager_number": plan.manager_number,
        "mentor_number": plan.mentor_number,
        "role": plan.role,
        "email": plan.email,
        "wecom_userid": plan.wecom_userid,
        "dingtalk_userid": plan.dingtalk_userid,
    }
    current = {
        "name": existing.name,
        "phone": existing.phone,
        "post": existing.post_id,
        "site": existing.site_id,
        "department": existing.department_id,
        "hire_date": existing.hire_date,
        "manager_number": existing.manager.employee_number if existing.manager else "",
        "mentor_number": existing.mentor.employee_number if existing.mentor else "",
        "role": existing.role,
        "email": existing.email,
        "wecom_userid": existing.wecom_userid,
        "dingtalk_userid": existing.dingtalk_userid,
    }
    plan.changes = [name for name in wanted if wanted[name] != current[name]]
    plan.action = Action.UPDATE if plan.changes else Action.UNCHANGED


def roster_plan(*, rows: list[dict]) -> RosterPlan:
    """What importing these rows would do now, row by row, with every problem of a bad row."""
    lookups = _load_lookups(rows)
    plans = [RowPlan(row=row["row"], values=dict(row["values"])) for row in rows]
    first_row_of: dict[str, int] = {}
    for plan in plans:
        _check_row(plan, lookups, first_row_of)
    _check_references(plans, lookups)
    for plan in plans:
        _decide(plan, lookups)
    return RosterPlan(rows=plans, staff=lookups.staff)
