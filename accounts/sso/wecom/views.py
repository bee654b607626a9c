from __future__ import annotations

from allauth.socialaccount.providers.oauth2.views import OAuth2Adapter, OAuth2CallbackView, OAuth2LoginView
from django.http import HttpRequest

from accounts.sso.wecom.client import WeComOAuth2Client

AUTHORIZE_URL = "https://open.weixin.qq.com/connect/oauth2/authorize"
API_URL = "https://qyapi.weixin.qq.com"


class WeComOAuth2Adapter(OAuth2Adapter):
    """WeCom's endpoints by default; an app's settings may name others ("authorize_url",
    "api_url"): a private WeCom deployment, or the tests' local server."""

    provider_id = "wecom"
    client_class = WeComOAuth2Client
    access_token_method = "GET"  # noqa: S105  # nosec — WeCom documents gettoken as a GET

    def _app_settings(self) -> dict:
        return self.get_provider().app.settings or {}

    @property
    def authorize_url(self) -> str:
        return self._app_settings().get("authorize_url", AUTHORIZE_URL)

    @property
    def access_token_url(self) -> str:
        return f"{self._app_settings().get('api_url', API_URL).rstrip('/')}/cgi-bin/gettoken"

    def get_client(self, request: HttpRequest, app):
        client = super().get_client(request, app)
        client.agent_id = str(self._app_settings().get("agent_id", ""))
        client.api_url = self._app_settings().get("api_url", API_URL)
        return client

    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        return self.get_provider().sociallogin_from_response(request, kwargs["response"]["userinfo"])


oauth2_login = OAuth2LoginView.adapter_view(WeComOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(WeComOAuth2Adapter)
