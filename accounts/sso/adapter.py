"""django-allauth adapters: nobody signs up, and a company identity signs in only the staff member
the roster names (accounts.sso.linking)."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.sso.linking import staff_for_company_identity

logger = logging.getLogger(__name__)
BACKEND = "accounts.backends.StaffIdentifierBackend"
# The company services by the names staff know them by; an OpenID Connect app is named in its
# settings ("name").
PROVIDER_LABELS = {"wecom": _("WeCom"), "dingtalk": _("DingTalk")}


class AccountAdapter(DefaultAccountAdapter):
    """Logins come from the roster (HR's import, the API's sync), never from a sign-up form."""

    def is_open_for_signup(self, request) -> bool:
        return False


class StaffSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        """Before allauth signs anyone in: find the staff member the roster names and link the
        identity to their login, or refuse with a page that says why. Only signing in is
        allowed: an identity is never connected to whoever happens to be signed in."""
        account = sociallogin.account
        provider = account.get_provider()
        label = PROVIDER_LABELS.get(account.provider, provider.name)
        process = (sociallogin.state or {}).get("process") or "login"
        profile = staff_for_company_identity(
            provider=account.provider, data=account.extra_data, app_settings=getattr(provider.app, "settings", None)
        )
        if process != "login" or profile is None:
            self._refuse(request, label, reason="process" if process != "login" else "unknown")
        if sociallogin.is_existing and sociallogin.user.pk != profile.user_id:
            # Linked before to someone else: the roster has moved this identity; HR must look.
            logger.warning("Company identity %s:%s is linked to another login", account.provider, account.pk)
            self._refuse(request, label, reason="unknown")
        if not sociallogin.is_existing:
            sociallogin.connect(request, profile.user)
        sociallogin.user.backend = BACKEND

    def _refuse(self, request, provider_name: str, *, reason: str):
        raise ImmediateHttpResponse(
            render(request, "accounts/sso/refused.html", {"provider_name": provider_name, "reason": reason}, status=403)
        )
