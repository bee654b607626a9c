"""Writes about people: create or update a staff member (the path both the roster import and the
demo take), and keep their login's groups in line with their role."""

import datetime as dt
import hashlib
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.events import event_announce
from core.exports import stored_file_delete_on_commit
from core.models import AuditEvent
from core.services import audit_record
from org.events import StaffHired, StaffPostChanged
from org.models import Department, Post, PostTenure, Role, RosterImport, Site, SiteType, StaffProfile
from org.roster import roster_plan, roster_read
from org.roster.planning import Action
from org.roster.writing import staff_workbook

logger = logging.getLogger(__name__)

# Wagtail groups that give each role its admin rights (created by the migration in org).
ROLE_GROUPS = {
    Role.TRAINER: ["Editors", "Moderators"],
    Role.HR_ADMIN: ["HR admins"],
    Role.MANAGER: [],
    Role.TRAINEE: [],
}


def staff_role_sync(*, profile: StaffProfile, is_new_user: bool = False) -> None:
    """Give the login exactly the groups of its role; trainers and HR admins reach the Wagtail admin.
    Only the differences are written (a roster import calls this once per person)."""
    user = profile.user
    wanted = set(ROLE_GROUPS.get(profile.role, []))
    managed = {name for names in ROLE_GROUPS.values() for name in names}
    current = set() if is_new_user else set(user.groups.filter(name__in=managed).values_list("name", flat=True))
    if current == wanted:
        return
    groups = {group.name: group for group in Group.objects.filter(name__in=(wanted | current))}
    to_remove = [groups[name] for name in current - wanted if name in groups]
    to_add = [groups[name] for name in wanted - current if name in groups]
    if to_remove:
        user.groups.remove(*to_remove)
    if to_add:
        user.groups.add(*to_add)


@transaction.atomic
def staff_upsert(
    *,
    employee_number: str,
    name: str,
    phone: str = "",
    post: Post | None = None,
    site: Site | None = None,
    department: Department | None = None,
    hire_date: dt.date | None = None,
    role: str = Role.TRAINEE,
    manager: StaffProfile | None = None,
    mentor: StaffProfile | None = None,
    password: str | None = None,
    username: str | None = None,
    email: str | None = None,
    wecom_userid: str | None = None,
    dingtalk_userid: str | None = None,
) -> tuple[StaffProfile, bool]:
    """Create or update the staff member with this employee number (the key HR uses), so importing
    the same roster twice updates rather than duplicates. A new member gets a login named by
    their employee number (unusable password unless one is given). Hiring and a change of post are
    announced (org.events), so the courses app can assign the post's programmes. Email and the
    WeCom / DingTalk user ids left as None keep what the person has (a feed that does not carry
    them never clears them)."""
    User = get_user_model()
    profile = StaffProfile.objects.select_related("user").filter(employee_number=employee_number).first()
    created = profile is None
    if created:
        user = User(username=username or employee_number)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        profile = StaffProfile(user=user, employee_number=employee_number)
    elif password:
        profile.user.set_password(password)
        profile.user.save(update_fields=["password"])
    previous_post_id = profile.post_id
    post_changed = not created and post is not None and previous_post_id != post.pk
    post_cleared = not created and post is None and previous_post_id is not None
    profile.name = name
    profile.phone = phone
    profile.post = post
    profile.site = site
    profile.department = department
    profile.hire_date = hire_date
    if created:
        profile.post_since = hire_date
    elif post_changed:
        profile.post_since = timezone.localdate()
    profile.role = role
    profile.manager = manager
    profile.mentor = mentor
    for name, value in (("email", email), ("wecom_userid", wecom_userid), ("dingtalk_userid", dingtalk_userid)):
        if value is not None:
            setattr(profile, name, value)
    profile.save()
    if created or post_changed or post_cleared:  # no post any more: the open tenure ends
        post_tenure_record(
            profile=profile,
            post_id=post.pk if post else None,
            on=timezone.localdate() if post_cleared else profile.post_since or timezone.localdate(),
        )
    staff_role_sync(profile=profile, is_new_user=created)
    if created:
        event_announce(
            StaffHired(
                user_id=profile.user_id,
                staff_profile_id=profile.pk,
                post_id=profile.post_id,
                site_id=profile.site_id,
                hire_date=hire_date,
            )
        )
    elif post_changed:
        event_announce(
            StaffPostChanged(
                user_id=profile.user_id,
                staff_profile_id=profile.pk,
                post_id=profile.post_id,
                previous_post_id=previous_post_id,
                site_id=profile.site_id,
                changed_on=profile.post_since,
            )
        )
    return profile, created


def staff_set_scope(*, profile: StaffProfile, sites: list[Site] = (), departments: list[Department] = ()) -> None:
    profile.managed_sites.set(sites)
    profile.managed_departments.set(departments)


@transaction.atomic
def site_type_assign(*, site: Site, code: str, name: str) -> SiteType:
    """Say what kind of place `site` is, creating the site type (by its code) the first time it
    is named. Rules that depend on the kind of place (how often each drill is due) follow it."""
    site_type, _created = SiteType.objects.get_or_create(code=code, defaults={"name": name})
    if site.site_type_id != site_type.pk:
        site.site_type = site_type
        site.save(update_fields=["site_type"])
    return site_type


