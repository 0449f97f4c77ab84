"""Keeping search entries in step with the records they describe.

`reindex(kind, ids)` makes the entries of those records what their records say now: written when the
record is public (or embargoed), removed when it is not or no longer exists. On PostgreSQL it is one
set-based statement (INSERT ... SELECT ... ON CONFLICT), so the same code serves one record saved in
the admin and `rebuild_search_index` over hundreds of thousands.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Prefetch

from content_state.tokens import content_changed
from search import cjk
from search.documents import MODELS, document_sql
from search.models import SearchEntry, SearchTerm

KINDS = ("output", "lesson", "city", "deep_dive")

# Title A, summary B, body C, attachment text D; Japanese as character pairs beside each, same weights.
_WEIGHTED_PARTS = (("title", "A"), ("summary", "B"), ("body", "C"), ("attachments", "D"))


def _weighted(parts) -> str:
    return " || ".join(
        f"setweight(to_tsvector('english', d.{name}), '{weight}') || "
        f"setweight(to_tsvector('simple', search_cjk_bigrams(d.{name})), '{weight}')"
        for name, weight in parts
    )


VECTOR_SQL = _weighted(_WEIGHTED_PARTS)
HEAD_SQL = _weighted(_WEIGHTED_PARTS[:2])

# A word of a title is offered as a correction only if it is plain letters, at least 3 of them.
TERM_PATTERN = r"[^\W\d_]{3,}"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def reindex(kind: str, ids: Iterable[int] | None = None) -> None:
    """Bring the entries of these records (all of this kind when `ids` is None) up to date."""
    if ids is not None:
        ids = sorted({int(pk) for pk in ids})
        if not ids:
            return
    if is_postgres():
        _reindex_postgres(kind, ids)
    else:
        _reindex_python(kind, ids)


def _reindex_postgres(kind: str, ids: list[int] | None) -> None:
    where, params = ("AND src.id = ANY(%s)", [ids]) if ids is not None else ("", [])
    with transaction.atomic(), connection.cursor() as cursor:
        if ids is not None:
            cursor.execute(
                f"""DELETE FROM {SearchEntry._meta.db_table} e
                    WHERE e.kind = %s AND e.object_id = ANY(%s)
                    AND NOT EXISTS (
                        SELECT 1 FROM ({document_sql(kind, where)}) d WHERE d.id = e.object_id)""",
                [kind, ids, *params],
            )
        cursor.execute(
            f"""INSERT INTO {SearchEntry._meta.db_table}
                    (kind, object_id, published_at, language, title, text, head, vector)
                SELECT %s, d.id, d.published_at, d.language, d.title, '', {HEAD_SQL}, {VECTOR_SQL}
                FROM ({document_sql(kind, where)}) d
                ON CONFLICT (kind, object_id) DO UPDATE SET
                    published_at = EXCLUDED.published_at, language = EXCLUDED.language,
                    title = EXCLUDED.title, head = EXCLUDED.head, vector = EXCLUDED.vector""",
            [kind, *params],
        )
        _add_terms_postgres(kind, ids)


def _add_terms_postgres(kind: str, ids: list[int] | None) -> None:
    """Words of these entries' titles join the suggestion terms (nothing is removed here: see
    SearchTerm)."""
    where, params = ("AND e.object_id = ANY(%s)", [ids]) if ids is not None else ("", [])
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {SearchTerm._meta.db_table} (word, display)
                SELECT DISTINCT ON (lower(w.m[1])) lower(w.m[1]), w.m[1]
                FROM {SearchEntry._meta.db_table} e,
                     regexp_matches(e.title, %s, 'g') AS w(m)
                WHERE e.kind = %s {where} AND length(w.m[1]) <= 100
                ORDER BY lower(w.m[1]), w.m[1]
                ON CONFLICT (word) DO NOTHING""",
            [_pg_term_pattern(), kind, *params],
        )


