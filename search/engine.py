"""The one search engine behind the library's `q` and the `/search/` page.

PostgreSQL: full-text search over `SearchEntry` (see search/models.py). A common word can match
nearly every record, and ranking every match would read every large vector, so candidates come in
tiers, each newest first and bounded by SEARCH_CANDIDATES: records whose title or summary match (the
small `head` vector), then the rest. Only those candidates are ranked (ts_rank: title A above summary
B above body C above attachment text D). The total is counted exactly up to SEARCH_EXACT_COUNT_LIMIT
matches, and estimated by the planner beyond. A phrase needs each candidate's whole vector (positions),
so it is read in at most SEARCH_PHRASE_CHECK_LIMIT entries that hold the phrase's words (the newest).
Exclusions are always checked against the whole text, through the index.

SQLite (the demo): every word must appear in the entry's text (case-insensitive), newest first.
"""

import hashlib
import html
import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from content_state.tokens import content_version
from search import cjk
from search.documents import document_sql
from search.indexing import is_postgres
from search.models import SearchEntry, SearchTerm
from search.query import (
    Clauses,
    clean,
    excluded,
    has_positive_terms,
    positive_words,
    read_clauses,
    tsquery_sql,
)

KINDS = ("output", "lesson", "city", "deep_dive")

# ts_headline does not escape: it marks matches with these (characters no document keeps, see
# query._CONTROL and the translate() below), everything is escaped, then they become <mark>.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_LENGTH = 240
# Bodies are Markdown: a passage reads better without its heading and emphasis markers.
_MARKDOWN_MARKERS = re.compile(r"(?<!\S)#{1,6} |\*\*?(?=\S)|(?<=\S)\*\*?")


@dataclass(frozen=True)
class ParsedQuery:
    """What the visitor typed, made safe."""

    text: str
    is_empty: bool
    clauses: Clauses = field(default=(), compare=False, repr=False)


def parse(q: str) -> ParsedQuery:
    try:
        text = clean(q or "")
        clauses = read_clauses(text)
    except Exception:  # noqa: BLE001 - whatever a visitor types is a query, never an error
        return ParsedQuery(text="", is_empty=True)
    return ParsedQuery(text=text, is_empty=not has_positive_terms(clauses), clauses=clauses)


def _parsed(query: "ParsedQuery | str") -> ParsedQuery:
    return query if isinstance(query, ParsedQuery) else parse(query)


@dataclass
class Hits:
    ids: list[int]  # object ids, best first; at most settings.SEARCH_CANDIDATES
    total: int  # how many public records match
    is_estimate: bool  # True when total is approximate or ids is a bounded subset of the matches
    total_is_exact: bool = True  # False when total is the planner's estimate ("about N")


def search(query: "ParsedQuery | str", kind: str) -> Hits:
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of search entry: {kind!r}")
    query = _parsed(query)
    if query.is_empty:
        return Hits([], 0, False)
    # The same search in the same content state finds the same records.
    key = f"search:{content_version()}:{kind}:{hashlib.sha256(query.text.encode()).hexdigest()}"
    hits = cache.get(key)
    if hits is None:
        hits = _search_postgres(query, kind) if is_postgres() else _search_simple(query, kind)
        cache.set(key, hits, settings.FRAGMENT_CACHE_SECONDS)
    return hits


_TABLE = SearchEntry._meta.db_table


def _tsquery_literal(cursor, query: ParsedQuery, *, with_cjk: bool = True, loose: bool = False) -> str:
    """The query as an SQL expression with its values quoted in, so that it can appear several times in
    a statement and the planner sees its value: the statistics of the vectors then tell a word found
    everywhere from a rare one."""
    return "(" + _quoted_in(cursor, *tsquery_sql(query.clauses, with_cjk=with_cjk, loose=loose)) + ")"


def _quoted_in(cursor, sql: str, params: list) -> str:
    """`sql` with its parameters quoted in by the driver (as for any parameter), ready to be put into a
    statement that has parameters of its own."""
    return cursor.cursor.mogrify(sql, params).decode().replace("%", "%%")


# Within a bounded candidate set, the body-only matches are ranked (body above file text) only if they
# are this few: ranking reads each one's large vector.
RANKED_BODY_MATCHES = 200
# A phrase of common words, found nearly everywhere, is looked for in the titles and summaries of this
# many newest entries: phrase matching reads positions, which no index holds.
PHRASE_WINDOW = 5_000


