"""Rendered HTML kept in the shared cache for as long as what it shows has not changed.

While a page or a part of one is rendered, the code that reads content says which scopes it read
(`depends_on("output:12", "taxonomy")`); the rendering is stored with the versions those scopes had
when it began, and used only while they stand (content_state/versions.py). So an edit retires what
shows the edited content, and nothing else.

A rendering is not stored when a scope it read was renewed while it was being made (it may hold the
data before or after the change). One that read from a source still behind the content state (`behind()`:
a catalogue being rebuilt) is stored, so that the visitors meanwhile share one rendering instead of each
waiting for their own, but only until that source has caught up (`caught_up()`, on any machine).

`render_page` keeps whole pages for visitors who are not signed in; `cached_html` keeps parts that
several pages, or every visitor, share (a library card, an output's related outputs).
"""

import hashlib
import re
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from content_state import versions

CSRF_TOKEN = "csrf_token"


@dataclass
class Reading:
    """What one rendering read: its scopes, and the sources it read that were behind the content state."""

    started_at: int
    scopes: set[str] = field(default_factory=set)
    behind: set[str] = field(default_factory=set)


_reading: ContextVar[Reading | None] = ContextVar("content_state_reading", default=None)


def depends_on(*scopes: str) -> None:
    """Say, while rendering, which scopes of content were read."""
    reading = _reading.get()
    if reading is not None:
        reading.scopes.update(scopes)


def behind(source: str) -> None:
    """Say, while rendering, that what was read from `source` is older than the content state; `source`
    names what it is catching up to (a catalogue and the version being built)."""
    reading = _reading.get()
    if reading is not None:
        reading.behind.add(source)


def caught_up(source: str) -> None:
    """`source` is no longer behind: what was rendered from it meanwhile is retired, and a rendering
    still made from it elsewhere (another machine yet to catch up) is not kept."""
    # The marker is set before the scope is looked at, and `store` reads the scope before the marker: so
    # a rendering from the behind source is either refused there or retired here.
    cache.set(_caught_up_key(source), True, settings.FRAGMENT_CACHE_SECONDS)
    versions.renew_if_read([_behind_scope(source)])


def _behind_scope(source: str) -> str:
    return f"behind:{source}"


def _caught_up_key(source: str) -> str:
    return f"content-state:caught-up:{source}"


@contextmanager
def reading() -> Iterator[Reading]:
    """Record what the code inside reads. Nested readings also count for the outer one."""
    outer = _reading.get()
    current = Reading(started_at=versions.sequence())
    token = _reading.set(current)
    try:
        yield current
    finally:
        _reading.reset(token)
        if outer is not None:
            outer.scopes.update(current.scopes)
            outer.behind.update(current.behind)


class _Memo(OrderedDict):
    """The scopes each key last depended on, in this process, so that a cached value and the versions
    it needs come in one cache read. At most `size` keys, the least used forgotten first."""

    size = 20_000

    def remember(self, key: str, scopes: Iterable[str]) -> None:
        self[key] = frozenset(scopes)
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


_scopes_of = _Memo()


def get_many(keys: list[str]) -> dict[str, object]:
    """The cached values of `keys` that are still current, usually in one cache read."""
    if not keys:
        return {}
    known = set().union(*(_scopes_of.get(key, ()) for key in keys))
    entries, current = versions.fetch_with_versions(keys, known)
    unknown = {scope for entry in entries.values() for scope in entry["versions"]} - current.keys()
    if unknown:
        current.update(versions.versions(unknown))
    fresh = {}
    for key, entry in entries.items():
        _scopes_of.remember(key, entry["versions"])
        if all(current.get(scope) == version for scope, version in entry["versions"].items()):
            fresh[key] = entry["value"]
    return fresh


def store(key: str, value: object, done: Reading) -> bool:
    """Keep `value` under `key` with the versions its reading saw; refused when it may be stale."""
    scopes = {versions.ALL, *done.scopes, *map(_behind_scope, done.behind)}
    current = versions.versions(scopes)
    if any(version > done.started_at for version in current.values()):
        return False
    if done.behind and cache.get_many([_caught_up_key(source) for source in done.behind]):
        return False
    _scopes_of.remember(key, scopes)
    cache.set(key, {"versions": current, "value": value}, settings.FRAGMENT_CACHE_SECONDS)
    return True


def cached_html(key: str, make: Callable[[], str]) -> SafeString:
    """The HTML kept under `key`, or `make()`'s (a rendered template), kept for next time."""
    found = get_many([key])
    if key in found:
        return mark_safe(found[key])  # noqa: S308 - what `make` rendered before
    with reading() as done:
        html = make()
    store(key, html, done)
    return mark_safe(html)  # noqa: S308


def is_plain_visit(request) -> bool:
    """Whether this request gets the page that every visitor who is not signed in gets: a plain GET
    (no query string, whose parameters could be anything, and each would be kept), not signed in, and
    no session (where messages wait to be shown)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.user.is_authenticated
    )


def render_page(
    request,
    template_name: str,
    context: dict,
    *,
    scopes: Iterable[str],
    live: dict[str, Callable[[], str]] | None = None,
) -> HttpResponse:
    """`render()`, served from the shared cache for a plain visit, for as long as `scopes` (what the page
    shows) and whatever its rendering read stand. Each `live` entry names a context variable whose HTML is
    worked out on every visit by its function (a visitor's view counts, or a part cached on its own
    terms); like the form token, it is left open in the cached page."""
    live = live or {}
    if not is_plain_visit(request):
        return render(request, template_name, {**context, **{name: part() for name, part in live.items()}})
    key = f"page:{get_language()}:{hashlib.sha256(request.path.encode()).hexdigest()}"
    pieces = get_many([key]).get(key)
    if pieces is None:
        with reading() as done:
            depends_on(*scopes)
            pieces = _render_with_openings(request, template_name, context, [*live, CSRF_TOKEN])
        store(key, pieces, done)
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