@transaction.atomic
def staff_admin_saved(*, profile: StaffProfile, actor: AbstractBaseUser, changed_fields: list[str]) -> None:
    """After an HR admin edits a person in the admin: the login's groups follow the (possibly
    new) role, a non-manager keeps no scope, and the change is audited (field names only)."""
    if profile.role != Role.MANAGER:
        staff_set_scope(profile=profile)
    if "post" in changed_fields:
        post_tenure_record(profile=profile, post_id=profile.post_id, on=timezone.localdate())
    staff_role_sync(profile=profile)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PERSONAL_CHANGE,
        obj=profile,
        subject_user=profile.user,
        detail={"fields": sorted(changed_fields)},
    )


def post_tenure_record(*, profile: StaffProfile, post_id: int | None, on: dt.date) -> PostTenure | None:
    """The person holds `post_id` from `on`: the open tenure in another post ends the day before
    (or is replaced, when it began that same day), and a tenure in the new post opens. Setting
    the post they already hold changes nothing; no post (None) only ends the open tenure. Yearly
    targets are pro-rated by these days."""
    with transaction.atomic():
        current = PostTenure.objects.select_for_update().filter(profile=profile, ended_on__isnull=True).first()
        if current is not None and current.post_id == post_id:
            return current
        if current is not None:
            if current.started_on >= on:
                current.delete()
            else:
                current.ended_on = on - dt.timedelta(days=1)
                current.save(update_fields=["ended_on"])
        if post_id is None:
            return None
        return PostTenure.objects.create(profile=profile, post_id=post_id, started_on=on)


def staff_detail_viewed(*, actor: AbstractBaseUser, profile: StaffProfile) -> None:
    """Opening a person's page shows personal data: it is audited."""
    audit_record(actor=actor, action=AuditEvent.Action.PERSONAL_VIEW, obj=profile, subject_user=profile.user)


def staff_export(*, actor: AbstractBaseUser, staff: QuerySet[StaffProfile], mask_phones: bool, filters: dict) -> bytes:
    """The listed staff as an .xlsx in the roster's own columns (so HR can edit and re-import
    it), audited with how many people and which filters, never the data itself."""
    people = list(staff)
    content = staff_workbook(people, mask_phones=mask_phones)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PERSONAL_EXPORT,
        detail={"count": len(people), "filters": {k: v for k, v in filters.items() if v not in (None, "")}},
    )
    return content


class RosterImportError(Exception):
    pass


# Up to this many rows are imported while the uploader waits; longer files go to a task worker
# (about 8 ms a row: see docs/benchmarks/org.md).
ROSTER_IMPORT_SYNC_ROWS = 300


@transaction.atomic
def roster_import_start(*, roster_import: RosterImport, actor: AbstractBaseUser) -> RosterImport:
    """Confirm a previewed roster: at once when it is short, else by queueing it for a worker
    (after this transaction commits). A roster already running or imported is refused, so a
    double-clicked button imports once."""
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if roster_import.status not in (RosterImport.Status.PREVIEWED, RosterImport.Status.FAILED):
        raise RosterImportError("This roster import is running or done.")
    if len(roster_import.rows) <= ROSTER_IMPORT_SYNC_ROWS:
        return roster_import_confirm(roster_import=roster_import, actor=actor)
    from org.tasks import roster_import_confirm_task

    roster_import.status = RosterImport.Status.QUEUED
    roster_import.queued_at = timezone.now()
    roster_import.save(update_fields=["status", "queued_at"])
    transaction.on_commit(
        lambda: roster_import_confirm_task.enqueue(roster_import_id=roster_import.pk, actor_id=actor.pk)
    )
    return roster_import


# A roster uploaded but never confirmed is deleted, file and rows, after this long.
ROSTER_IMPORT_KEEP_DAYS = 7


