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
    assert {
        "/api/v1/learning/me",
        "/api/v1/people/team",
        "/api/v1/people/roster",
        "/api/v1/people/roster/syncs/{job_id}",
    } <= set(paths)


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


def _with_nul(value):
    """Every string of a generated value, with a NUL in it (keys of objects too)."""
    if isinstance(value, str):
        return f"{value[:1]}\x00{value[1:]}"
    if isinstance(value, dict):
        return {_with_nul(k): _with_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_nul(v) for v in value]
    return value


def map_case(ctx, case):
    """Put a NUL into every string the case sends in its path, query and JSON body; an operation
    that takes no string gets one in an extra query parameter, so every operation is tried."""
    if case.query:
        # An empty name or an object-typed value does not survive the WSGI transport's query
        # encoding, so such a NUL would never reach the server: send a plain string instead.
        case.query = {
            name or "q": value if isinstance(value, str | int | float) else "x" for name, value in case.query.items()
        }
    for container in (case.path_parameters, case.query):
        for name, value in (container or {}).items():
            container[name] = _with_nul(value)
    if isinstance(case.body, dict | list | str):
        case.body = _with_nul(case.body)
    sent = (case.path_parameters, case.query, case.body if isinstance(case.body, dict | list | str) else None)
    if "\\x00" not in repr(sent):
        case.query = {**(case.query or {}), "note": "\x00"}
    return case


@pytest.mark.django_db
@schema.hooks.apply(map_case)
@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_nul_in_any_string_is_refused_with_400_never_a_server_error(case, bearer):
    """Issue #14: a NUL anywhere a client sends text is answered 400 (core.middleware), on
    SQLite and PostgreSQL alike, whatever the operation and the caller's role."""
    response = case.call(headers={"Authorization": f"Bearer {bearer}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code == 400, (case.path_parameters, case.query, case.body, response.text)
    assert response.json()["loc"][0] in {"path", "query", "body"}


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
