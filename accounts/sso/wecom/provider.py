from __future__ import annotations

from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from accounts.sso.wecom.views import WeComOAuth2Adapter


class WeComAccount(ProviderAccount):
    def to_str(self):
        return self.account.extra_data.get("name") or self.account.extra_data.get("userid") or super().to_str()


class WeComProvider(OAuth2Provider):
    """企业微信: the member's userid is the account; snsapi_base by default (an app's settings may
    ask for snsapi_privateinfo, which adds the mobile number)."""

    id = "wecom"
    name = "WeCom"
    account_class = WeComAccount
    oauth2_adapter_class = WeComOAuth2Adapter

    def extract_uid(self, data):
        return str(data["userid"])

    def get_default_scope(self):
        return [self.app.settings.get("scope", "snsapi_base")] if self.app else ["snsapi_base"]

    def extract_common_fields(self, data):
        # Nobody is created from a sign-on (accounts.sso.adapter): no user fields are needed.
        return {}


provider_classes = [WeComProvider]