@transaction.atomic
def roster_imports_expire(*, now: dt.datetime | None = None) -> int:
    """Delete uploads never imported within ROSTER_IMPORT_KEEP_DAYS: they hold staff personal
    data that nobody is going to use. Confirmed imports stay (their file is already gone)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=ROSTER_IMPORT_KEEP_DAYS)
    stale = list(
        RosterImport.objects.filter(
            created_at__lt=cutoff, status__in=[RosterImport.Status.PREVIEWED, RosterImport.Status.FAILED]
        )
    )
    for roster_import in stale:
        if roster_import.file.name:
            stored_file_delete_on_commit(roster_import.file)
        roster_import.delete()
    return len(stale)


# A queued import not done this long after it was queued lost its task (a worker killed mid-import:
# the import's own transaction was rolled back, so nothing of it was written). A 1,000-row import
# takes about 10 s (docs/benchmarks/org.md); the margin covers a long queue.
ROSTER_IMPORT_STUCK_MINUTES = 30


def roster_imports_stuck_fail(*, now: dt.datetime | None = None) -> int:
    """Mark imports stuck in the queue as failed, so the uploader sees it and confirms again
    (confirming a failed import is allowed; staff_upsert makes a second run update, never
    duplicate). Safe to run any number of times and at the same time as a late task: the task
    only imports a roster still queued."""
    cutoff = (now or timezone.now()) - dt.timedelta(minutes=ROSTER_IMPORT_STUCK_MINUTES)
    stuck = RosterImport.objects.filter(status=RosterImport.Status.QUEUED).filter(
        Q(queued_at__lt=cutoff) | Q(queued_at__isnull=True, created_at__lt=cutoff)
    )
    count = stuck.update(status=RosterImport.Status.FAILED)
    if count:
        logger.warning("marked %s roster imports stuck in the queue as failed", count)
    return count


def roster_import_fail(*, roster_import_id: int) -> None:
    """Record that a queued import failed (its own transaction was rolled back: nothing of it
    was written), so the uploader can see it and try again."""
    RosterImport.objects.filter(pk=roster_import_id, status=RosterImport.Status.QUEUED).update(
        status=RosterImport.Status.FAILED
    )


@transaction.atomic
def roster_import_upload(*, uploaded_by: AbstractBaseUser, data: bytes, filename: str) -> RosterImport:
    """Read an uploaded roster and keep it, with its rows as text, for the uploader to preview
    and confirm. A file that cannot be read raises RosterFileError and nothing is stored."""
    sheet = roster_read(data=data, filename=filename)
    roster_import = RosterImport(
        uploaded_by=uploaded_by,
        original_name=filename[:255],
        rows=sheet.rows,
        ignored_columns=sheet.ignored_columns,
    )
    roster_import.file.save(filename, ContentFile(data), save=False)
    roster_import.save()
    logger.info(
        "Roster %s uploaded: %s rows, sha256 %s",
        roster_import.pk,
        len(sheet.rows),
        hashlib.sha256(data).hexdigest()[:16],
    )
    return roster_import


@transaction.atomic
def roster_import_confirm(*, roster_import: RosterImport, actor: AbstractBaseUser) -> RosterImport:
    """Apply a previewed roster: every good row is saved through staff_upsert (the employee
    number is the key, so a second import of the same file updates and never duplicates); bad
    rows are skipped and reported. The rows are checked again against today's data, since
    posts or people may have changed since the preview. Managers and mentors who appear later
    in the same file are linked in a second pass, once everyone exists. One transaction: if
    anything unexpected fails, nothing of this import is written. A manager the file creates gets
    their own site as their scope."""
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if roster_import.status == RosterImport.Status.CONFIRMED:
        raise RosterImportError("This roster import has already been confirmed.")
    plan = roster_plan(rows=roster_import.rows)
    # Everyone the file names who exists already, then everyone saved by this import.
    known: dict[str, StaffProfile] = dict(plan.staff)
    deferred: list[tuple[StaffProfile, str, str]] = []
    for row in plan.rows:
        if row.action not in (Action.CREATE, Action.UPDATE):
            continue
        manager_number, mentor_number = row.manager_number, row.mentor_number
        profile, _created = staff_upsert(
            employee_number=row.number,
            name=row.values["name"],
            phone=row.phone,
            post=row.post,
            site=row.site,
            department=row.department,
            hire_date=row.hire_date,
            role=row.role,
            manager=known.get(manager_number),
            mentor=known.get(mentor_number),
            email=row.email,
            wecom_userid=row.wecom_userid,
            dingtalk_userid=row.dingtalk_userid,
        )
        known[row.number] = profile
        if profile.role == Role.MANAGER and profile.site_id and row.action == Action.CREATE:
            # A manager arriving by roster starts with their own site as their scope; HR widens
            # or narrows it in the admin.
            staff_set_scope(profile=profile, sites=[profile.site])
        if (manager_number and profile.manager_id is None) or (mentor_number and profile.mentor_id is None):
            deferred.append((profile, manager_number, mentor_number))
    # Second pass: managers and mentors who are new and further down the same file.
    for profile, manager_number, mentor_number in deferred:
        profile.manager = known.get(manager_number)
        profile.mentor = known.get(mentor_number)
        profile.save(update_fields=["manager", "mentor", "updated_at"])
    counts = plan.counts
    # The uploaded file holds everyone's phone numbers: once imported it is not kept (the parsed
    # rows and the report stay with the import record).
    stored_name, storage = roster_import.file.name, roster_import.file.storage
    if stored_name:
        transaction.on_commit(lambda: storage.delete(stored_name))
    roster_import.file = ""
    roster_import.status = RosterImport.Status.CONFIRMED
    roster_import.confirmed_at = timezone.now()
    roster_import.result = {
        "counts": counts,
        "rows": [
            {
                "row": row.row,
                "employee_number": row.number,
                "name": row.values.get("name", ""),
                "action": row.action,
                "errors": row.errors,
                "changes": row.changes,
            }
            for row in plan.rows
        ],
    }
    roster_import.save(update_fields=["file", "status", "confirmed_at", "result"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ROSTER_IMPORT,
        obj=roster_import,
        detail={"file": roster_import.original_name, **counts},
    )
    logger.info("Roster %s imported: %s", roster_import.pk, counts)
    return roster_import