def _pg_term_pattern() -> str:
    # PostgreSQL's regular expressions have no \w over all of Unicode letters that excludes digits:
    # letters are [[:alpha:]].
    return "[[:alpha:]]{3,}"


def add_theme_terms(theme_ids: Iterable[int] | None = None) -> None:
    from cities.models import Theme

    themes = Theme.objects.all() if theme_ids is None else Theme.objects.filter(pk__in=list(theme_ids))
    _add_terms(name for name in themes.values_list("name", flat=True))


def _add_terms(titles: Iterable[str]) -> None:
    import re

    found: dict[str, str] = {}
    for title in titles:
        for word in re.findall(TERM_PATTERN, title):
            if len(word) <= 100 and not cjk.runs(word):
                found.setdefault(word.lower(), word)
    if found:
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=word, display=display) for word, display in found.items()],
            ignore_conflicts=True,
        )


def rebuild_terms() -> None:
    """The suggestion terms afresh: words of public titles, city names and theme names."""
    SearchTerm.objects.all().delete()
    if is_postgres():
        for kind in KINDS:
            _add_terms_postgres(kind, None)
    else:
        _add_terms(SearchEntry.objects.values_list("title", flat=True).iterator())
    add_theme_terms()


# SQLite: the demo is small, so documents are assembled in Python from the same fields.


def _reindex_python(kind: str, ids: list[int] | None) -> None:
    documents = {document["id"]: document for document in _python_documents(kind, ids)}
    with transaction.atomic():
        stale = SearchEntry.objects.filter(kind=kind)
        if ids is not None:
            stale = stale.filter(object_id__in=ids)
        stale.exclude(object_id__in=list(documents)).delete()
        existing = dict(
            SearchEntry.objects.filter(kind=kind, object_id__in=list(documents)).values_list(
                "object_id", "pk"
            )
        )
        entries = []
        for object_id, document in documents.items():
            text = " ".join(document[part] for part, _ in _WEIGHTED_PARTS if document[part])
            entries.append(
                SearchEntry(
                    pk=existing.get(object_id),
                    kind=kind,
                    object_id=object_id,
                    published_at=document["published_at"],
                    language=document["language"],
                    title=document["title"],
                    text=text,
                )
            )
        SearchEntry.objects.bulk_create(
            [entry for entry in entries if entry.pk is None],
        )
        SearchEntry.objects.bulk_update(
            [entry for entry in entries if entry.pk is not None],
            ["published_at", "language", "title", "text"],
        )
    _add_terms(document["title"] for document in documents.values())


def _names(items) -> str:
    return " ".join(item.name for item in items)


def _python_documents(kind: str, ids: list[int] | None):
    from knowledge.models import Attachment, Output

    model = MODELS[kind]
    queryset = model.objects.all()
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    if kind == "output":
        queryset = queryset.filter(status=Output.Status.PUBLISHED, published_at__isnull=False)
        queryset = queryset.prefetch_related(
            "themes",
            "cities",
            Prefetch("attachments", Attachment.objects.only("output_id", "extracted_text")),
        )
        for output in queryset:
            yield {
                "id": output.pk,
                "published_at": output.published_at,
                "language": output.language,
                "title": output.title,
                "summary": " ".join(
                    [output.summary, _names(output.themes.all()), _names(output.cities.all())]
                ),
                "body": output.body,
                "attachments": " ".join(a.extracted_text for a in output.attachments.all()),
            }
    elif kind == "lesson":
        queryset = queryset.filter(
            output__status=Output.Status.PUBLISHED, output__published_at__isnull=False
        ).select_related("output", "city")
        for lesson in queryset.prefetch_related("themes"):
            yield {
                "id": lesson.pk,
                "published_at": lesson.output.published_at,
                "language": lesson.output.language,
                "title": lesson.title,
                "summary": " ".join([lesson.lesson, lesson.city.name, _names(lesson.themes.all())]),
                "body": " ".join(
                    [lesson.challenge, lesson.action, lesson.result, lesson.transfer_conditions]
                ),
                "attachments": "",
            }
    elif kind == "city":
        for city in queryset.prefetch_related("themes"):
            yield {
                "id": city.pk,
                "published_at": city.created_at,
                "language": "en",
                "title": city.name,
                "summary": " ".join([city.summary, city.country, _names(city.themes.all())]),
                "body": city.description,
                "attachments": "",
            }
    else:
        for deep_dive in queryset.prefetch_related("themes", "host_cities"):
            yield {
                "id": deep_dive.pk,
                "published_at": deep_dive.created_at,
                "language": "en",
                "title": deep_dive.title,
                "summary": " ".join(
                    [
                        deep_dive.summary,
                        deep_dive.place,
                        _names(deep_dive.themes.all()),
                        _names(deep_dive.host_cities.all()),
                    ]
                ),
                "body": " ".join([deep_dive.objectives, deep_dive.description]),
                "attachments": "",
            }


