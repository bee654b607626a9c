"""Authentication backends."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    """Django's ModelBackend, loading the signed-in user together with their staff profile.

    Nearly every page reads the profile (the role decides the navigation, the footer shows the
    name), so one joined query per request replaces two."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("staff_profile").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
