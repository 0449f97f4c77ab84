"""Search on SQLite (the demo): SQLite's full-text engine, FTS5, over the table of search/fts5.py.

Ranked as on PostgreSQL: records whose title or summary match first, then the others; within each,
bm25 with PostgreSQL's weights (title above summary above body above attachment text), then the
newest. The demo holds a few hundred records, so every match is counted exactly and the documents
(search/documents.py, the same as PostgreSQL's) are read through the ORM to be indexed.
"""

import difflib

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from cpp_portal.search import KINDS, SearchResult
from search import fts5
from search.backends.postgresql import MARK_END, MARK_START
from search.documents import PASSAGE_LENGTH, Document, documents
from search.models import SearchChange, SearchEntry, SearchTerm
from search.query import ParsedQuery, Term
from search.terms import add_terms

ENTRIES = SearchEntry._meta.db_table
# Tokens of a passage (FTS5's snippet() takes at most 64), about PostgreSQL's MaxWords.
PASSAGE_TOKENS = 30


def _public(kind: str | None = None):
    entries = SearchEntry.objects.filter(published_at__lte=timezone.now())
    return entries if kind is None else entries.filter(kind=kind)


def _public_ids_sql(kind: str | None = None) -> tuple[str, tuple]:
    """The ids of the public entries as an SQL subquery with its parameters: the same rule as `_public`."""
    return _public(kind).values("id").query.sql_with_params()


def _without_marks(text: str) -> str:
    # No document keeps the characters that mark matches (as on PostgreSQL).
    return text.replace(MARK_START, "").replace(MARK_END, "")


def _fts_row(pk: int, document: Document) -> tuple:
    parts = [_without_marks(getattr(document, name)) for name in fts5.TEXT_COLUMNS]
    return (pk, *parts, *(fts5.pairs_text(part) for part in parts))


