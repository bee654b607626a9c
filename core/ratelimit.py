"""Fixed-window rate limits on Django's cache, for public forms that must not be used to guess (an
activation code, a recovery code) or to flood someone with text messages. A shared cache (Redis)
in production makes a limit hold across processes."""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string


def client_ip(request) -> str:
    """The client's address as the login lockout sees it: behind the production proxy that is
    settings.AXES_CLIENT_IP_CALLABLE (nginx's X-Real-IP); otherwise REMOTE_ADDR. Never a
    client-supplied X-Forwarded-For, which anyone can set to dodge the limit."""
    resolver = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    if isinstance(resolver, str):
        resolver = import_string(resolver)
    address = resolver(request) if callable(resolver) else None
    return address or request.META.get("REMOTE_ADDR", "") or "unknown"


def _window(window: int) -> tuple[int, int]:
    now = int(time.time())
    return now, now - now % window


def rate_limit_exceeded(*, scope: str, key: str, limit: int, window: int) -> int | None:
    """Without counting: the seconds to wait when `key` has already used `scope` `limit` times in
    the current window, else None. For limits that count only failures (a wrong code), checked
    before each try and counted with rate_limit_hit after a failed one."""
    now, window_start = _window(window)
    if (cache.get(f"ratelimit:{scope}:{key}:{window_start}") or 0) >= limit:
        return max(1, window_start + window - now)
    return None


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> int | None:
    """Count one use of `scope` by `key`; return the seconds to wait when the count is over
    `limit` in the current window of `window` seconds, else None."""
    now, window_start = _window(window)
    cache_key = f"ratelimit:{scope}:{key}:{window_start}"
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return max(1, window_start + window - now)
    return None
