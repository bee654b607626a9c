"""Shapes shared by the API routers."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


# Every authenticated operation can answer these besides its success code: not logged in or bad
# token (401), not allowed or CSRF missing (403), input that does not match the schema (422).
AUTH_ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}