class SqliteBackend:
    marks_words = False  # FTS5's snippet() marks the matched words; the engine marks the Japanese runs

    def find(self, query: ParsedQuery, kind: str) -> SearchResult:
        expression = fts5.match_expression(query.clauses)
        if not expression:
            return SearchResult([], 0)
        head = fts5.match_expression(query.clauses, parts=fts5.HEAD_PARTS, exclusions=False)
        public, public_params = _public_ids_sql(kind)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT e.object_id FROM (
                    SELECT f.rowid AS id,
                           f.rowid IN (SELECT rowid FROM {fts5.TABLE} WHERE {fts5.TABLE} MATCH %s) AS in_head,
                           bm25({fts5.TABLE}, {fts5.weights(fts5.HEAD_PARTS)}) AS head_rank,
                           bm25({fts5.TABLE}, {fts5.weights()}) AS rank
                    FROM {fts5.TABLE} f WHERE {fts5.TABLE} MATCH %s
                ) m JOIN {ENTRIES} e ON e.id = m.id
                WHERE e.id IN ({public})
                ORDER BY m.in_head DESC, CASE WHEN m.in_head THEN m.head_rank ELSE m.rank END,
                         e.published_at DESC, e.object_id DESC
                """,
                [head, expression, *public_params],
            )
            ids = [row[0] for row in cursor.fetchall()]
        return SearchResult(ids[: settings.SEARCH_CANDIDATES], len(ids))

    def passages(self, query: ParsedQuery, kind: str, ids: list[int]) -> dict[int, str]:
        """Each record's passage around its matches (the matched words between MARK_START and MARK_END),
        from the first of summary, body and attachment text that holds one. A Japanese run, which
        snippet() cannot see in the pairs, takes the text around its first occurrence."""
        expression = fts5.match_expression(query.clauses, with_cjk=False, exclusions=False)
        first_run = next(
            (run for clause in query.clauses for term in clause if not term.negated for run in term.cjk_runs),
            "",
        )
        rows = self._passage_texts(kind, ids, expression)
        unmatched = [pk for pk in ids if pk not in rows]
        if expression and unmatched:
            rows.update(self._passage_texts(kind, unmatched, ""))
        passages = {}
        for pk, (texts, cut) in rows.items():
            whole = " ".join(text for text in texts if text)
            if first_run and first_run in whole:
                start = max(whole.find(first_run) - 60, 0)
                passages[pk] = whole[start : start + PASSAGE_LENGTH]
            else:
                passages[pk] = next((text for text in cut if MARK_START in text), cut[0] or whole)
        return passages

    @staticmethod
    def _passage_texts(kind: str, ids: list[int], expression: str) -> dict[int, tuple[list[str], list[str]]]:
        """For each public entry among `ids`: its summary, body and attachment text, and the same cut
        around the matches of `expression` by snippet(), which needs the query that found the row (so
        only the rows the expression finds are returned); without an expression, the texts twice."""
        public, public_params = _public_ids_sql(kind)
        places = ", ".join(["%s"] * len(ids))
        columns = [f"f.{name}" for name in fts5.TEXT_COLUMNS[1:]]
        if expression:
            cut = [
                f"snippet({fts5.TABLE}, {fts5.COLUMNS.index(name[2:])}, %s, %s, ' … ', {PASSAGE_TOKENS})"
                for name in columns
            ]
            match, match_params, cut_params = (
                f"AND {fts5.TABLE} MATCH %s",
                [expression],
                [MARK_START, MARK_END],
            )
        else:
            cut, match, match_params, cut_params = columns, "", [], []
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT e.object_id, {", ".join(columns + cut)}
                    FROM {fts5.TABLE} f JOIN {ENTRIES} e ON e.id = f.rowid
                    WHERE e.id IN ({public}) AND e.object_id IN ({places}) {match}""",
                [*cut_params * len(cut), *public_params, *ids, *match_params],
            )
            return {
                pk: (list(texts[: len(columns)]), list(texts[len(columns) :]))
                for pk, *texts in cursor.fetchall()
            }

    def corrections(self, words: list[str]) -> dict[str, str]:
        """For each word that finds nothing and is no suggestion term, the nearest suggestion term
        (among the five nearest) that finds public content."""
        known = dict(SearchTerm.objects.values_list("word", "display"))
        corrections = {}
        for word in words:
            if word in known or self._finds_public_content(word):
                continue
            for candidate in difflib.get_close_matches(word, list(known), n=5, cutoff=0.7):
                if self._finds_public_content(candidate):
                    corrections[word] = known[candidate]
                    break
        return corrections

    @staticmethod
    def _finds_public_content(word: str) -> bool:
        expression = fts5.match_expression(((Term(word, ()),),))
        if not expression:
            return False
        public, public_params = _public_ids_sql()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT 1 FROM {fts5.TABLE} f WHERE {fts5.TABLE} MATCH %s AND f.rowid IN ({public})
                    LIMIT 1""",
                [expression, *public_params],
            )
            return cursor.fetchone() is not None

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
                )
                for document in found.values()
            ]
            SearchEntry.objects.bulk_create([entry for entry in entries if entry.pk is None])
            SearchEntry.objects.bulk_update(
                [entry for entry in entries if entry.pk is not None], ["published_at", "language", "title"]
            )
            written = dict(
                SearchEntry.objects.filter(kind=kind, object_id__in=list(found)).values_list(
                    "object_id", "pk"
                )
            )
            self._write_full_text({written[pk]: document for pk, document in found.items()})
        add_terms(document.title for document in found.values())

    @staticmethod
    def _write_full_text(documents_by_entry: dict[int, Document]) -> None:
        """The full-text rows of these entries written afresh, and those of entries gone removed."""
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {fts5.TABLE} WHERE rowid NOT IN (SELECT id FROM {ENTRIES})")
            cursor.executemany(
                f"DELETE FROM {fts5.TABLE} WHERE rowid = %s", [(pk,) for pk in documents_by_entry]
            )
            columns = ", ".join(("rowid", *fts5.COLUMNS))
            places = ", ".join(["%s"] * (1 + len(fts5.COLUMNS)))
            cursor.executemany(
                f"INSERT INTO {fts5.TABLE} ({columns}) VALUES ({places})",
                [_fts_row(pk, document) for pk, document in documents_by_entry.items()],
            )

    def add_title_terms(self, kind: str, ids: list[int] | None) -> None:
        entries = SearchEntry.objects.filter(kind=kind)
        if ids is not None:
            entries = entries.filter(object_id__in=ids)
        add_terms(entries.values_list("title", flat=True).iterator())

    def rebuild(self, jobs: int) -> None:
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {fts5.TABLE}")
            for kind in KINDS:
                self.reindex(kind, None)
