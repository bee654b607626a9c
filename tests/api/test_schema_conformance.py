"""schemathesis against /api/v1/openapi.json, in process through the WSGI application, with
bounded, reproducible examples (derandomized, 20 per operation and role): no server errors,
every response documented and matching its schema, invalid input rejected."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.models import APIToken

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def test_the_schema_is_served_and_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/learning/me", "/api/v1/people/team", "/api/v1/people/roster"} <= set(paths)


# Violations found in other apps' routers, reported to their owners; each must be fixed in that
# router (declare the response) and then removed from here. xfail keeps the rest of the run strict.
KNOWN_VIOLATIONS: dict[str, str] = {}


@pytest.fixture(params=["hr", "manager_here", "trainee"])
def bearer(request, world) -> str:
    _, raw = APIToken.create_token(user=getattr(world, request.param).user, name="schemathesis")
    return raw


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case, bearer, request):
    label = f"{case.operation.method.upper()} {case.operation.path}"
    if label in KNOWN_VIOLATIONS:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_VIOLATIONS[label], strict=False))
    case.call_and_validate(headers={"Authorization": f"Bearer {bearer}"}, checks=CHECKS)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """schemathesis calls the WSGI application directly, so Django's request signals close the
    database connection after each call, as in production; Django's own test client disconnects
    them, and so does this fixture, or PostgreSQL would lose the test's open transaction."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
