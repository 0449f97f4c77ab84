"""The shared cache that several server processes use (CACHE_URL=redis://...), on this machine's Redis."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from content_state import versions
from tests import builders

REDIS = {
    "default": {"BACKEND": "cpp_portal.redis_cache.ReusingRedisCache", "LOCATION": "redis://127.0.0.1:6379/9"}
}


@pytest.fixture
def redis_cache():
    with override_settings(CACHES=REDIS):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


def test_values_round_trip_and_the_client_is_reused(redis_cache):
    redis_cache.set("fragment", "<p>Toyama</p>", 60)
    redis_cache.set_many({"a": 1, "b": [2, 3]})

    assert redis_cache.get("fragment") == "<p>Toyama</p>"
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": [2, 3]}
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client


@pytest.mark.django_db
def test_a_renewed_scope_has_a_new_version_for_every_process(redis_cache):
    first = versions.versions(["output:1", "output:2"])
    assert versions.versions(["output:1", "output:2"]) == first

    versions.renew(["output:1"])

    # What another process reads from the same Redis.
    seen = caches.create_connection("default").get_many(
        ["content-state:scope:output:1", "content-state:scope:output:2"]
    )
    assert seen["content-state:scope:output:1"] > first["output:1"]
    assert seen["content-state:scope:output:2"] == first["output:2"]


@pytest.mark.django_db
def test_pages_are_served_from_the_shared_cache_and_follow_a_publish(redis_cache, client):
    output = builders.output("Light rail in Toyama")
    assert "Light rail in Toyama" in client.get(output.get_absolute_url()).content.decode()

    output.title = "Light rail and the compact city"
    output.save()

    assert "Light rail and the compact city" in client.get(output.get_absolute_url()).content.decode()
