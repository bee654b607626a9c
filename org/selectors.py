"""Reads about people, and the one rule every page, filter, search, export and API endpoint uses
to decide whose records a user may see."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from org.models import Department, Role, RosterImport, Site, StaffProfile


def user_role(user: AbstractBaseUser | AnonymousUser) -> str | None:
    """The role of a user: superusers act as HR admins; a user without a profile has no role."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.HR_ADMIN
    profile = getattr(user, "staff_profile", None)
    return profile.role if profile else None


def staff_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[StaffProfile]:
    """Staff whose records `user` may see.

    - HR admins: everyone.
    - Trainers: everyone (they mark answers and run assessments for the whole company), read-only
      for personal fields – enforced in the views that show them.
    - Managers: staff of their managed sites and managed departments, and themselves.
    - Trainees: only themselves.
    """
    base = StaffProfile.objects.all()
    role = user_role(user)
    if role in (Role.HR_ADMIN, Role.TRAINER):
        return base
    if role == Role.MANAGER:
        profile = user.staff_profile
        return base.filter(
            Q(site__in=profile.managed_sites.all())
            | Q(department__in=profile.managed_departments.all())
            | Q(pk=profile.pk)
        ).distinct()
    if role == Role.TRAINEE:
        return base.filter(user=user)
    return base.none()


def staff_managed_by(user: AbstractBaseUser) -> QuerySet[StaffProfile]:
    """Staff a manager acts on (their scope without themselves); HR admins act on everyone."""
    role = user_role(user)
    if role == Role.HR_ADMIN:
        return StaffProfile.objects.all()
    if role != Role.MANAGER:
        return StaffProfile.objects.none()
    return staff_visible_to(user).exclude(user=user)


def user_can_see_user(viewer: AbstractBaseUser | AnonymousUser, subject_user_id: int) -> bool:
    if viewer.is_authenticated and viewer.pk == subject_user_id:
        return True
    return staff_visible_to(viewer).filter(user_id=subject_user_id).exists()


def sites_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Site]:
    role = user_role(user)
    if role in (Role.HR_ADMIN, Role.TRAINER):
        return Site.objects.all()
    if role == Role.MANAGER:
        profile = user.staff_profile
        return Site.objects.filter(
            Q(pk__in=profile.managed_sites.values("pk")) | Q(departments__in=profile.managed_departments.all())
        ).distinct()
    return Site.objects.none()


def departments_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Department]:
    """Departments a user may filter by: all for HR admins and trainers; for a manager those of
    their managed sites and their managed departments."""
    role = user_role(user)
    if role in (Role.HR_ADMIN, Role.TRAINER):
        return Department.objects.select_related("site")
    if role == Role.MANAGER:
        profile = user.staff_profile
        return Department.objects.filter(
            Q(site__in=profile.managed_sites.all()) | Q(pk__in=profile.managed_departments.values("pk"))
        ).select_related("site")
    return Department.objects.none()


def staff_list(
    *,
    viewer: AbstractBaseUser,
    site_id: int | None = None,
    post_id: int | None = None,
    department_id: int | None = None,
    q: str = "",
) -> QuerySet[StaffProfile]:
    """The people page's list: the viewer's scope first, then the filters, which can only narrow
    it, so a manager asking for another site's id or searching another site's name gets nothing.
    Phone numbers are searchable only for HR admins, who see them in full."""
    staff = staff_visible_to(viewer).select_related("site", "post", "department")
    if site_id:
        staff = staff.filter(site_id=site_id)
    if post_id:
        staff = staff.filter(post_id=post_id)
    if department_id:
        staff = staff.filter(department_id=department_id)
    q = q.strip()
    if q:
        match = Q(name__icontains=q) | Q(employee_number__icontains=q)
        if user_role(viewer) == Role.HR_ADMIN:
            match |= Q(phone__contains=q)
        staff = staff.filter(match)
    return staff.order_by("site__code", "employee_number")


def staff_export_rows(*, viewer: AbstractBaseUser, **filters) -> QuerySet[StaffProfile]:
    """The same people as `staff_list`, with the manager and mentor numbers the export adds."""
    return staff_list(viewer=viewer, **filters).select_related("manager", "mentor")


def staff_detail(*, viewer: AbstractBaseUser, pk: int) -> StaffProfile | None:
    """One person, only if the viewer may see them (None otherwise, which views turn into 404)."""
    return (
        staff_visible_to(viewer)
        .select_related("user", "site", "post", "department", "manager", "mentor")
        .filter(pk=pk)
        .first()
    )


def phones_masked_for(user: AbstractBaseUser) -> bool:
    """Only HR admins see phone numbers in full; everyone else sees 138****8000."""
    return user_role(user) != Role.HR_ADMIN


def roster_imports_of(user: AbstractBaseUser) -> QuerySet[RosterImport]:
    """Roster imports are private to their uploader."""
    return RosterImport.objects.filter(uploaded_by=user)
