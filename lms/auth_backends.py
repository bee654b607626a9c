"""Authentication backends."""

from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    """Django's ModelBackend, loading the signed-in user together with their staff profile.

    Nearly every page reads the profile (the role decides the navigation, the footer shows the
    name), so one joined query per request replaces two."""

    def get_user(self, user_id):
        user = self.user_model_fetch(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_model_fetch(self, user_id):
        from django.contrib.auth import get_user_model

        model = get_user_model()
        return model._default_manager.select_related("staff_profile").filter(pk=user_id).first()
