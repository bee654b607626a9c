"""API authentication: `Authorization: Bearer wagtail_…` tokens for HR and messaging systems,
next to the browser's session (which needs the CSRF token on writes).

Tokens are Wagtail's own `wagtail.models.APIToken`: only an HMAC digest of each token is stored,
the token is shown once when it is created, and it records when it was last used. HR admins
create and revoke them in the Wagtail admin (Settings → API tokens; the group permissions come
from api/migrations/0001). A token acts as its user — give an integration its own login with the
role it needs (an HR admin for roster sync). A revoked token, or one whose login is deactivated
(e.g. erased on leaving), is refused: 401."""

from wagtail.api.v3.auth import BearerTokenAuth


class ApiTokenAuth(BearerTokenAuth):
    """Wagtail's bearer-token check. When a bearer token is present but wrong it also makes the
    request anonymous, so a session cookie sent alongside cannot rescue a bad token."""