def _search_postgres(query: ParsedQuery, kind: str) -> Hits:
    """Two statements, whatever the data: the planner's estimate of the matches (from the statistics
    of the vectors, without reading any), then the candidates.

    Reading a large vector (TOASTed, several kB) costs tens of microseconds, so they are only read
    where the matches are few. Within SEARCH_EXACT_COUNT_LIMIT (estimated), every match is found
    through the index and counted exactly; the candidates are the title and summary matches (the small
    `head` vectors, stored in line), then the others, each newest first. Beyond, the candidates are the
    newest title and summary matches and the total is the estimate.
    """
    limit = settings.SEARCH_CANDIDATES
    now = timezone.now()
    with connection.cursor() as cursor:
        tsq = _tsquery_literal(cursor, query)
        estimate = _estimated_total(cursor, tsq, kind, now)
        if estimate <= settings.SEARCH_EXACT_COUNT_LIMIT and _has_phrases(query):
            # The planner guesses a phrase's matches as if its words were never found together, and
            # telling a phrase reads the whole vector of every entry that holds its words: when those
            # are many, the phrase is looked for in the newest of them only.
            loose = _tsquery_literal(cursor, query, loose=True)
            if _count_up_to(cursor, loose, kind, now, settings.SEARCH_PHRASE_CHECK_LIMIT + 1) > (
                settings.SEARCH_PHRASE_CHECK_LIMIT
            ):
                return _phrase_among_the_newest(
                    cursor, tsq, loose, _not_excluded(cursor, query, kind, "e.id"), kind, now
                )
        if estimate <= settings.SEARCH_EXACT_COUNT_LIMIT:
            cursor.execute(
                f"""
                WITH matches AS MATERIALIZED (
                    SELECT e.id, e.published_at, e.head @@ {tsq} AS in_head FROM {_TABLE} e
                    WHERE e.kind = %s AND e.vector @@ {tsq} AND e.published_at <= %s),
                candidates AS (
                    SELECT m.id, m.in_head FROM matches m
                    ORDER BY m.in_head DESC, m.published_at DESC LIMIT %s),
                body_only AS (SELECT count(*) AS n FROM candidates WHERE NOT in_head)
                SELECT e.object_id, (SELECT count(*) FROM matches)
                FROM candidates c JOIN {_TABLE} e ON e.id = c.id, body_only b
                ORDER BY c.in_head DESC,
                         CASE WHEN c.in_head THEN ts_rank(e.head, {tsq})
                              WHEN b.n <= %s THEN ts_rank(e.vector, {tsq}) ELSE 0 END DESC,
                         e.published_at DESC, e.object_id DESC
                """,
                [kind, now, limit, RANKED_BODY_MATCHES],
            )
            rows = cursor.fetchall()
            total = rows[0][1] if rows else 0
            return Hits([row[0] for row in rows], total, len(rows) < total)
        if not _has_phrases(query):
            cursor.execute(
                f"""
                WITH candidates AS (
                    SELECT e.id FROM {_TABLE} e
                    WHERE e.kind = %s AND e.published_at <= %s AND e.head @@ {tsq}
                          {_not_excluded(cursor, query, kind, "e.id")}
                    ORDER BY e.published_at DESC LIMIT %s)
                SELECT e.object_id FROM candidates c JOIN {_TABLE} e ON e.id = c.id
                ORDER BY ts_rank(e.head, {tsq}) DESC, e.published_at DESC, e.object_id DESC
                """,
                [kind, now, limit],
            )
            ids = [row[0] for row in cursor.fetchall()]
            return Hits(ids, max(estimate, len(ids)), True, total_is_exact=False)
        # The planner estimates a phrase as if its words could be anywhere: the share of the newest
        # entries that hold it says more.
        cursor.execute(
            f"""
            WITH newest AS MATERIALIZED (
                SELECT e.id, e.head, e.published_at FROM {_TABLE} e
                WHERE e.kind = %s AND e.published_at <= %s
                ORDER BY e.published_at DESC LIMIT {PHRASE_WINDOW}),
            found AS MATERIALIZED (
                SELECT n.id, n.published_at FROM newest n
                WHERE n.head @@ {tsq} {_not_excluded(cursor, query, kind, "n.id")}),
            candidates AS (SELECT f.id FROM found f ORDER BY f.published_at DESC LIMIT %s)
            SELECT e.object_id, (SELECT count(*) FROM found), (SELECT count(*) FROM newest),
                   (SELECT reltuples FROM pg_class WHERE relname = %s)
            FROM candidates c JOIN {_TABLE} e ON e.id = c.id
            ORDER BY ts_rank(e.head, {tsq}) DESC, e.published_at DESC, e.object_id DESC
            """,
            # The entries of a kind: what the statistics say of its partial index, counted by nothing.
            [kind, now, limit, f"search_entry_head_{kind}"],
        )
        rows = cursor.fetchall()
    ids = [row[0] for row in rows]
    if not rows:
        return Hits([], 0, True, total_is_exact=False)
    found, window, entries = rows[0][1:]
    total = max(len(ids), round(found * max(entries or 0, window) / max(window, 1)))
    return Hits(ids, total, True, total_is_exact=False)


