"""Search on PostgreSQL: full-text search over `SearchEntry` (see search/models.py).

A common word can match nearly every record, and ranking every match would read every large vector,
so candidates come in tiers, each newest first and bounded by SEARCH_CANDIDATES: records whose title
or summary match (the small `head` vector), then the rest. Only those candidates are ranked (ts_rank:
title A above summary B above body C above attachment text D). The total is counted exactly up to
SEARCH_EXACT_COUNT_LIMIT matches, and estimated by the planner beyond. A phrase needs each candidate's
whole vector (positions), so it is read in at most SEARCH_PHRASE_CHECK_LIMIT entries that hold the
phrase's words (the newest). Exclusions are always checked against the whole text, through the index.

Every value is bound by the driver as a named parameter; only identifiers (tables, index names) and
the kinds, which are the code's own constants, are written into the statements.
"""

import json
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from cpp_portal.search import KINDS, SearchResult
from search.documents import PARTS, PASSAGE_LENGTH, document_sql
from search.models import SearchChange, SearchEntry, SearchTerm
from search.query import ParsedQuery, excluded, tsquery_sql

ENTRIES = SearchEntry._meta.db_table
TERMS = SearchTerm._meta.db_table
CHANGES = SearchChange._meta.db_table
# A cached search checked against more changes than this is simply made again.
CHECKED_CHANGES = 1000

# Within a bounded candidate set, the body-only matches are ranked (body above file text) only if they
# are this few: ranking reads each one's large vector.
RANKED_BODY_MATCHES = 200
# A phrase of common words, found nearly everywhere, is looked for in the titles and summaries of this
# many newest entries: phrase matching reads positions, which no index holds.
PHRASE_WINDOW = 5_000
# Entries are written in publication order, this many at a time, by `rebuild`.
REBUILD_CHUNK = 2000

# Without fastupdate: GIN's default keeps new entries in a pending list that every lookup reads in full
# until a vacuum (which on a table this size autovacuum rarely runs) or 4 MB; after a few hundred edits
# the planner then prefers reading the whole table, and a word's lookup took 1.5 s instead of 3 ms at
# 100,000 outputs. Entries change only when content does, so each edit updating the index is cheap.
GIN_OPTIONS = "WITH (fastupdate = off)"
GIN_INDEXES = {
    f"search_entry_{column}_{kind}": f"USING gin ({column}) {GIN_OPTIONS} WHERE kind = '{kind}'"
    for kind in KINDS
    for column in ("head", "vector")
}

# ts_headline does not escape: it marks matches with these characters, which no document keeps (see
# query._CONTROL and the translate() below); the engine escapes everything and makes them <mark>.
MARK_START, MARK_END = "\ue000", "\ue001"


def _weighted(parts) -> str:
    """A weighted tsvector of document `d`'s parts: English words, and Japanese as character pairs
    beside them with the same weight."""
    return " || ".join(
        f"setweight(to_tsvector('english', d.{name}), '{weight}') || "
        f"setweight(to_tsvector('simple', search_cjk_bigrams(d.{name})), '{weight}')"
        for name, weight in parts
    )


VECTOR_SQL = _weighted(PARTS)
HEAD_SQL = _weighted(PARTS[:2])


