"""A small drills world for the tests: a residential site type needing a fire drill every six
months, a site with a manager (the lead), three staff, a site elsewhere with its own staff, and a
fire drill planned today. Also used by the permission matrix (drill_matrix_world)."""

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from drills.models import Drill, DrillType
from drills.services import drill_plan, drill_requirement_set, drill_sign_in, drill_type_define
from drills.signin import drill_signin_code
from org.services import site_type_assign


def fire_type() -> DrillType:
    return drill_type_define(code="fire", name="消防疏散", competency_code="fire_drill", sort_order=1)


def plan_fire_drill(*, site, lead, planner=None, planned_on: dt.date | None = None) -> Drill:
    return drill_plan(
        planner=planner or lead,
        site=site,
        drill_type=fire_type(),
        planned_on=planned_on or timezone.localdate(),
        lead=lead,
        plan="3 号楼疏散",
    )


def sign_in(drill: Drill, user, *, at: dt.datetime | None = None):
    at = at or timezone.now()
    return drill_sign_in(
        drill=drill, user=user, code=drill_signin_code(drill_id=drill.pk, site_id=drill.site_id, at=at), now=at
    )


def jpeg_with_gps() -> SimpleUploadedFile:
    """A JPEG carrying EXIF GPS tags (latitude 31°N, longitude 121°E) and a camera model."""
    image = Image.new("RGB", (2400, 1200), (120, 160, 200))
    exif = Image.Exif()
    exif[0x0110] = "PhoneCam X"  # Model
    gps = {1: "N", 2: (31.0, 12.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}
    exif[0x8825] = gps
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("scene.jpg", out.getvalue(), content_type="image/jpeg")


@dataclass
class DrillWorld:
    site: object
    elsewhere: object
    manager: object  # StaffProfile, the lead
    staff: list  # three StaffProfiles of the site
    outsider: object  # staff of the other site
    manager_elsewhere: object
    hr: object
    drill: Drill


def drill_world() -> DrillWorld:
    from org.services import staff_role_sync
    from tests.factories.org import HRAdminFactory, ManagerFactory, SiteFactory, StaffProfileFactory

    site, elsewhere = SiteFactory(code="YG", name="阳光花园"), SiteFactory(code="CH", name="翠湖苑")
    residential = site_type_assign(site=site, code="residential", name="住宅小区")
    site_type_assign(site=elsewhere, code="residential", name="住宅小区")
    drill_requirement_set(site_type=residential, drill_type=fire_type(), interval_months=6)
    manager = ManagerFactory(site=site, name="陈经理", managed_sites=[site])
    manager_elsewhere = ManagerFactory(site=elsewhere, name="林经理", managed_sites=[elsewhere])
    staff = [StaffProfileFactory(site=site, name=name) for name in ("王小明", "刘勇", "赵刚")]
    outsider = StaffProfileFactory(site=elsewhere, name="黄丽")
    hr = HRAdminFactory(site=site, name="周敏")
    for profile in (manager, manager_elsewhere, hr):
        staff_role_sync(profile=profile)
    drill = plan_fire_drill(site=site, lead=manager.user)
    return DrillWorld(site, elsewhere, manager, staff, outsider, manager_elsewhere, hr, drill)


def matrix_drill(world):
    """The security world's drill (built on first use): a fire drill at site A led by the manager
    of site A, the trainee signed in, a photo and a corrective action owned by the trainee."""

    def build():
        from types import SimpleNamespace

        from drills.services import corrective_action_add, drill_photo_add

        drill = plan_fire_drill(site=world.site_a, lead=world.manager_here.user)
        attendance, _created = sign_in(drill, world.trainee.user)
        photo = drill_photo_add(drill=drill, actor=world.manager_here.user, upload=jpeg_with_gps())
        action = corrective_action_add(
            drill=drill,
            actor=world.manager_here.user,
            description="清理消防通道",
            owner=world.trainee.user,
            due_on=timezone.localdate(),
        )
        return SimpleNamespace(drill=drill, attendance=attendance, photo=photo, action=action)

    return world._once("_drill", build)


def matrix_sign_in_url(world) -> str:
    from django.urls import reverse

    drill = matrix_drill(world).drill
    code = drill_signin_code(drill_id=drill.pk, site_id=drill.site_id)
    return f"{reverse('drills:sign_in', args=[drill.pk])}?code={code}"


def matrix_drill_url(url_name: str):
    """A permission-matrix URL function: `url_name` of the security world's drill."""
    from django.urls import reverse

    return lambda world: reverse(url_name, args=[matrix_drill(world).drill.pk])
