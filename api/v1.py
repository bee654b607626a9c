"""The REST API, /api/v1/ (OpenAPI schema at /api/v1/openapi.json, docs at /api/v1/docs).

Each app that exposes endpoints defines a django-ninja `Router` named `router` in `<app>/api.py`;
it is mounted here at /api/v1/<app>/. Routers for apps owned elsewhere whose endpoints were built
with this API live in api/routers/ and are mounted at the path of their pages (/learning/,
/people/).

Authentication, on every operation unless it says otherwise: `Authorization: Bearer psa_…`
tokens (api.auth, for HR and messaging systems) or the browser's session, which needs the CSRF
token on writes. Each endpoint checks the object against org.selectors, as the pages do."""

from importlib import import_module
from importlib.util import find_spec

from ninja import NinjaAPI
from ninja.security import SessionAuth

from api.auth import ApiTokenAuth
from api.routers import learning, people

# Answers any operation can give besides its own: the framework's authentication, permission,
# lookup and validation refusals. Operations that declare a body schema for one keep theirs;
# the rest get it documented here, so the schema lists every status a client can receive.
COMMON_RESPONSES = {
    400: "A value contains a control character such as NUL (refused before the operation runs)",
    401: "Not authenticated, or a wrong, revoked or expired token",
    403: "Not allowed for your role, or the CSRF token is missing",
    404: "No such object within your scope",
    422: "The input does not match the schema",
}


class AcademyAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                responses = operation["responses"]
                wanted = dict(COMMON_RESPONSES)
                if operation.get("requestBody"):
                    wanted[400] = "The request body is not valid JSON, or a value contains a control character"
                if "security" not in operation:
                    wanted[429] = "Too many requests: public operations are rate-limited"
                for status, description in wanted.items():
                    if status not in responses and str(status) not in responses:
                        responses[status] = {"description": description}
        return schema


api = AcademyAPI(
    title="物业服务学院 API",
    version="1.0.0",
    urls_namespace="api-v1",
    auth=[ApiTokenAuth(), SessionAuth(csrf=True)],
    docs_url="/docs",
)


@api.exception_handler(OverflowError)
def _id_out_of_range(request, exc):
    """An id or filter beyond the database's integer range names no object: answer as for any
    other missing object instead of failing in the database driver."""
    return api.create_response(request, {"detail": "Not Found"}, status=404)


api.add_router("/learning/", learning.router)
api.add_router("/people/", people.router)

for app in ("org", "courses", "quizzes", "scenarios", "skills", "certificates", "privacy", "hours", "operations"):
    module_name = f"{app}.api"
    if find_spec(app) is not None and find_spec(module_name) is not None:
        api.add_router(f"/{app}/", import_module(module_name).router)
