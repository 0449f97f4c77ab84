"""The content state: one token that changes whenever anything the public pages show may have changed.

Rendered fragments and the in-memory catalogue are keyed by it, so a publish (or any edit, or an
embargo date passing) makes them stale everywhere at once without anyone listing what to invalidate.

The token lives in the shared cache. It is dropped when content changes (`content_changed`, connected
to the content models' signals) and when the next embargo date passes: the state remembers the earliest
future publication time, and the first request after it starts a new state.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

CONTENT_STATE_KEY = "content-state"


def content_version() -> str:
    """The current content state's token (one cache read while nothing changes)."""
    state = cache.get(CONTENT_STATE_KEY)
    now = timezone.now()
    if state is None or (state["next_release"] is not None and now >= state["next_release"]):
        if state is not None:
            cache.delete(CONTENT_STATE_KEY)
        # add() so that workers starting a state at the same moment agree on one token.
        cache.add(CONTENT_STATE_KEY, {"version": uuid.uuid4().hex, "next_release": _next_release(now)}, None)
        state = cache.get(CONTENT_STATE_KEY) or {"version": uuid.uuid4().hex}
    return state["version"]


def content_changed(**kwargs) -> None:
    """Signal receiver: start a new content state once the change is committed (and now, for readers
    inside the same transaction)."""
    cache.delete(CONTENT_STATE_KEY)
    transaction.on_commit(lambda: cache.delete(CONTENT_STATE_KEY))


def _next_release(now):
    from knowledge.models import Output

    return (
        Output.objects.filter(status=Output.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
