"""Django's Redis cache with one client object per connection pool instead of one per call.

Django builds a new `redis.Redis` for every cache operation; its constructor fills a table of some
170 response callbacks, which cost more than the round trip itself on a page that reads a few
fragments. The client objects share the pool's connections either way, and are safe to reuse across
threads.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
