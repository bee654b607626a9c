"""Per-IP rate limit for the public verify endpoints, on Django's cache (a fixed window). A shared
cache (Redis) in production makes the limit hold across processes."""

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


def verify_rate_limit_retry_after(request) -> int | None:
    """Count this request; return seconds to wait when the IP is over the limit, else None."""
    limit, window = getattr(settings, "CERTIFICATES_VERIFY_RATE", (30, 60))
    now = int(time.time())
    window_start = now - now % window
    key = f"certificates:verify:{client_ip(request)}:{window_start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return max(1, window_start + window - now)
    return None
