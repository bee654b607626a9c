"""The installable app: the web-app manifest, the service worker (served from the site root so its
scope is the whole site) and the two response headers it relies on.

Only lesson pages the trainee opened are kept for reading offline, in a cache named for the
signed-in person (an HMAC of their id, never the id itself). Every page a signed-in person gets
says who they are (X-Offline-User); a page without it (signed out) makes the worker drop every
kept lesson, and so does the sign-out button (static/js/app.js). Quiz papers, answers, the API
and the admin are never kept: only responses marked X-Offline-Keep, which only lesson pages get."""

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from courses.models import LessonPage

WORKER = Path(settings.BASE_DIR) / "static" / "js" / "sw.js"


def offline_user_key(user) -> str:
    return salted_hmac("lms.offline.user", str(user.pk)).hexdigest()[:24]


class OfflineHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and response.get("Content-Type", "").startswith("text/html"):
            response["X-Offline-User"] = offline_user_key(user)
        return response

    def process_template_response(self, request: HttpRequest, response):
        page = (response.context_data or {}).get("page") if hasattr(response, "context_data") else None
        if isinstance(page, LessonPage) and request.user.is_authenticated and request.method == "GET":
            response["X-Offline-Keep"] = "lesson"
        return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(WORKER.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def web_manifest(request: HttpRequest) -> JsonResponse:
    name = _("Property Service Academy")
    response = JsonResponse(
        {
            "name": name,
            "short_name": name,
            "start_url": "/me/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b6e4f",
            "icons": [
                {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "max-age=86400"
    response["Vary"] = "Cookie, Accept-Language"
    return response
