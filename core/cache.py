"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache read or
write. Building one fills its table of about 170 response callbacks, which cost about 1.7 ms of
CPU each time (measured with ``bench/request_cpu.py --profile``): three cache calls, about 5 ms,
on every signed-in request (session, Site, view restrictions). A ``redis.Redis`` holds no
connection of its own, it borrows one from the pool per command, so one per pool is safe to share
between threads. The pool itself already checks the process id and reconnects after a fork.
"""

from collections.abc import Callable
from contextvars import ContextVar
from uuid import uuid4

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # Pools are never dropped, so an id names one pool for the life of the process.
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``RedisCacheClient`` above."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


# Keys nearly every request reads (the generations of the Sites, the course structures and the
# question bank; whether any view restriction exists). Inside a request (RequestCacheMiddleware)
# the first of them read fetches them all in one round trip, and each key is read at most once.
SHARED_KEYS: set[str] = set()
_request_memo: ContextVar[dict | None] = ContextVar("lms_cache_request_memo", default=None)


def shared_keys_register(*keys: str) -> None:
    """Read `keys` together with the other shared keys, once per request."""
    SHARED_KEYS.update(keys)


class RequestCacheMiddleware:
    """Scope of the per-request reads of shared keys (shared_get): one round trip to the cache for
    all of them instead of one each, and none twice. Nothing outlives the request, so another
    process's change is seen at the next request, as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def shared_get(key: str):
    """The cached value at `key`, read once per request (outside a request: read each time)."""
    from django.core.cache import cache

    memo = _request_memo.get()
    if memo is None:
        return cache.get(key)
    if not memo and SHARED_KEYS:
        memo.update(dict.fromkeys(SHARED_KEYS))
        memo.update(cache.get_many(list(SHARED_KEYS)))
    if key not in memo:
        memo[key] = cache.get(key)
    return memo[key]


def _memo_update(values: dict) -> None:
    """What this request has just written or read, for its own later reads (outside a request:
    nothing to keep)."""
    memo = _request_memo.get()
    if memo is not None:
        memo.update(values)


def shared_set(key: str, value, timeout: int | None = None) -> None:
    """Store `value` at `key`, for other processes and for the rest of this request."""
    from django.core.cache import cache

    cache.set(key, value, timeout)
    _memo_update({key: value})


def shared_forget(key: str) -> None:
    from django.core.cache import cache

    cache.delete(key)
    memo = _request_memo.get()
    if memo is not None:
        memo.pop(key, None)


def generation(key: str, timeout: int | None = None) -> str | None:
    """The current generation stored at `key`, starting one if there is none. Cached values
    derived from the database carry the generation they were read under; a change calls
    `generation_renew`, and values of the old generation are never served again."""
    from django.core.cache import cache

    current = shared_get(key)
    if current is None:
        cache.add(key, uuid4().hex, timeout)
        current = cache.get(key)
        _memo_update({key: current})
    return current


def generation_renew(key: str, timeout: int | None = None) -> None:
    """Start a new generation now, for the current transaction's own later reads, and again after
    it commits, for a value another process read from the rows as they were before the commit."""
    generations_renew([key], timeout)


def generations_renew(keys: list[str], timeout: int | None = None) -> None:
    """`generation_renew` for many keys, in one round trip each time."""
    from django.core.cache import cache
    from django.db import transaction

    if not keys:
        return

    def renew() -> None:
        fresh = {key: uuid4().hex for key in keys}
        cache.set_many(fresh, timeout)
        _memo_update(fresh)

    renew()
    transaction.on_commit(renew, robust=True)


def generation_cached(*, key: str, generation_key: str, load: Callable, timeout: int, generation_timeout: int):
    """The value at `key` when it was stored under the current generation at `generation_key`,
    else `load()`, then stored with that generation: one round trip to the cache on a hit. The
    generation is read before the database, so a value read before a concurrent change committed
    carries the old generation and is never served."""
    from django.core.cache import cache

    found = cache.get_many([key, generation_key])
    current = found.get(generation_key) or generation(generation_key, generation_timeout)
    cached = found.get(key)
    if cached is not None and current is not None and cached[0] == current:
        return cached[1]
    value = load()
    if current is not None:
        cache.set(key, (current, value), timeout)
    return value
