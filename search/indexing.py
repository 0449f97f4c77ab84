"""Keeping search entries in step with the records they describe.

`reindex(kind, ids)` makes the entries of those records what their records say now: written when the
record is public (or scheduled), removed when it is not or no longer exists. On PostgreSQL it is one
set-based statement, so the same code serves one record saved in the admin and `rebuild_search_index`
over hundreds of thousands.
"""

from collections.abc import Iterable

from cities.models import Theme
from content_state.tokens import content_changed
from cpp_portal.search import KINDS
from search.backends import backend
from search.models import SearchEntry, SearchTerm
from search.terms import add_terms


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
    rebuild_terms()
    # Searches kept in the cache were answered by the old index.
    content_changed()
    return {kind: SearchEntry.objects.filter(kind=kind).count() for kind in KINDS}
