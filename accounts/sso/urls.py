"""The sign-on URLs, without allauth's account pages (sign-up, e-mail, password: the roster and
the accounts app own those) and without its "connections" page (an identity is linked only by the
roster). URL names stay allauth's own, since allauth reverses them. A service whose company app is
not configured answers 404 (allauth would fail with a server error)."""

import functools

from allauth import urls as allauth_urls
from allauth.socialaccount.models import SocialApp
from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from django.views.generic import TemplateView


def _not_configured_is_404(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SocialApp.DoesNotExist:
            raise Http404("This company sign-in is not configured.")

    return wrapped


def _wrapped(patterns):
    result = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            result.append(
                URLResolver(
                    pattern.pattern,
                    _wrapped(pattern.url_patterns),
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace,
                )
            )
        elif isinstance(pattern, URLPattern):
            result.append(
                URLPattern(
                    pattern.pattern, _not_configured_is_404(pattern.callback), pattern.default_args, pattern.name
                )
            )
    return result


# allauth's own views for these two pages link its sign-in page, which is not routed here.
urlpatterns = [
    path(
        "login/cancelled/",
        TemplateView.as_view(template_name="socialaccount/login_cancelled.html"),
        name="socialaccount_login_cancelled",
    ),
    path(
        "login/error/",
        TemplateView.as_view(template_name="socialaccount/authentication_error.html"),
        name="socialaccount_login_error",
    ),
    *_wrapped(allauth_urls.build_provider_urlpatterns()),
]
