"""Authentication backends."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

from core.cache import generation_cached, generation_renew, person_keys_prefetch, person_keys_register

USER_KEY = "lms:auth:user:{}"
GENERATION_KEY = "lms:auth:user:{}:generation"
USER_TIMEOUT = 300
GENERATION_TIMEOUT = 24 * 3600
person_keys_register(lambda user_id: [USER_KEY.format(user_id), GENERATION_KEY.format(user_id)])


class StaffModelBackend(ModelBackend):
    """Django's ModelBackend, loading the signed-in user together with their staff profile, and
    keeping them in the shared cache between requests.

    Nearly every page reads the profile (the role decides the navigation, the footer shows the
    name): one joined query replaces two, and while neither row changes, a cache read replaces
    the query. Any save or delete of the user or their profile starts a new generation for that
    user (``user_changed``), so the next request of any web process reads the database again:
    a deactivated account, a new password or a new role takes effect at once."""

    def get_user(self, user_id):
        user = user_load(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def user_load(user_id):
    """The user with their staff profile, from the cache when the cached copy belongs to the
    user's current generation, else from the database (one query) and then cached.

    The copy is stored with the generation read before the database was: a copy read before a
    concurrent change committed carries the old generation and is never served. The first cache
    read of a request: it reads the request's shared keys and the person's keys in one round trip."""
    person_keys_prefetch(user_id)
    return generation_cached(
        key=USER_KEY.format(user_id),
        generation_key=GENERATION_KEY.format(user_id),
        load=lambda: get_user_model()._default_manager.select_related("staff_profile").filter(pk=user_id).first(),
        timeout=USER_TIMEOUT,
        generation_timeout=GENERATION_TIMEOUT,
    )


def user_forget(user_id) -> None:
    """Start a new generation for this user (now and after commit) and drop the cached copy, also
    after commit: a copy another process stored meanwhile may hold personal data being erased."""
    generation_renew(GENERATION_KEY.format(user_id), GENERATION_TIMEOUT)
    user_key = USER_KEY.format(user_id)
    cache.delete(user_key)
    transaction.on_commit(lambda: cache.delete(user_key), robust=True)


def user_changed(sender, instance, **kwargs) -> None:
    """Signal handler for saves and deletes of a user or a staff profile."""
    user_id = instance.pk if isinstance(instance, get_user_model()) else instance.user_id
    if user_id is not None:
        user_forget(user_id)
