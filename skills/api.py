"""/api/v1/skills/: the same reads as the pages, in JSON, under the same scope rule. Read-only:
decisions and assessments go through the pages (forms with CSRF)."""

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from org.models import Role, StaffProfile
from org.selectors import user_role
from skills.engine import levels_evaluate
from skills.selectors import managed_staff
from skills.selectors.dashboard import Filters, scoped_staff

router = Router(tags=["skills"])
PAGE_SIZE = 100


class CriterionOut(Schema):
    description: str
    met: bool
    awaiting_sign_off: bool
    detail: str


class PersonLevelOut(Schema):
    user_id: int
    employee_number: str
    name: str
    site: str | None
    post: str | None
    level: int
    level_label: str
    next_level: int | None
    ready: bool
    criteria: list[CriterionOut]


def _out(profile: StaffProfile, person) -> dict:
    return {
        "user_id": profile.user_id,
        "employee_number": profile.employee_number,
        "name": profile.name,
        "site": profile.site.name if profile.site else None,
        "post": profile.post.name if profile.post else None,
        "level": person.current_level,
        "level_label": str(person.current_label),
        "next_level": person.next_level,
        "ready": person.ready,
        "criteria": [
            {
                "description": str(c.description),
                "met": c.met,
                "awaiting_sign_off": c.awaiting_sign_off,
                "detail": str(c.detail),
            }
            for c in person.criteria
        ],
    }


@router.get("/me", response=PersonLevelOut, summary="My level and the criteria for the next")
def me(request: HttpRequest):
    profile = StaffProfile.objects.select_related("site", "post").filter(user=request.user).first()
    if profile is None:
        raise Http404
    return _out(profile, levels_evaluate(profiles=[profile])[profile.user_id])


@router.get("/team", response=list[PersonLevelOut], summary="Levels of my team (managers, HR)")
def team(request: HttpRequest, site: int | None = None, post: int | None = None, q: str = "", page: int = 1):
    """Filters narrow the caller's scope and never widen it: another site's id gives an empty list."""
    if user_role(request.user) not in (Role.MANAGER, Role.HR_ADMIN):
        raise HttpError(403, "Managers and HR only.")
    filters = Filters(site_id=site, post_id=post, q=q.strip()[:50])
    start = (max(page, 1) - 1) * PAGE_SIZE
    profiles = list(
        scoped_staff(viewer=request.user, filters=filters)
        .select_related("site", "post")
        .order_by("site__code", "employee_number")[start : start + PAGE_SIZE]
    )
    levels = levels_evaluate(profiles=profiles)
    return [_out(p, levels[p.user_id]) for p in profiles]


@router.get("/team/{user_id}", response=PersonLevelOut, summary="One team member's level")
def team_member(request: HttpRequest, user_id: int):
    profile = managed_staff(request.user).select_related("site", "post").filter(user_id=user_id).first()
    if profile is None:
        raise Http404
    return _out(profile, levels_evaluate(profiles=[profile])[profile.user_id])
