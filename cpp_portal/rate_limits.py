"""Counting requests in the shared cache, so that every server process counts the same ones."""

import hashlib

from django.core.cache import cache


def within_limit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one more request for `key` in `scope`; whether it is among the first `limit` in the window,
    which starts with the first request counted and lasts `window_seconds`."""
    cache_key = f"rate:{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The window ended between the two calls: this is the first request of a new one.
        cache.add(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
