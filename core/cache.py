"""Django's Redis cache backend, keeping one client per connection pool.

Django builds a new `redis.Redis` for every operation, which costs more than the round trip
to Redis itself (it rebuilds the client's table of response callbacks each time). A client
is thread-safe and holds no connection of its own, so one per pool is enough.
"""

from django.core.cache.backends import redis as django_redis


class ReusedClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