def _not_excluded(cursor, query: ParsedQuery, kind: str, column: str) -> str:
    """An SQL condition on `column` (an entry's id) that leaves out the entries holding an excluded word
    anywhere in their text, through the index. The bounded searches match titles and summaries, which
    cannot tell whether the rest of the text holds it; empty when nothing is excluded."""
    terms = excluded(query.clauses)
    if not terms:
        return ""
    expression, params = tsquery_sql(terms)
    holding_sql = f"SELECT x.id FROM {_TABLE} x WHERE x.kind = %s AND x.vector @@ ({expression})"
    holding = _quoted_in(cursor, holding_sql, [kind, *params])
    return f"AND {column} NOT IN ({holding})"


def _count_up_to(cursor, tsq: str, kind: str, now, limit: int) -> int:
    cursor.execute(
        f"""SELECT count(*) FROM (SELECT 1 FROM {_TABLE} e
            WHERE e.kind = %s AND e.published_at <= %s AND e.vector @@ {tsq} LIMIT %s) s""",
        [kind, now, limit],
    )
    return cursor.fetchone()[0]


def _phrase_among_the_newest(cursor, tsq: str, loose: str, not_excluded: str, kind: str, now) -> Hits:
    """A phrase whose words many entries hold: found in the title or summary of any of them (the small
    `head` vectors), and in the whole text of the newest SEARCH_PHRASE_CHECK_LIMIT; the total is
    estimated from the share of those that hold it."""
    checked = settings.SEARCH_PHRASE_CHECK_LIMIT
    cursor.execute(
        f"""
        WITH holding AS MATERIALIZED (
            SELECT e.id, e.published_at, e.head @@ {tsq} AS in_head,
                   row_number() OVER (ORDER BY e.published_at DESC, e.id DESC) AS recency
            FROM {_TABLE} e
            WHERE e.kind = %s AND e.published_at <= %s AND e.vector @@ {loose} {not_excluded}),
        found AS MATERIALIZED (
            SELECT h.id, h.published_at, h.in_head, h.recency FROM holding h JOIN {_TABLE} e ON e.id = h.id
            WHERE h.in_head OR (h.recency <= %s AND e.vector @@ {tsq})),
        candidates AS (
            SELECT f.id, f.in_head FROM found f ORDER BY f.in_head DESC, f.published_at DESC LIMIT %s)
        SELECT e.object_id, (SELECT count(*) FROM holding), (SELECT count(*) FROM found WHERE recency <= %s)
        FROM candidates c JOIN {_TABLE} e ON e.id = c.id
        ORDER BY c.in_head DESC, CASE WHEN c.in_head THEN ts_rank(e.head, {tsq}) ELSE 0 END DESC,
                 e.published_at DESC, e.object_id DESC
        """,
        [kind, now, checked, settings.SEARCH_CANDIDATES, checked],
    )
    rows = cursor.fetchall()
    if not rows:
        return Hits([], 0, True, total_is_exact=False)
    holding, found_among_checked = rows[0][1:]
    share = found_among_checked / max(min(holding, checked), 1)
    return Hits([row[0] for row in rows], max(len(rows), round(share * holding)), True, total_is_exact=False)


