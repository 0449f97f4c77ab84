"""What each kind of record says, as search sees it: id, publication time, language, title, summary,
body and attachment text.

Two forms of the same documents: one SELECT per kind for PostgreSQL (used both to index, set-based,
and to read the text that passages are cut from, so the two never disagree), and the same fields read
through the ORM for SQLite. Records that are not public (drafts, lessons of unpublished outputs) are
never selected; which outputs are public is `knowledge.models.Publication`'s rule, in both forms.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch

from cities.models import City, Theme
from cpp_portal.search import CITY, DEEP_DIVE, LESSON, OUTPUT
from deep_dives.models import DeepDive
from knowledge.models import Attachment, Lesson, Output, Publication

# The parts of a document, each with its weight in ranking: title above summary above body above
# attachment text.
PARTS = (("title", "A"), ("summary", "B"), ("body", "C"), ("attachments", "D"))
# Characters of a passage shown under a result.
PASSAGE_LENGTH = 240


@dataclass(frozen=True)
class Document:
    id: int
    published_at: object
    language: str
    title: str
    summary: str
    body: str
    attachments: str


def _table(model: type[models.Model]) -> str:
    return model._meta.db_table


def _through(model: type[models.Model], field: str) -> tuple[str, str, str]:
    """Table, owner column and related column of a many-to-many field."""
    through = model._meta.get_field(field).remote_field.through
    owner, related = (f.column for f in through._meta.fields if f.is_relation)
    return through._meta.db_table, owner, related


def _names_of(model: type[models.Model], field: str, target: type[models.Model], column: str) -> str:
    table, owner, related = _through(model, field)
    return (
        f"(SELECT string_agg(t.{column}, ' ') FROM {table} l JOIN {_table(target)} t "
        f"ON t.id = l.{related} WHERE l.{owner} = src.id)"
    )


def _output_sql() -> tuple[str, dict]:
    themes = _names_of(Output, "themes", Theme, "name")
    cities = _names_of(Output, "cities", City, "name")
    public, params = Publication.scheduled_or_public_sql("src")
    return (
        f"""
        SELECT src.id, src.published_at, src.language, src.title,
               concat_ws(' ', src.summary, {themes}, {cities}) AS summary,
               src.body AS body,
               coalesce((SELECT string_agg(a.extracted_text, ' ' ORDER BY a.position, a.id)
                         FROM {_table(Attachment)} a WHERE a.output_id = src.id), '') AS attachments
        FROM {_table(Output)} src
        WHERE {public}""",
        params,
    )


def _lesson_sql() -> tuple[str, dict]:
    themes = _names_of(Lesson, "themes", Theme, "name")
    public, params = Publication.scheduled_or_public_sql("o")
    return (
        f"""
        SELECT src.id, o.published_at, o.language, src.title,
               concat_ws(' ', src.lesson, c.name, {themes}) AS summary,
               concat_ws(' ', src.challenge, src.action, src.result, src.transfer_conditions) AS body,
               '' AS attachments
        FROM {_table(Lesson)} src
        JOIN {_table(Output)} o ON o.id = src.output_id
        JOIN {_table(City)} c ON c.id = src.city_id
        WHERE {public}""",
        params,
    )


def _city_sql() -> tuple[str, dict]:
    themes = _names_of(City, "themes", Theme, "name")
    return (
        f"""
        SELECT src.id, src.created_at AS published_at, 'en' AS language, src.name AS title,
               concat_ws(' ', src.summary, src.country, {themes}) AS summary,
               src.description AS body, '' AS attachments
        FROM {_table(City)} src
        WHERE true""",
        {},
    )


def _deep_dive_sql() -> tuple[str, dict]:
    themes = _names_of(DeepDive, "themes", Theme, "name")
    hosts = _names_of(DeepDive, "host_cities", City, "name")
    return (
        f"""
        SELECT src.id, src.created_at AS published_at, 'en' AS language, src.title,
               concat_ws(' ', src.summary, src.place, {themes}, {hosts}) AS summary,
               concat_ws(' ', src.objectives, src.description) AS body, '' AS attachments
        FROM {_table(DeepDive)} src
        WHERE true""",
        {},
    )


_SQL = {OUTPUT: _output_sql, LESSON: _lesson_sql, CITY: _city_sql, DEEP_DIVE: _deep_dive_sql}


def document_sql(kind: str, *, only_ids: bool = False) -> tuple[str, dict]:
    """The SELECT of every public record of `kind` as a document, and its named parameters; with
    `only_ids`, of the records whose ids are given as the parameter `%(ids)s` (a list)."""
    sql, params = _SQL[kind]()
    if only_ids:
        sql += " AND src.id = ANY(%(ids)s)"
    return sql, params


def _names(items) -> str:
    return " ".join(item.name for item in items)


def documents(kind: str, ids: list[int] | None = None) -> Iterator[Document]:
    """The same documents read through the ORM (for SQLite, where the demo's few records are written
    into the FTS5 table from Python: search/fts5.py)."""
    if kind == OUTPUT:
        outputs = Output.objects.filter(Publication.scheduled_or_public_q()).prefetch_related(
            "themes",
            "cities",
            Prefetch("attachments", Attachment.objects.only("output_id", "extracted_text")),
        )
        for output in outputs if ids is None else outputs.filter(pk__in=ids):
            yield Document(
                output.pk,
                output.published_at,
                output.language,
                output.title,
                " ".join([output.summary, _names(output.themes.all()), _names(output.cities.all())]),
                output.body,
                " ".join(attachment.extracted_text for attachment in output.attachments.all()),
            )
    elif kind == LESSON:
        lessons = (
            Lesson.objects.filter(Publication.scheduled_or_public_q("output__"))
            .select_related("output", "city")
            .prefetch_related("themes")
        )
        for lesson in lessons if ids is None else lessons.filter(pk__in=ids):
            yield Document(
                lesson.pk,
                lesson.output.published_at,
                lesson.output.language,
                lesson.title,
                " ".join([lesson.lesson, lesson.city.name, _names(lesson.themes.all())]),
                " ".join([lesson.challenge, lesson.action, lesson.result, lesson.transfer_conditions]),
                "",
            )
    elif kind == CITY:
        cities = City.objects.prefetch_related("themes")
        for city in cities if ids is None else cities.filter(pk__in=ids):
            yield Document(
                city.pk,
                city.created_at,
                "en",
                city.name,
                " ".join([city.summary, city.country, _names(city.themes.all())]),
                city.description,
                "",
            )
    else:
        deep_dives = DeepDive.objects.prefetch_related("themes", "host_cities")
        for deep_dive in deep_dives if ids is None else deep_dives.filter(pk__in=ids):
            yield Document(
                deep_dive.pk,
                deep_dive.created_at,
                "en",
                deep_dive.title,
                " ".join(
                    [
                        deep_dive.summary,
                        deep_dive.place,
                        _names(deep_dive.themes.all()),
                        _names(deep_dive.host_cities.all()),
                    ]
                ),
                " ".join([deep_dive.objectives, deep_dive.description]),
                "",
            )
