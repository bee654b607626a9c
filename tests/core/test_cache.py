"""The Redis cache backend builds one redis-py client per connection pool, not one per call."""

import socket

import pytest

from core.cache import RedisCache


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_the_client_is_built_once_per_pool():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    assert cache._cache.get_client(write=True) is cache._cache.get_client()
    assert cache._cache.get_client("some-key") is cache._cache.get_client("other-key", write=True)


@pytest.mark.skipif(not redis_up(), reason="no Redis at 127.0.0.1:6379")
def test_it_reads_and_writes_redis():
    cache = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "lms-test-cache"})
    cache.set("answer", {"value": 42}, 30)
    cache.set_many({"a": 1, "b": "二"}, 30)
    assert cache.get("answer") == {"value": 42}
    assert cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": "二"}
    assert cache.incr("a") == 2
    cache.delete_many(["answer", "a", "b"])
    assert cache.get("answer") is None
