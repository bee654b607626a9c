"""Which staff member a company identity is. The roster decides: a WeCom member by their user id
(the roster's 企业微信账号 column, else their 工号, which many companies use as the WeCom user id)
and their mobile number when WeCom gives it; a DingTalk user by the mobile number DingTalk
verified (and their DingTalk user id when given); an OpenID Connect subject by the claim the
company's app names for the employee number (default "employee_number") and a verified
"phone_number". Every identifier given must point at the same one current person, else nobody:
a sign-on never guesses."""

from django.db.models import Q, QuerySet

from accounts.identity import MAINLAND_MOBILE, phone_normalise
from org.models import StaffProfile

DEFAULT_EMPLOYEE_NUMBER_CLAIM = "employee_number"


def _current() -> QuerySet[StaffProfile]:
    return StaffProfile.objects.select_related("user").filter(
        left_at__isnull=True, erased_at__isnull=True, user__is_active=True
    )


def _by_phone(phone: str) -> set[int]:
    phone = phone_normalise(phone or "")
    if not MAINLAND_MOBILE.match(phone):
        return set()
    matches = set(_current().filter(phone=phone).values_list("pk", flat=True)[:2])
    # A number several people share tells nobody apart: it proves nothing either way.
    return matches if len(matches) == 1 else set()


def _identifiers(provider: str, data: dict, app_settings: dict) -> list[set[int]]:
    """For each identifier the identity carries, the staff it matches (an empty set when it
    matches nobody, or cannot tell people apart)."""
    found: list[set[int]] = []
    if provider == "wecom":
        userid = str(data.get("userid") or "")
        if userid:
            found.append(
                set(
                    _current()
                    .filter(Q(wecom_userid=userid) | Q(employee_number__iexact=userid))
                    .values_list("pk", flat=True)
                )
            )
        if data.get("mobile"):
            found.append(_by_phone(data["mobile"]))
    elif provider == "dingtalk":
        if data.get("mobile") and str(data.get("stateCode") or "86") == "86":
            found.append(_by_phone(data["mobile"]))
        userid = str(data.get("userid") or data.get("userId") or "")
        if userid:
            found.append(set(_current().filter(dingtalk_userid=userid).values_list("pk", flat=True)))
    else:  # OpenID Connect: the ID token's claims, and the userinfo endpoint's over them
        data = {**(data.get("id_token") or {}), **(data.get("userinfo") or {})} or data
        claim = app_settings.get("employee_number_claim", DEFAULT_EMPLOYEE_NUMBER_CLAIM)
        number = str(data.get(claim) or "")
        if number:
            found.append(set(_current().filter(employee_number__iexact=number).values_list("pk", flat=True)))
        if data.get("phone_number") and data.get("phone_number_verified") is True:
            found.append(_by_phone(data["phone_number"]))
    return found


def staff_for_company_identity(*, provider: str, data: dict, app_settings: dict | None = None) -> StaffProfile | None:
    """The one current staff member (active login, not left, not erased) every identifier of
    the identity names, or None."""
    # An identifier that matches nobody while another matches someone (a changed number, say)
    # does not stop the sign-in; two identifiers naming two people do.
    people = set().union(*_identifiers(provider, data or {}, app_settings or {}))
    if len(people) != 1:
        return None
    return _current().filter(pk=people.pop()).first()
