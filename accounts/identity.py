"""Who a sign-in name means: the login name, else an employee number (工号), else a mobile number
on the roster. A mobile number that several current staff share names nobody: it cannot tell them
apart, so those people sign in with their employee number."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from org.models import StaffProfile

MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def phone_normalise(text: str) -> str:
    """13912345678 from "139 1234 5678", "139-1234-5678" or "+86 139 1234 5678"."""
    phone = re.sub(r"[\s\-()（）]", "", text or "")
    for prefix in ("+86", "0086", "86"):
        if phone.startswith(prefix) and len(phone) == 11 + len(prefix):
            return phone[len(prefix) :]
    return phone


def user_for_identifier(identifier: str) -> AbstractBaseUser | None:
    """The login a sign-in name means (active or not: the caller decides), or None."""
    text = (identifier or "").strip()
    if not text or len(text) > 150:
        return None
    User = get_user_model()
    users = User._default_manager.select_related("staff_profile")
    user = users.filter(**{User.USERNAME_FIELD: text}).first()
    if user is not None:
        return user
    profile = StaffProfile.objects.select_related("user").filter(employee_number__iexact=text).first()
    if profile is not None:
        return profile.user
    phone = phone_normalise(text)
    if MAINLAND_MOBILE.match(phone):
        matches = list(
            StaffProfile.objects.select_related("user")
            .filter(phone=phone, left_at__isnull=True, erased_at__isnull=True, user__is_active=True)
            .order_by("pk")[:2]
        )
        if len(matches) == 1:
            return matches[0].user
    return None


def axes_username(request, credentials: dict | None = None) -> str:
    """settings.AXES_USERNAME_CALLABLE: the lockout counts failures per person, whichever of
    their names was typed, so an employee number and a mobile number do not get five tries each."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username", "")
    user = user_for_identifier(typed or "")
    return user.get_username() if user is not None else (typed or "").strip().lower()
