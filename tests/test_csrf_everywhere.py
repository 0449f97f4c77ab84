"""Every view that can change something refuses a POST without the CSRF token: derived from the URL
configuration, so that a new view is covered without anyone remembering it."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from api.views import ENDPOINTS
from tests import builders

# Views that take a POST without a token, and why it is safe.
EXEMPT = {
    # OAI-PMH allows harvesters to send their (read-only) requests as POST; nothing is ever written.
    "knowledge.oai.views.endpoint": "read-only protocol endpoint",
    # The read API (REST framework exempts its views): it answers every unsafe method with 405 and reads
    # no session cookie, so a forged request has nothing to act on (tests/api/test_api.py).
    **dict.fromkeys(
        (
            *(f"api.views.{viewset.__name__}" for _prefix, viewset, _name in ENDPOINTS),
            "api.views.ApiRoot",
            "api.views.NotFoundView",
            "drf_spectacular.views.SpectacularAPIView",
            "drf_spectacular.views.SpectacularSwaggerSplitView",
        ),
        "the read API: GET, HEAD and OPTIONS only, no session",
    ),
}


def every_view():
    """(route, dotted name of the view) for every URL pattern, the admin's included."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                callback = pattern.callback
                # A class-based view by its class (Django's view_class, REST framework's cls).
                view = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback
                function = getattr(view, "__qualname__", type(view).__name__)
                name = f"{getattr(view, '__module__', '')}.{function}"
                yield prefix + str(pattern.pattern), name, callback

    return list(walk(get_resolver().url_patterns))


def test_the_csrf_middleware_runs():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_no_view_is_exempt_from_the_csrf_check_but_the_listed_ones():
    views = every_view()
    assert len(views) > 100  # the admin's views are among them
    exempt = sorted(
        f"{route} ({name})"
        for route, name, callback in views
        if getattr(callback, "csrf_exempt", False) and name not in EXEMPT
    )
    assert exempt == []


@pytest.mark.django_db
def test_a_post_without_the_token_is_refused_on_every_form_without_parameters():
    """A signed-in curator (who may do the most) posting to every address that takes no parameter."""
    curator = builders.curator()
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    refused = 0
    for route, name, _callback in every_view():
        if "<" in route or "(?P" in route or name in EXEMPT or route.startswith(("^media", "static")):
            continue
        path = "/" + route.lstrip("^").rstrip("$").replace("\\Z", "")
        response = client.post(path, {"anything": "x"})
        assert response.status_code in (403, 404, 405), f"{path} ({name}) answered {response.status_code}"
        refused += response.status_code == 403
    assert refused >= 10
