"""What each kind of record says, as search sees it: id, publication time, language, title, summary,
body and attachment text.

One SELECT per kind, used both to index (PostgreSQL, set-based) and to read the text that snippets are
cut from, so the two never disagree. `{where}` narrows it to some records ("AND src.id = ANY(%s)") or
to all; records that are not public (drafts, lessons of unpublished outputs) are never selected.
"""

from django.db import models

from cities.models import City, Theme
from deep_dives.models import DeepDive
from knowledge.models import Attachment, Lesson, Output


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


def _output_sql() -> str:
    themes = _names_of(Output, "themes", Theme, "name")
    cities = _names_of(Output, "cities", City, "name")
    return f"""
        SELECT src.id, src.published_at, src.language, src.title,
               concat_ws(' ', src.summary, {themes}, {cities}) AS summary,
               src.body AS body,
               coalesce((SELECT string_agg(a.extracted_text, ' ' ORDER BY a.position, a.id)
                         FROM {_table(Attachment)} a WHERE a.output_id = src.id), '') AS attachments
        FROM {_table(Output)} src
        WHERE src.status = '{Output.Status.PUBLISHED}' AND src.published_at IS NOT NULL {{where}}
    """


def _lesson_sql() -> str:
    themes = _names_of(Lesson, "themes", Theme, "name")
    return f"""
        SELECT src.id, o.published_at, o.language, src.title,
               concat_ws(' ', src.lesson, c.name, {themes}) AS summary,
               concat_ws(' ', src.challenge, src.action, src.result, src.transfer_conditions) AS body,
               '' AS attachments
        FROM {_table(Lesson)} src
        JOIN {_table(Output)} o ON o.id = src.output_id
        JOIN {_table(City)} c ON c.id = src.city_id
        WHERE o.status = '{Output.Status.PUBLISHED}' AND o.published_at IS NOT NULL {{where}}
    """


def _city_sql() -> str:
    themes = _names_of(City, "themes", Theme, "name")
    return f"""
        SELECT src.id, src.created_at AS published_at, 'en' AS language, src.name AS title,
               concat_ws(' ', src.summary, src.country, {themes}) AS summary,
               src.description AS body, '' AS attachments
        FROM {_table(City)} src
        WHERE true {{where}}
    """


def _deep_dive_sql() -> str:
    themes = _names_of(DeepDive, "themes", Theme, "name")
    hosts = _names_of(DeepDive, "host_cities", City, "name")
    return f"""
        SELECT src.id, src.created_at AS published_at, 'en' AS language, src.title,
               concat_ws(' ', src.summary, src.place, {themes}, {hosts}) AS summary,
               concat_ws(' ', src.objectives, src.description) AS body, '' AS attachments
        FROM {_table(DeepDive)} src
        WHERE true {{where}}
    """


DOCUMENT_SQL = {
    "output": _output_sql,
    "lesson": _lesson_sql,
    "city": _city_sql,
    "deep_dive": _deep_dive_sql,
}

MODELS = {"output": Output, "lesson": Lesson, "city": City, "deep_dive": DeepDive}


def document_sql(kind: str, where: str = "") -> str:
    return DOCUMENT_SQL[kind]().format(where=where)