GIN_INDEXES = {
    f"search_entry_{column}_{kind}": f"USING gin ({column}) WHERE kind = '{kind}'"
    for kind in KINDS
    for column in ("head", "vector")
}


def rebuild(jobs: int = 1) -> dict[str, int]:
    """Every entry and suggestion term afresh; returns the number of entries of each kind."""
    if is_postgres():
        _rebuild_postgres(max(1, jobs))
    else:
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            for kind in KINDS:
                reindex(kind)
    rebuild_terms()
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
            cursor.execute(f"ANALYZE {SearchTerm._meta.db_table}")
    # Searches kept in the cache were answered by the old index.
    content_changed()
    return {kind: SearchEntry.objects.filter(kind=kind).count() for kind in KINDS}


REBUILD_CHUNK = 2000


def _rebuild_postgres(jobs: int) -> None:
    """Emptied, filled by `jobs` connections at once (each taking every jobs-th record), then indexed:
    building a GIN index once is much faster than growing it row by row. Meanwhile searches find
    nothing, so a live site rebuilds only when something went wrong."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table}")
        for name in GIN_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")

    def run_in_own_connection(statements: list[tuple[str, list]]) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '256MB'")
                for sql, params in statements:
                    cursor.execute(sql, params)
        finally:
            connections.close_all()

    # Filled in publication order, a chunk at a time, so that the newest entries of a kind sit together
    # on disk: a search walks them newest first, and reads a few pages instead of one per entry.
    fills = []
    with connection.cursor() as cursor:
        for kind in KINDS:
            cursor.execute(f"SELECT d.id FROM ({document_sql(kind)}) d ORDER BY d.published_at, d.id")
            ids = [row[0] for row in cursor.fetchall()]
            for start in range(0, len(ids), REBUILD_CHUNK):
                fills.append(
                    [
                        (
                            f"""INSERT INTO {table}
                                    (kind, object_id, published_at, language, title, text, head, vector)
                                SELECT %s, d.id, d.published_at, d.language, d.title, '',
                                       {HEAD_SQL}, {VECTOR_SQL}
                                FROM ({document_sql(kind, "AND src.id = ANY(%s)")}) d
                                ORDER BY d.published_at""",
                            [kind, ids[start : start + REBUILD_CHUNK]],
                        )
                    ]
                )
    indexes = [
        [(f"CREATE INDEX {name} ON {table} {definition}", [])] for name, definition in GIN_INDEXES.items()
    ]
    if jobs == 1 or connection.in_atomic_block:
        # Other connections would not see this transaction's rows (nor get past its locks).
        with connection.cursor() as cursor:
            for sql, params in [statement for group in fills + indexes for statement in group]:
                cursor.execute(sql, params)
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(run_in_own_connection, fills))
        list(pool.map(run_in_own_connection, indexes))