def _has_phrases(query: ParsedQuery) -> bool:
    return any(
        len(term.words) > 1 or any(len(run) > 2 for run in term.cjk_runs)
        for clause in query.clauses
        for term in clause
    )


def _estimated_total(cursor, tsq: str, kind: str, now) -> int:
    """The planner's estimate of the matches: planning only, nothing is read."""
    cursor.execute(
        f"""EXPLAIN (FORMAT JSON) SELECT 1 FROM {_TABLE} e
            WHERE e.kind = %s AND e.published_at <= %s AND e.vector @@ {tsq}""",
        [kind, now],
    )
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _simple_filter(clauses: Clauses) -> Q:
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


def _search_simple(query: ParsedQuery, kind: str) -> Hits:
    limit = settings.SEARCH_CANDIDATES
    matches = SearchEntry.objects.filter(kind=kind, published_at__lte=timezone.now()).filter(
        _simple_filter(query.clauses)
    )
    # Title matches first, as on PostgreSQL, then the newest.
    words = positive_words(query.clauses)
    title_match = Q()
    for word in words:
        title_match |= Q(title__icontains=word)
    rows = list(
        matches.order_by("-published_at", "-object_id").values_list("object_id", "title")[: limit + 1]
    )
    lowered = [word.lower() for word in words]
    rows.sort(key=lambda row: not any(word in row[1].lower() for word in lowered))
    ids = [object_id for object_id, _title in rows[:limit]]
    total = len(rows) if len(rows) <= limit else matches.count()
    return Hits(ids, total, len(ids) < total)


def snippets(query, kind: str, ids: list[int]) -> dict[int, SafeString]:
    """A short passage of each record that shows why it matched, with the matches in <mark>, and
    everything else escaped. One query for all ids."""
    query = _parsed(query)
    ids = [int(pk) for pk in ids]
    if not ids or kind not in KINDS:
        return {}
    texts = _headlines_postgres(query, kind, ids) if is_postgres() else _passages_simple(query, kind, ids)
    return {pk: _highlight(text, query) for pk, text in texts.items()}


