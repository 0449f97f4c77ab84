"""Whole public pages kept in the shared cache, with the few parts that differ per visit left open.

Most visitors are not signed in, and every one of them gets the same page for an address in a content
state (content_state.tokens): the page is rendered once and kept, and a visit costs one cache read instead
of rendering the page's chrome and reading its fragments one by one. What a cached page cannot hold is
filled in on each visit: the CSRF token of the footer's forms (it belongs to the visitor), and whatever
the view passes as `live` (an output's view counts, say).

Only plain visits are served this way: no query string (its parameters could be anything, and each
would be kept), not signed in, and no session (where messages wait to be shown in the chrome).
"""

import hashlib
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from content_state.tokens import content_version

CSRF_TOKEN = "csrf_token"


def is_plain_visit(request) -> bool:
    """Whether this request gets the page that every visitor who is not signed in gets."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.user.is_authenticated
    )


def render_public_page(
    request, template_name: str, context: dict, *, live: dict[str, Callable[[], str]] | None = None
) -> HttpResponse:
    """`render()`, served from the shared cache for a plain visit. Each `live` entry names a context
    variable whose HTML is worked out on every visit, by its function; like the form token, it must not
    be used inside a `{% cache %}` fragment, which would keep it."""
    live = live or {}
    if not is_plain_visit(request):
        return render(request, template_name, {**context, **{name: part() for name, part in live.items()}})
    path = hashlib.sha256(request.path.encode()).hexdigest()
    key = f"page:{content_version()}:{get_language()}:{path}"
    pieces = cache.get(key)
    if pieces is None:
        pieces = _render_with_openings(request, template_name, context, [*live, CSRF_TOKEN])
        cache.set(key, pieces, settings.FRAGMENT_CACHE_SECONDS)
    openings = {**live, CSRF_TOKEN: lambda: get_token(request)}
    return HttpResponse(
        "".join(piece if index % 2 == 0 else openings[piece]() for index, piece in enumerate(pieces))
    )


def _render_with_openings(request, template_name: str, context: dict, names: list[str]) -> list[str]:
    """The page as a list alternating text and the name of an opening: each opening is rendered as a
    random marker that no content can contain, then the page is cut at the markers."""
    markers = {uuid.uuid4().hex: name for name in names}
    html = render_to_string(
        template_name, {**context, **{name: marker for marker, name in markers.items()}}, request
    )
    pieces = re.split(f"({'|'.join(markers)})", html)
    pieces[1::2] = [markers[marker] for marker in pieces[1::2]]
    return pieces
