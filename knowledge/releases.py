"""Outputs whose embargo ends appear by themselves: at the first sync of the content state after their
publication time, they are written again unchanged, so that the database logs what they renew (their
pages, their lessons) as for any other change, and the lists they join are logged with them.

The next publication time to come, and when it was last looked for, are kept in the shared cache, so
that a sync costs one cache read until then.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from content_state import triggers
from content_state.models import ContentChange
from content_state.versions import ALL
from knowledge.models import Output, Publication

NEXT_RELEASE_KEY = "knowledge:next-release"


def release_due_outputs(**kwargs) -> None:
    now = timezone.now()
    state = cache.get(NEXT_RELEASE_KEY)
    if state is not None and not state.get("look") and (state["at"] is None or state["at"] > now):
        return
    if state is None:
        # Nothing remembered (a new or emptied cache): whatever appeared while a cached page could live.
        state = {"checked_at": now - datetime.timedelta(seconds=settings.FRAGMENT_CACHE_SECONDS)}
    # (An output published outright since the last look is written again too: one more renewal, no harm.)
    due = Output.objects.filter(Publication.q(now=now), published_at__gt=state["checked_at"])
    if due.update(status=Output.Status.PUBLISHED):
        # Rows written unchanged renew their own scopes; the lists they now join are logged here, since
        # their triggers renew the lists only when a listed column changes.
        lists = triggers.renewed_only_on_some_columns("knowledge.Output")
        ContentChange.objects.bulk_create([ContentChange(scope=scope) for scope in sorted(lists)])
    upcoming = (
        Output.objects.filter(Publication.scheduled_q(now=now))
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    cache.set(NEXT_RELEASE_KEY, {"at": upcoming, "checked_at": now}, None)


def look_again_for_releases(scopes: set[str], **kwargs) -> None:
    """An output published, unpublished or rescheduled may move the next publication time: the next
    sync looks for it again (from the time of the last look)."""
    if "outputs" in scopes or ALL in scopes:
        state = cache.get(NEXT_RELEASE_KEY)
        if state is not None:
            cache.set(NEXT_RELEASE_KEY, {**state, "at": None, "look": True}, None)
