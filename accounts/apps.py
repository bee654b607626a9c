from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """First sign-in (activation codes on printed slips), signing in with an employee number or a
    mobile number, password recovery by text message, and company single sign-on (WeCom, DingTalk,
    OpenID Connect) for people already on the roster. A feature app: it stands on org and knows
    nothing of the other feature apps."""

    name = "accounts"
    verbose_name = _("Sign-in")
