"""Search on SQLite (the demo): every word must appear in the entry's stored text (case-insensitive),
title matches first, then the newest. The demo holds a few hundred records, indexed in Python from the
same documents as PostgreSQL's (search/documents.py)."""

import difflib

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from cpp_portal.search import KINDS, SearchResult
from search.documents import PASSAGE_LENGTH, documents
from search.models import SearchChange, SearchEntry, SearchTerm
from search.query import Clauses, ParsedQuery, positive_words
from search.terms import add_terms


def _matching(clauses: Clauses) -> Q:
    condition = Q()
    for clause in clauses:
        alternatives = Q()
        for term in clause:
            pieces = [" ".join(term.words)] if term.is_phrase and term.words else list(term.words)
            pieces += list(term.cjk_runs)
            matches = Q()
            for piece in pieces:
                matches &= Q(text__icontains=piece) | Q(title__icontains=piece)
            alternatives |= ~matches if term.negated else matches
        condition &= alternatives
    return condition


def _public(kind: str | None = None):
    entries = SearchEntry.objects.filter(published_at__lte=timezone.now())
    return entries if kind is None else entries.filter(kind=kind)


class SqliteBackend:
    marks_words = True  # nothing marks the matches in the database: the engine marks every word

    def find(self, query: ParsedQuery, kind: str) -> SearchResult:
        limit = settings.SEARCH_CANDIDATES
        matches = _public(kind).filter(_matching(query.clauses))
        rows = list(
            matches.order_by("-published_at", "-object_id").values_list("object_id", "title")[: limit + 1]
        )
        words = [word.lower() for word in positive_words(query.clauses)]
        # Title matches first, as on PostgreSQL, then the newest.
        rows.sort(key=lambda row: not any(word in row[1].lower() for word in words))
        ids = [object_id for object_id, _title in rows[:limit]]
        return SearchResult(ids, len(rows) if len(rows) <= limit else matches.count())

    def passages(self, query: ParsedQuery, kind: str, ids: list[int]) -> dict[int, str]:
        pieces = [piece.lower() for piece in query.marked_pieces]
        texts = dict(_public(kind).filter(object_id__in=ids).values_list("object_id", "text"))
        passages = {}
        for pk, text in texts.items():
            lowered = text.lower()
            found = [lowered.find(piece) for piece in pieces]
            start = max(min((position for position in found if position >= 0), default=0) - 60, 0)
            passages[pk] = ("… " if start else "") + text[start : start + PASSAGE_LENGTH]
        return passages

    def corrections(self, words: list[str]) -> dict[str, str]:
        known = dict(SearchTerm.objects.values_list("word", "display"))
        public = _public()

        def finds_something(word: str) -> bool:
            return public.filter(Q(text__icontains=word) | Q(title__icontains=word)).exists()

        corrections = {}
        for word in words:
            if word in known or finds_something(word):
                continue
            for candidate in difflib.get_close_matches(word, list(known), n=3, cutoff=0.7):
                if finds_something(candidate):
                    corrections[word] = known[candidate]
                    break
        return corrections

    def journal_position(self, kind: str) -> int:
        return SearchChange.objects.filter(kind=kind).aggregate(last=Max("id"))["last"] or 0

    def affected(self, query: ParsedQuery, kind: str, *, since: int, ids: list[int]) -> tuple[int, bool]:
        """The demo's few records: any change since `since` makes the search again."""
        position = self.journal_position(kind)
        return position, position > since

    def reindex(self, kind: str, ids: list[int] | None) -> None:
        found = {document.id: document for document in documents(kind, ids)}
        with transaction.atomic():
            SearchChange.objects.bulk_create(
                [SearchChange(kind=kind, object_id=pk) for pk in ids]
                if ids is not None
                else [SearchChange(kind=kind)]
            )
            stale = SearchEntry.objects.filter(kind=kind)
            if ids is not None:
                stale = stale.filter(object_id__in=ids)
            stale.exclude(object_id__in=list(found)).delete()
            existing = dict(
                SearchEntry.objects.filter(kind=kind, object_id__in=list(found)).values_list(
                    "object_id", "pk"
                )
            )
            entries = [
                SearchEntry(
                    pk=existing.get(document.id),
                    kind=kind,
                    object_id=document.id,
                    published_at=document.published_at,
                    language=document.language,
                    title=document.title,
                    text=document.text,
                )
                for document in found.values()
            ]
            SearchEntry.objects.bulk_create([entry for entry in entries if entry.pk is None])
            SearchEntry.objects.bulk_update(
                [entry for entry in entries if entry.pk is not None],
                ["published_at", "language", "title", "text"],
            )
        add_terms(document.title for document in found.values())

    def add_title_terms(self, kind: str, ids: list[int] | None) -> None:
        entries = SearchEntry.objects.filter(kind=kind)
        if ids is not None:
            entries = entries.filter(object_id__in=ids)
        add_terms(entries.values_list("title", flat=True).iterator())

    def rebuild(self, jobs: int) -> None:
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            for kind in KINDS:
                self.reindex(kind, None)
