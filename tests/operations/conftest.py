import pytest
from django.test import Client
from wagtail.models import APIToken

from operations.models import OutcomeCategory, RetrainingRule
from tests.security.conftest import world  # noqa: F401 — the same small organisation


@pytest.fixture
def pms(world):  # noqa: F811
    """The property-management system's client: the HR admin's API token, no cookies."""
    _, raw = APIToken.create_token(user=world.hr.user, name="物业管理系统")
    return Client(headers={"Authorization": f"Bearer {raw}"}, enforce_csrf_checks=True)


@pytest.fixture
def attitude(world):  # noqa: F811
    """A 服务态度 category whose upheld complaints assign the world's complaints course."""
    category = OutcomeCategory.objects.create(code="attitude", name="服务态度")
    RetrainingRule.objects.create(kind="complaint_upheld", category=category, course=world.course, due_days=14)
    return category


URL = "/api/v1/operations/outcomes"


def complaint(world, **overrides) -> dict:  # noqa: F811
    return {
        "external_id": "C-2026-1001",
        "kind": "complaint_upheld",
        "employee_number": world.trainee.employee_number,
        "category": "attitude",
        "occurred_at": "2026-12-01T10:00:00+08:00",
        "summary": "业主投诉前台接待态度生硬，经核实成立。",
        **overrides,
    }
