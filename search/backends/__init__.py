"""One search backend per database, behind the same small interface."""

from typing import Protocol

from django.db import connection

from cpp_portal.search import SearchResult
from search.backends.postgresql import PostgresBackend
from search.backends.sqlite import SqliteBackend
from search.query import ParsedQuery


class SearchBackend(Protocol):
    # Whether the engine marks every matched word in a passage (else the backend marked them).
    marks_words: bool

    def find(self, query: ParsedQuery, kind: str) -> SearchResult: ...

    def passages(self, query: ParsedQuery, kind: str, ids: list[int]) -> dict[int, str]: ...

    def corrections(self, words: list[str]) -> dict[str, str]: ...

    def journal_position(self, kind: str) -> int: ...

    def affected(self, query: ParsedQuery, kind: str, *, since: int, ids: list[int]) -> tuple[int, bool]: ...

    def reindex(self, kind: str, ids: list[int] | None) -> None: ...

    def add_title_terms(self, kind: str, ids: list[int] | None) -> None: ...

    def rebuild(self, jobs: int) -> None: ...


_BACKENDS: dict[str, SearchBackend] = {"postgresql": PostgresBackend(), "sqlite": SqliteBackend()}


def backend() -> SearchBackend:
    """The backend of the database the portal runs on."""
    return _BACKENDS[connection.vendor]
