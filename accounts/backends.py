"""Signing in with a login name, an employee number or a mobile number."""

from django.contrib.auth import get_user_model

from accounts.identity import user_for_identifier
from core.auth_backends import StaffModelBackend


class StaffIdentifierBackend(StaffModelBackend):
    """The ground's StaffModelBackend (the signed-in user and their profile from the shared
    cache), taking any name accounts.identity knows: login name, 工号 or a mobile number on the
    roster. django-axes runs before it (AxesStandaloneBackend) and counts failures per person."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = user_for_identifier(username)
        if user is None:
            # Hash anyway, so an unknown name takes as long as a wrong password (as ModelBackend).
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
