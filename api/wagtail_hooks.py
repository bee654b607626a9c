"""HR admins manage API tokens in the Wagtail admin (Settings → API tokens). Wagtail ships the
views but registers them only with its own v3 content API, which this project does not serve;
the token screens are registered here on their own."""

from wagtail import hooks
from wagtail.users.views.api_tokens import APITokenViewSet


@hooks.register("register_admin_viewset")
def register_api_token_viewset():
    return APITokenViewSet("wagtailusers_api_tokens", url_prefix="api-tokens")