def _headlines_postgres(query: ParsedQuery, kind: str, ids: list[int]) -> dict[int, str]:
    expression, params = tsquery_sql(query.clauses, with_cjk=False)
    first_run = next(
        (run for clause in query.clauses for term in clause if not term.negated for run in term.cjk_runs), ""
    )
    options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    sql = f"""
        WITH q AS MATERIALIZED (SELECT {expression} AS query)
        SELECT d.id,
               CASE WHEN %s <> '' AND strpos(d.doc, %s) > 0
                    THEN substr(d.doc, greatest(strpos(d.doc, %s) - 60, 1), {SNIPPET_LENGTH})
                    ELSE ts_headline('english', d.doc, q.query, %s) END
        FROM (SELECT s.id, translate(
                  -- The shortest text that holds a match: headlines cost in proportion to the text.
                  CASE WHEN to_tsvector('english', s.summary) @@ q.query THEN s.summary
                       WHEN to_tsvector('english', concat_ws(' ', s.summary, s.body)) @@ q.query
                            THEN concat_ws(' ', s.summary, s.body)
                       ELSE concat_ws(' ', s.summary, s.body, s.attachments) END, %s, '') AS doc
              FROM ({document_sql(kind, "AND src.id = ANY(%s)")}) s, q WHERE s.published_at <= %s) d, q
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [*params, first_run, first_run, first_run, options, MARK_START + MARK_END, ids, timezone.now()],
        )
        return {pk: text or "" for pk, text in cursor.fetchall()}


def _passages_simple(query: ParsedQuery, kind: str, ids: list[int]) -> dict[int, str]:
    pieces = [
        piece
        for clause in query.clauses
        for term in clause
        if not term.negated
        for piece in (*term.words, *term.cjk_runs)
    ]
    entries = SearchEntry.objects.filter(kind=kind, object_id__in=ids, published_at__lte=timezone.now())
    texts = dict(entries.values_list("object_id", "text"))
    passages = {}
    for pk, text in texts.items():
        lowered = text.lower()
        found = [lowered.find(piece.lower()) for piece in pieces]
        start = min((position for position in found if position >= 0), default=0)
        start = max(start - 60, 0)
        passages[pk] = ("… " if start else "") + text[start : start + SNIPPET_LENGTH]
    return passages


def _highlight(text: str, query: ParsedQuery) -> SafeString:
    """Escape everything, then mark the matches: PostgreSQL's markers, and the pieces of the query it
    cannot mark (Japanese runs; on SQLite, every word)."""
    postgres = is_postgres()
    if not postgres:
        text = text.replace(MARK_START, "").replace(MARK_END, "")
    text = _MARKDOWN_MARKERS.sub("", text)
    escaped = _mark_pieces(html.escape(" ".join(text.split())), query, words=not postgres)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


def _mark_pieces(escaped: str, query: ParsedQuery, *, words: bool) -> str:
    pieces = set()
    for clause in query.clauses:
        for term in clause:
            if not term.negated:
                pieces.update(term.cjk_runs)
                if words:
                    pieces.update(term.words)
    if not pieces:
        return escaped
    alternatives = "|".join(re.escape(html.escape(piece)) for piece in sorted(pieces, key=len, reverse=True))
    # Entities (&amp;) are skipped whole, so that a word never cuts one in two.
    pattern = re.compile(rf"(&#?\w+;)|({alternatives})", re.IGNORECASE)
    return pattern.sub(lambda m: m.group(1) or f"{MARK_START}{m.group(2)}{MARK_END}", escaped)


def did_you_mean(query) -> str | None:
    """The query with each word that finds nothing replaced by the nearest word of a public title, city
    or theme name, if that word finds public content; None when there is nothing better to offer."""
    query = _parsed(query)
    if query.is_empty:
        return None
    words = [word for word in positive_words(query.clauses) if not cjk.runs(word) and len(word) >= 3]
    words = list(dict.fromkeys(word.lower() for word in words))[:8]
    if not words:
        return None
    corrections = _corrections_postgres(words) if is_postgres() else _corrections_simple(words)
    if not corrections:
        return None
    pattern = re.compile(r"[^\W_]+")
    corrected = pattern.sub(lambda match: _in_case_of(match.group(0), corrections), query.text)
    return corrected if corrected != query.text else None


def _in_case_of(word: str, corrections: dict[str, str]) -> str:
    """The correction of `word`, in lower case if the visitor wrote in lower case."""
    correction = corrections.get(word.lower())
    if correction is None:
        return word
    return correction.lower() if word.islower() else correction


def _found_anywhere(word_sql: str) -> str:
    """SQL that is true if a public entry of any kind holds the word (one index per kind)."""
    return " OR ".join(
        f"""EXISTS (SELECT 1 FROM {_TABLE} e WHERE e.kind = '{kind}' AND e.published_at <= %(now)s
                    AND e.vector @@ plainto_tsquery('english', {word_sql}))"""
        for kind in KINDS
    )


def _corrections_postgres(words: list[str]) -> dict[str, str]:
    terms = SearchTerm._meta.db_table
    sql = f"""
        SELECT w.word, best.display
        FROM unnest(%(words)s::text[]) AS w(word)
        CROSS JOIN LATERAL (
            SELECT t.display FROM (
                SELECT t.word, t.display, similarity(t.word, w.word) AS closeness FROM {terms} t
                WHERE t.word %% w.word AND t.word <> w.word
                ORDER BY closeness DESC, t.word LIMIT 5
            ) t
            WHERE {_found_anywhere("t.word")}
            ORDER BY t.closeness DESC, t.word
            LIMIT 1
        ) best
        WHERE NOT EXISTS (SELECT 1 FROM {terms} known WHERE known.word = w.word)
          AND NOT ({_found_anywhere("w.word")})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"words": words, "now": timezone.now()})
        return dict(cursor.fetchall())


def _corrections_simple(words: list[str]) -> dict[str, str]:
    import difflib

    now = timezone.now()
    known = dict(SearchTerm.objects.values_list("word", "display"))
    public = SearchEntry.objects.filter(published_at__lte=now)
    corrections = {}
    for word in words:
        if word in known or public.filter(Q(text__icontains=word) | Q(title__icontains=word)).exists():
            continue
        for candidate in difflib.get_close_matches(word, list(known), n=3, cutoff=0.7):
            if public.filter(Q(text__icontains=candidate) | Q(title__icontains=candidate)).exists():
                corrections[word] = known[candidate]
                break
    return corrections
