"""The search's GIN indexes keep no pending list (fastupdate off): with one, every lookup read the whole
list until a vacuum, and after a few hundred edits at 100,000 outputs the planner preferred reading the
whole table, a "did you mean" taking 1.5 s instead of 3 ms (search/backends/postgresql.py)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from tests import builders

pytestmark = pytest.mark.django_db


def gin_index_options() -> dict[str, list[str] | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND c.relname LIKE 'search_%%'"
        )
        return dict(cursor.fetchall())


def test_every_search_gin_index_is_written_directly_after_migrate_and_after_a_rebuild():
    assert len(gin_index_options()) == 9
    assert all(options == ["fastupdate=off"] for options in gin_index_options().values())
    builders.output("Light rail note")
    call_command("rebuild_search_index", "--jobs", "1", stdout=io.StringIO())
    options = gin_index_options()
    assert len(options) == 9 and all(value == ["fastupdate=off"] for value in options.values()), options
