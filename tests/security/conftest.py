"""A small organisation with one login per role, shared by the security tests and the permission
matrix: two sites; a trainee and another trainee at site A; a trainer; a manager of site A ("this
site"); a manager of site B ("another site"); an HR admin."""

from dataclasses import dataclass

import pytest
from django.test import Client

from courses.services import course_enrol, lesson_mark_done
from org.models import Role
from org.services import staff_role_sync
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import (
    HRAdminFactory,
    ManagerFactory,
    SiteFactory,
    StaffProfileFactory,
    TrainerFactory,
)

PASSWORD = "pw-test-123"
ROLES = ["anonymous", "trainee", "other_trainee", "trainer", "manager_here", "manager_elsewhere", "hr"]


@dataclass
class World:
    site_a: object
    site_b: object
    trainee: object  # StaffProfile
    other_trainee: object
    trainee_elsewhere: object
    trainer: object
    manager_here: object
    manager_elsewhere: object
    hr: object
    course: object
    lesson: object
    second_lesson: object

    def profile(self, role: str):
        return None if role == "anonymous" else getattr(self, role)

    def certificate(self):
        """A certificate of the trainee (built on first use, then reused)."""
        if not hasattr(self, "_certificate"):
            from tests.factories.certificates import CertificateFactory

            self._certificate = CertificateFactory(
                user=self.trainee.user, holder_name=self.trainee.name, employee_number=self.trainee.employee_number
            )
        return self._certificate

    def dashboard_export(self):
        """A ready dashboard export asked for by the manager of this site (built on first use)."""
        if not hasattr(self, "_dashboard_export"):
            from tests.factories.skills import DashboardExportFactory

            self._dashboard_export = DashboardExportFactory(requested_by=self.manager_here.user)
        return self._dashboard_export

    def client(self, role: str, **kwargs) -> Client:
        client = Client(**kwargs)
        if role != "anonymous":
            client.force_login(getattr(self, role).user)
        return client


@pytest.fixture
def world(catalog) -> World:
    site_a, site_b = SiteFactory(code="YG", name="阳光花园"), SiteFactory(code="CH", name="翠湖苑")
    trainee = StaffProfileFactory(site=site_a, name="王小明", user__username="trainee", phone="13912345678")
    other = StaffProfileFactory(site=site_a, name="李四", user__username="trainee_b", phone="13700001111")
    elsewhere = StaffProfileFactory(site=site_b, name="黄丽", user__username="trainee2", phone="13600002222")
    trainer = TrainerFactory(site=site_a, name="张老师", user__username="trainer")
    manager_here = ManagerFactory(site=site_a, name="陈经理", user__username="manager", managed_sites=[site_a])
    manager_elsewhere = ManagerFactory(site=site_b, name="林经理", user__username="manager2", managed_sites=[site_b])
    hr = HRAdminFactory(site=site_a, name="人事", user__username="hr")
    for profile in (trainee, other, elsewhere, trainer, manager_here, manager_elsewhere, hr):
        staff_role_sync(profile=profile)
    assert hr.role == Role.HR_ADMIN
    course = CoursePageFactory(parent=catalog, title="投诉处理与沟通技巧", slug="complaints")
    lesson = LessonPageFactory(parent=course, title="倾听与共情")
    second = LessonPageFactory(parent=course, title="回访")
    for profile in (trainee, other, elsewhere):
        course_enrol(user=profile.user, course=course)
    lesson_mark_done(user=other.user, lesson=lesson)
    return World(
        site_a, site_b, trainee, other, elsewhere, trainer, manager_here, manager_elsewhere, hr, course, lesson, second
    )


@pytest.fixture
def authoring_world(world):
    """The security world, with the trainer's groups and their question-bank and certificate
    permissions as the migrations give them (another worker's flush may have removed them)."""
    from org.services import staff_role_sync
    from tests.courses.wagtail_base import base_data

    base_data()
    staff_role_sync(profile=world.trainer)
    return world


@pytest.fixture
def phone(phone):
    """The phone page, without the Wagtail editor's editing-session pings: the edit view sends
    one on load and a beacon when it is left, which reaches the live server together with the
    next page's request; on SQLite (one connection shared by the server's threads) the two may
    collide. The XSS checks do not need them."""
    phone.route("**/admin/editing-sessions/**", lambda route: route.abort())
    return phone
