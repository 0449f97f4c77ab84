"""Keeping search entries in step with the records they describe.

`reindex(kind, ids)` makes the entries of those records what their records say now: written when the
record is public (or scheduled), removed when it is not or no longer exists. On PostgreSQL it is one
set-based statement, so the same code serves one record saved in the admin and `rebuild_search_index`
over hundreds of thousands.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from cities.models import Theme
from content_state.versions import renew
from cpp_portal.search import KINDS
from search.backends import backend
from search.models import SearchChange, SearchEntry, SearchTerm
from search.terms import add_terms

# Renewed whenever the index changes: cached searches check what changed since they were made.
SEARCH_SCOPE = "search"


def reindex(kind: str, ids: Iterable[int] | None = None) -> None:
    """Bring the entries of these records (all of this kind when `ids` is None) up to date."""
    if ids is not None:
        ids = sorted({int(pk) for pk in ids})
        if not ids:
            return
    backend().reindex(kind, ids)


def add_theme_terms(theme_ids: Iterable[int] | None = None) -> None:
    themes = Theme.objects.all() if theme_ids is None else Theme.objects.filter(pk__in=list(theme_ids))
    add_terms(themes.values_list("name", flat=True))


def rebuild_terms() -> None:
    """The suggestion terms afresh: words of public titles, city names and theme names."""
    SearchTerm.objects.all().delete()
    for kind in KINDS:
        backend().add_title_terms(kind, None)
    add_theme_terms()


def rebuild(jobs: int = 1) -> dict[str, int]:
    """Every entry and suggestion term afresh; returns the number of entries of each kind."""
    backend().rebuild(max(1, jobs))
    # Every entry may have changed: no cached search can stand.
    SearchChange.objects.bulk_create([SearchChange(kind=kind) for kind in KINDS])
    rebuild_terms()
    # Searches kept in the cache were answered by the old index.
    renew([SEARCH_SCOPE])
    return {kind: SearchEntry.objects.filter(kind=kind).count() for kind in KINDS}


# Changes are kept this long after a cached search could last, then forgotten.
CHANGES_KEPT = datetime.timedelta(hours=2)


def forget_old_changes() -> None:
    """Drop the journal's rows that no cached search can still need."""
    oldest_needed = (
        timezone.now() - CHANGES_KEPT - datetime.timedelta(seconds=settings.FRAGMENT_CACHE_SECONDS)
    )
    SearchChange.objects.filter(created_at__lt=oldest_needed).delete()
