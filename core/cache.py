"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache read or
write. Building one fills its table of about 170 response callbacks, which cost about 1.7 ms of
CPU each time (measured with ``bench/request_cpu.py --profile``): three cache calls, about 5 ms,
on every signed-in request (session, Site, view restrictions). A ``redis.Redis`` holds no
connection of its own, it borrows one from the pool per command, so one per pool is safe to share
between threads. The pool itself already checks the process id and reconnects after a fork.
"""

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


def generation(key: str, timeout: int | None = None) -> str | None:
    """The current generation stored at `key`, starting one if there is none. Cached values
    derived from the database carry the generation they were read under; a change calls
    `generation_renew`, and values of the old generation are never served again."""
    from django.core.cache import cache

    current = cache.get(key)
    if current is None:
        cache.add(key, uuid4().hex, timeout)
        current = cache.get(key)
    return current


def generation_renew(key: str, timeout: int | None = None) -> None:
    """Start a new generation now, for the current transaction's own later reads, and again after
    it commits, for a value another process read from the rows as they were before the commit."""
    from django.core.cache import cache
    from django.db import transaction

    def renew() -> None:
        cache.set(key, uuid4().hex, timeout)

    renew()
    transaction.on_commit(renew, robust=True)
