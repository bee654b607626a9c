import json
import re

from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# The Wagtail and Django admins ship inline scripts and styles of their own; they are for staff
# who author content, and keep Django's other protections. Every trainee page gets the policy.
CSP_EXEMPT_PREFIXES = ("/admin/", "/django-admin/")


class TraineePagesCSPMiddleware(ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(CSP_EXEMPT_PREFIXES):
            response._csp_config = {}
            response._csp_ro_config = {}
        return super().process_response(request, response)


# C0 control characters other than tab, line feed and carriage return. No person types them;
# PostgreSQL cannot store NUL in text at all (the query fails as a server error), and the others
# make Excel exports unwritable.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
API_PREFIX = "/api/"
PLACES = {
    "path": pgettext_lazy("part of a web request", "the address"),
    "query": pgettext_lazy("part of a web request", "the query string"),
    "form": pgettext_lazy("part of a web request", "a form field"),
    "body": pgettext_lazy("part of a web request", "the request body"),
}


def _has_control_character(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def _in_pairs(place: str, pairs) -> list[str] | None:
    for key, values in pairs:
        if _has_control_character(key) or any(_has_control_character(value) for value in values):
            return [place, key]
    return None


def _in_json(data) -> list[str] | None:
    """Where in a parsed JSON document the first string (value or key) with a control character
    is; walked without recursion, so a deeply nested document cannot exhaust the stack."""
    stack: list[tuple[list, object]] = [(["body"], data)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, str):
            if _has_control_character(node):
                return loc
        elif isinstance(node, dict):
            for key, value in node.items():
                if _has_control_character(key):
                    return [*loc, key]
                stack.append(([*loc, key], value))
        elif isinstance(node, list):
            stack.extend(([*loc, index], value) for index, value in enumerate(node))
    return None


def control_character_location(request: HttpRequest) -> list | None:
    """Where the request carries a control character: ["path"], ["query", name], ["form", name]
    or ["body", key, …] (JSON); None when it carries none. File uploads are not read, and a body
    that cannot be parsed is left to the view, which refuses it as it always did."""
    if _has_control_character(request.path_info):
        return ["path"]
    found = _in_pairs("query", request.GET.lists())
    if found:
        return found
    content_type = request.content_type or ""
    if request.method == "POST" and content_type in FORM_CONTENT_TYPES:
        try:
            return _in_pairs("form", request.POST.lists())
        except (MultiPartParserError, UnreadablePostError):
            pass  # not a form after all (no boundary, say): the API may still read it as JSON
    # The API reads a body as JSON whatever its declared type (a client may send text/plain).
    if content_type.endswith(("/json", "+json")) or request.path_info.startswith(API_PREFIX):
        try:
            body = request.body
            if not body or b"\\" not in body:
                # A JSON string holds a control character only through an escape (\u0000, \b,
                # \f…): a raw one makes the document invalid, which the view refuses. So a body
                # without a backslash (every autosave of a choice) needs no parse here.
                return None
            data = json.loads(body)
        except (ValueError, RecursionError, RawPostDataException):
            return None
        return _in_json(data)
    return None


def _wants_json(request: HttpRequest) -> bool:
    return (
        request.path_info.startswith(API_PREFIX)
        or request.path_info.endswith(".json")
        or (request.content_type or "").endswith("json")
        or (request.headers.get("Accept", "").startswith("application/json"))
    )


class ControlCharactersMiddleware:
    """Refuses, with 400, a request whose address, query string, form fields or JSON body carries
    NUL or another C0 control character (tab, line feed and carriage return are ordinary text).
    Such a value would otherwise reach the database, where PostgreSQL fails on NUL with a server
    error, even on the public certificate check. The answer says which part of the request is at
    fault, in the reader's language; the API and JSON addresses answer JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        location = control_character_location(request)
        if location is None:
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        with translation.override(language):
            message = _(
                "This request was refused: %(place)s contains a control character (such as NUL), "
                "which text may not contain. Remove it and try again."
            ) % {"place": PLACES[location[0]]}
            if _wants_json(request):
                response = JsonResponse({"detail": message, "loc": location}, status=400)
            else:
                response = render(request, "core/control_characters.html", {"message": message}, status=400)
        response["Content-Language"] = language
        return response
