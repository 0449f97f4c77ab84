"""The search interface for pages outside the search app: the library's keywords, and later the
matching page and the API.

The engine itself is the `search` app, which reads the content apps to index them; so that none of
them imports it, it is reached here through the dotted path in `settings.SEARCH_ENGINE`, as Django
reaches its cache or email backends. Everything a page needs is in this module: the parsed query, the
typed result and four functions.
"""

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString

# The kinds of record search finds.
OUTPUT, LESSON, CITY, DEEP_DIVE = "output", "lesson", "city", "deep_dive"
KINDS = (OUTPUT, LESSON, CITY, DEEP_DIVE)


class Query(Protocol):
    """What a visitor typed, made safe: `text` is what to show and link to again; `is_empty` when it
    holds no word to look for (only punctuation, only exclusions)."""

    text: str
    is_empty: bool


@dataclass(frozen=True)
class SearchResult:
    """The records of one kind that match a query, best first."""

    ids: list[int]  # at most settings.SEARCH_CANDIDATES of them
    total: int  # how many public records match
    total_is_exact: bool = True  # False when `total` is an estimate ("about N")

    @property
    def is_complete(self) -> bool:
        """Whether `ids` holds every match (else it is the best-ranked part of them)."""
        return self.total_is_exact and len(self.ids) >= self.total


NO_RESULT = SearchResult([], 0)


class Engine(Protocol):
    def parse(self, q: str) -> Query: ...

    def search(self, query: Query, kind: str) -> SearchResult: ...

    def snippets(self, query: Query, kind: str, ids: list[int]) -> dict[int, SafeString]: ...

    def did_you_mean(self, query: Query) -> str | None: ...


@cache
def engine() -> Engine:
    return import_string(settings.SEARCH_ENGINE)()


def parse(q: str) -> Query:
    return engine().parse(q)


def search(query: Query, kind: str) -> SearchResult:
    return engine().search(query, kind)


def snippets(query: Query, kind: str, ids: list[int]) -> dict[int, SafeString]:
    """A passage of each record that shows why it matched, matches in <mark>, everything else escaped."""
    return engine().snippets(query, kind, ids)


def did_you_mean(query: Query) -> str | None:
    """The query with each word that finds nothing replaced by a near word that finds public content."""
    return engine().did_you_mean(query)