class PostgresBackend:
    marks_words = False  # ts_headline marks the words; the engine marks only the Japanese runs

    # -- finding ------------------------------------------------------------------------------------

    def find(self, query: ParsedQuery, kind: str) -> SearchResult:
        """Two statements, whatever the data: the planner's estimate of the matches (from the
        statistics of the vectors, without reading any), then the candidates.

        Reading a large vector (TOASTed, several kB) costs tens of microseconds, so they are only read
        where the matches are few. Within SEARCH_EXACT_COUNT_LIMIT (estimated), every match is found
        through the index and counted exactly; the candidates are the title and summary matches (the
        small `head` vectors, stored in line), then the others, each newest first. Beyond, the
        candidates are the newest title and summary matches and the total is the estimate.
        """
        tsq, params = tsquery_sql(query.clauses)
        params.update(kind=kind, now=timezone.now(), limit=settings.SEARCH_CANDIDATES)
        with connection.cursor() as cursor:
            estimate = self._estimated_total(cursor, tsq, params)
            if estimate <= settings.SEARCH_EXACT_COUNT_LIMIT:
                if query.has_phrases:
                    # The planner guesses a phrase's matches as if its words were never found together,
                    # and telling a phrase reads the whole vector of every entry that holds its words:
                    # when those are many, the phrase is looked for in the newest of them only.
                    loose, loose_params = tsquery_sql(query.clauses, name="loose", loose=True)
                    params.update(loose_params)
                    if self._count_holding(cursor, loose, params) > settings.SEARCH_PHRASE_CHECK_LIMIT:
                        return self._phrase_among_the_newest(cursor, query, tsq, loose, params)
                return self._every_match(cursor, tsq, params)
            if not query.has_phrases:
                return self._newest_head_matches(cursor, query, tsq, params, estimate)
            return self._phrase_in_newest_heads(cursor, query, tsq, params)

    def _every_match(self, cursor, tsq: str, params: dict) -> SearchResult:
        cursor.execute(
            f"""
            WITH matches AS MATERIALIZED (
                SELECT e.id, e.published_at, e.head @@ {tsq} AS in_head FROM {ENTRIES} e
                WHERE e.kind = %(kind)s AND e.vector @@ {tsq} AND e.published_at <= %(now)s),
            candidates AS (
                SELECT m.id, m.in_head FROM matches m
                ORDER BY m.in_head DESC, m.published_at DESC LIMIT %(limit)s),
            body_only AS (SELECT count(*) AS n FROM candidates WHERE NOT in_head)
            SELECT e.object_id, (SELECT count(*) FROM matches)
            FROM candidates c JOIN {ENTRIES} e ON e.id = c.id, body_only b
            ORDER BY c.in_head DESC,
                     CASE WHEN c.in_head THEN ts_rank(e.head, {tsq})
                          WHEN b.n <= %(ranked_body)s THEN ts_rank(e.vector, {tsq}) ELSE 0 END DESC,
                     e.published_at DESC, e.object_id DESC
            """,
            {**params, "ranked_body": RANKED_BODY_MATCHES},
        )
        rows = cursor.fetchall()
        return SearchResult([row[0] for row in rows], rows[0][1] if rows else 0)

    def _newest_head_matches(self, cursor, query, tsq: str, params: dict, estimate: int) -> SearchResult:
        not_excluded, excluded_params = self._not_excluded(query, "e.id")
        cursor.execute(
            f"""
            WITH candidates AS (
                SELECT e.id FROM {ENTRIES} e
                WHERE e.kind = %(kind)s AND e.published_at <= %(now)s AND e.head @@ {tsq} {not_excluded}
                ORDER BY e.published_at DESC LIMIT %(limit)s)
            SELECT e.object_id FROM candidates c JOIN {ENTRIES} e ON e.id = c.id
            ORDER BY ts_rank(e.head, {tsq}) DESC, e.published_at DESC, e.object_id DESC
            """,
            {**params, **excluded_params},
        )
        ids = [row[0] for row in cursor.fetchall()]
        return SearchResult(ids, max(estimate, len(ids)), total_is_exact=False)

    def _phrase_in_newest_heads(self, cursor, query, tsq: str, params: dict) -> SearchResult:
        """The planner estimates a phrase as if its words could be anywhere: the share of the newest
        entries that hold it says more."""
        not_excluded, excluded_params = self._not_excluded(query, "n.id")
        cursor.execute(
            f"""
            WITH newest AS MATERIALIZED (
                SELECT e.id, e.head, e.published_at FROM {ENTRIES} e
                WHERE e.kind = %(kind)s AND e.published_at <= %(now)s
                ORDER BY e.published_at DESC LIMIT %(window)s),
            found AS MATERIALIZED (
                SELECT n.id, n.published_at FROM newest n WHERE n.head @@ {tsq} {not_excluded}),
            candidates AS (SELECT f.id FROM found f ORDER BY f.published_at DESC LIMIT %(limit)s)
            SELECT e.object_id, (SELECT count(*) FROM found), (SELECT count(*) FROM newest),
                   (SELECT reltuples FROM pg_class WHERE relname = %(index)s)
            FROM candidates c JOIN {ENTRIES} e ON e.id = c.id
            ORDER BY ts_rank(e.head, {tsq}) DESC, e.published_at DESC, e.object_id DESC
            """,
            # The entries of a kind: what the statistics say of its partial index, counted by nothing.
            {
                **params,
                **excluded_params,
                "window": PHRASE_WINDOW,
                "index": f"search_entry_head_{params['kind']}",
            },
        )
        rows = cursor.fetchall()
        if not rows:
            return SearchResult([], 0, total_is_exact=False)
        found, window, entries = rows[0][1:]
        ids = [row[0] for row in rows]
        total = max(len(ids), round(found * max(entries or 0, window) / max(window, 1)))
        return SearchResult(ids, total, total_is_exact=False)

    def _phrase_among_the_newest(self, cursor, query, tsq: str, loose: str, params: dict) -> SearchResult:
        """A phrase whose words many entries hold: found in the title or summary of any of them (the
        small `head` vectors), and in the whole text of the newest SEARCH_PHRASE_CHECK_LIMIT; the total
        is estimated from the share of those that hold it."""
        not_excluded, excluded_params = self._not_excluded(query, "e.id")
        checked = settings.SEARCH_PHRASE_CHECK_LIMIT
        cursor.execute(
            f"""
            WITH holding AS MATERIALIZED (
                SELECT e.id, e.published_at, e.head @@ {tsq} AS in_head,
                       row_number() OVER (ORDER BY e.published_at DESC, e.id DESC) AS recency
                FROM {ENTRIES} e
                WHERE e.kind = %(kind)s AND e.published_at <= %(now)s AND e.vector @@ {loose} {not_excluded}),
            found AS MATERIALIZED (
                SELECT h.id, h.published_at, h.in_head, h.recency
                FROM holding h JOIN {ENTRIES} e ON e.id = h.id
                WHERE h.in_head OR (h.recency <= %(checked)s AND e.vector @@ {tsq})),
            candidates AS (
                SELECT f.id, f.in_head FROM found f
                ORDER BY f.in_head DESC, f.published_at DESC LIMIT %(limit)s)
            SELECT e.object_id, (SELECT count(*) FROM holding),
                   (SELECT count(*) FROM found WHERE recency <= %(checked)s)
            FROM candidates c JOIN {ENTRIES} e ON e.id = c.id
            ORDER BY c.in_head DESC, CASE WHEN c.in_head THEN ts_rank(e.head, {tsq}) ELSE 0 END DESC,
                     e.published_at DESC, e.object_id DESC
            """,
            {**params, **excluded_params, "checked": checked},
        )
        rows = cursor.fetchall()
        if not rows:
            return SearchResult([], 0, total_is_exact=False)
        holding, found_among_checked = rows[0][1:]
        share = found_among_checked / max(min(holding, checked), 1)
        ids = [row[0] for row in rows]
        return SearchResult(ids, max(len(ids), round(share * holding)), total_is_exact=False)

    @staticmethod
    def _not_excluded(query: ParsedQuery, column: str) -> tuple[str, dict]:
        """An SQL condition on `column` (an entry's id) that leaves out the entries holding an excluded
        word anywhere in their text, through the index. The bounded searches match titles and summaries,
        which cannot tell whether the rest of the text holds it; empty when nothing is excluded."""
        terms = excluded(query.clauses)
        if not terms:
            return "", {}
        expression, params = tsquery_sql(terms, name="excluded")
        holding = f"SELECT x.id FROM {ENTRIES} x WHERE x.kind = %(kind)s AND x.vector @@ {expression}"
        return f"AND {column} NOT IN ({holding})", params

    @staticmethod
    def _count_holding(cursor, loose: str, params: dict) -> int:
        """How many entries hold every word of the query, counted up to one past the phrase limit."""
        cursor.execute(
            f"""SELECT count(*) FROM (SELECT 1 FROM {ENTRIES} e
                WHERE e.kind = %(kind)s AND e.published_at <= %(now)s AND e.vector @@ {loose}
                LIMIT %(up_to)s) s""",
            {**params, "up_to": settings.SEARCH_PHRASE_CHECK_LIMIT + 1},
        )
        return cursor.fetchone()[0]

    @staticmethod
    def _estimated_total(cursor, tsq: str, params: dict) -> int:
        """The planner's estimate of the matches: planning only, nothing is read. (psycopg2 binds values
        on the client, so the planner sees them and can use the statistics of the vectors.)"""
        cursor.execute(
            f"""EXPLAIN (FORMAT JSON) SELECT 1 FROM {ENTRIES} e
                WHERE e.kind = %(kind)s AND e.published_at <= %(now)s AND e.vector @@ {tsq}""",
            params,
        )
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])

    # -- whether a cached search still stands ----------------------------------------------------------

    def journal_position(self, kind: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {CHANGES} WHERE kind = %s", [kind])
            return cursor.fetchone()[0]

    def affected(self, query: ParsedQuery, kind: str, *, since: int, ids: list[int]) -> tuple[int, bool]:
        """The journal's position, and whether a record changed since `since` matches the query now,
        matched it before, or is among `ids` (or too many changed to tell)."""
        tsq, params = tsquery_sql(query.clauses)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT coalesce(max(c.id), %(since)s), count(*),
                           coalesce(bool_or(c.object_id IS NULL OR c.object_id = ANY(%(ids)s)
                                            OR c.previous @@ {tsq} OR e.vector @@ {tsq}), false)
                    FROM {CHANGES} c
                    LEFT JOIN {ENTRIES} e ON e.kind = c.kind AND e.object_id = c.object_id
                    WHERE c.kind = %(kind)s AND c.id > %(since)s""",
                {**params, "kind": kind, "since": since, "ids": ids},
            )
            position, count, matched = cursor.fetchone()
        return position, matched or count > CHECKED_CHANGES

    # -- passages -----------------------------------------------------------------------------------

    def passages(self, query: ParsedQuery, kind: str, ids: list[int]) -> dict[int, str]:
        """Each record's passage around its matches, the matched words between MARK_START and MARK_END.
        A Japanese run (which ts_headline cannot see in the pairs) takes the text around its first
        occurrence."""
        expression, params = tsquery_sql(query.clauses, with_cjk=False)
        first_run = next(
            (run for clause in query.clauses for term in clause if not term.negated for run in term.cjk_runs),
            "",
        )
        documents, document_params = document_sql(kind, only_ids=True)
        cursor_params = {
            **params,
            **document_params,
            "ids": ids,
            "now": timezone.now(),
            "run": first_run,
            "marks": MARK_START + MARK_END,
            "options": (
                f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, "
                'MaxFragments=2, FragmentDelimiter=" … "'
            ),
        }
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH q AS MATERIALIZED (SELECT {expression} AS query)
                SELECT d.id,
                       CASE WHEN %(run)s <> '' AND strpos(d.doc, %(run)s) > 0
                            THEN substr(d.doc, greatest(strpos(d.doc, %(run)s) - 60, 1), %(length)s)
                            ELSE ts_headline('english', d.doc, q.query, %(options)s) END
                FROM (SELECT s.id, translate(
                          -- The shortest text that holds a match: headlines cost in proportion to the text.
                          CASE WHEN to_tsvector('english', s.summary) @@ q.query THEN s.summary
                               WHEN to_tsvector('english', concat_ws(' ', s.summary, s.body)) @@ q.query
                                    THEN concat_ws(' ', s.summary, s.body)
                               ELSE concat_ws(' ', s.summary, s.body, s.attachments) END,
                          %(marks)s, '') AS doc
                      FROM ({documents}) s, q WHERE s.published_at <= %(now)s) d, q
                """,
                {**cursor_params, "length": PASSAGE_LENGTH},
            )
            return {pk: text or "" for pk, text in cursor.fetchall()}

    # -- did you mean -------------------------------------------------------------------------------

    def corrections(self, words: list[str]) -> dict[str, str]:
        """For each word that finds nothing, the nearest suggestion term (trigram similarity, among the
        five nearest) that finds public content."""
        sql = f"""
            SELECT w.word, best.display
            FROM unnest(%(words)s::text[]) AS w(word)
            CROSS JOIN LATERAL (
                SELECT t.display FROM (
                    SELECT t.word, t.display, similarity(t.word, w.word) AS closeness FROM {TERMS} t
                    WHERE t.word %% w.word AND t.word <> w.word
                    ORDER BY closeness DESC, t.word LIMIT 5
                ) t
                WHERE {self._found_anywhere("t.word")}
                ORDER BY t.closeness DESC, t.word
                LIMIT 1
            ) best
            WHERE NOT EXISTS (SELECT 1 FROM {TERMS} known WHERE known.word = w.word)
              AND NOT ({self._found_anywhere("w.word")})
        """
        with connection.cursor() as cursor:
            cursor.execute(
                sql, {"words": words, "now": timezone.now(), **{f"kind_{kind}": kind for kind in KINDS}}
            )
            return dict(cursor.fetchall())

    @staticmethod
    def _found_anywhere(word_sql: str) -> str:
        """SQL that is true if a public entry of any kind holds the word (one index per kind)."""
        return " OR ".join(
            f"""EXISTS (SELECT 1 FROM {ENTRIES} e WHERE e.kind = %(kind_{kind})s AND e.published_at <= %(now)s
                        AND e.vector @@ plainto_tsquery('english', {word_sql}))"""
            for kind in KINDS
        )

    # -- indexing -----------------------------------------------------------------------------------

    def reindex(self, kind: str, ids: list[int] | None) -> None:
        """One set-based statement: entries written for the public records among `ids` (all of the kind
        when None), and removed for the others."""
        documents, params = document_sql(kind, only_ids=ids is not None)
        params = {**params, "kind": kind, "ids": ids}
        with transaction.atomic(), connection.cursor() as cursor:
            if ids is None:
                cursor.execute(
                    f"INSERT INTO {CHANGES} (kind, object_id, created_at) VALUES (%(kind)s, NULL, now())",
                    params,
                )
            else:
                cursor.execute(
                    f"""INSERT INTO {CHANGES} (kind, object_id, previous, created_at)
                        SELECT %(kind)s, i.id, e.vector, now() FROM unnest(%(ids)s::bigint[]) AS i(id)
                        LEFT JOIN {ENTRIES} e ON e.kind = %(kind)s AND e.object_id = i.id""",
                    params,
                )
                cursor.execute(
                    f"""DELETE FROM {ENTRIES} e
                        WHERE e.kind = %(kind)s AND e.object_id = ANY(%(ids)s)
                        AND NOT EXISTS (SELECT 1 FROM ({documents}) d WHERE d.id = e.object_id)""",
                    params,
                )
            cursor.execute(
                f"""INSERT INTO {ENTRIES} (kind, object_id, published_at, language, title, text, head, vector)
                    SELECT %(kind)s, d.id, d.published_at, d.language, d.title, '', {HEAD_SQL}, {VECTOR_SQL}
                    FROM ({documents}) d
                    ON CONFLICT (kind, object_id) DO UPDATE SET
                        published_at = EXCLUDED.published_at, language = EXCLUDED.language,
                        title = EXCLUDED.title, head = EXCLUDED.head, vector = EXCLUDED.vector""",
                params,
            )
            self.add_title_terms(kind, ids)

    def add_title_terms(self, kind: str, ids: list[int] | None) -> None:
        """Words of these entries' titles join the suggestion terms (nothing is removed here: see
        SearchTerm). PostgreSQL's regular expressions have no class of letters without digits: [[:alpha:]]."""
        only = "AND e.object_id = ANY(%(ids)s)" if ids is not None else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {TERMS} (word, display)
                    SELECT DISTINCT ON (lower(w.m[1])) lower(w.m[1]), w.m[1]
                    FROM {ENTRIES} e, regexp_matches(e.title, '[[:alpha:]]{{3,}}', 'g') AS w(m)
                    WHERE e.kind = %(kind)s {only} AND length(w.m[1]) <= 100
                    ORDER BY lower(w.m[1]), w.m[1]
                    ON CONFLICT (word) DO NOTHING""",
                {"kind": kind, "ids": ids},
            )

    def rebuild(self, jobs: int) -> None:
        """Emptied, filled by `jobs` connections at once, then indexed: building a GIN index once is much
        faster than growing it row by row. Meanwhile searches find nothing, so a live site rebuilds only
        when something went wrong."""
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {ENTRIES}")
            for name in GIN_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        fills = self._fills()
        indexes = [
            [(f"CREATE INDEX {name} ON {ENTRIES} {definition}", {})]
            for name, definition in GIN_INDEXES.items()
        ]
        if jobs == 1 or connection.in_atomic_block:
            # Other connections would not see this transaction's rows (nor get past its locks).
            with connection.cursor() as cursor:
                for sql, params in [statement for group in fills + indexes for statement in group]:
                    cursor.execute(sql, params)
        else:
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                list(pool.map(_run_in_own_connection, fills))
                list(pool.map(_run_in_own_connection, indexes))
        for kind in KINDS:
            self.add_title_terms(kind, None)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ENTRIES}")
            cursor.execute(f"ANALYZE {TERMS}")

    @staticmethod
    def _fills() -> list[list[tuple[str, dict]]]:
        """The statements that fill the entries in publication order, a chunk at a time, so that the
        newest entries of a kind sit together on disk: a search walks them newest first, and reads a
        few pages instead of one per entry."""
        fills = []
        with connection.cursor() as cursor:
            for kind in KINDS:
                documents, params = document_sql(kind)
                cursor.execute(f"SELECT d.id FROM ({documents}) d ORDER BY d.published_at, d.id", params)
                ids = [row[0] for row in cursor.fetchall()]
                chunk_sql, chunk_params = document_sql(kind, only_ids=True)
                for start in range(0, len(ids), REBUILD_CHUNK):
                    statement = f"""INSERT INTO {ENTRIES}
                            (kind, object_id, published_at, language, title, text, head, vector)
                        SELECT %(kind)s, d.id, d.published_at, d.language, d.title, '',
                               {HEAD_SQL}, {VECTOR_SQL}
                        FROM ({chunk_sql}) d ORDER BY d.published_at"""
                    fills.append(
                        [
                            (
                                statement,
                                {**chunk_params, "kind": kind, "ids": ids[start : start + REBUILD_CHUNK]},
                            )
                        ]
                    )
        return fills


def _run_in_own_connection(statements: list[tuple[str, dict]]) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for sql, params in statements:
                cursor.execute(sql, params)
    finally:
        connections.close_all()
