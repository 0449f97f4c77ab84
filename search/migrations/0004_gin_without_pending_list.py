"""The search's GIN indexes without fastupdate (search/backends/postgresql.py, GIN_OPTIONS), and what their
pending lists held written into them. PostgreSQL only."""

from django.db import migrations

INDEXES = [f"search_entry_{column}_{kind}" for kind in ("output", "lesson", "city", "deep_dive") for column in ("head", "vector")]
INDEXES.append("search_term_trigrams")


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} SET (fastupdate = off)")
        schema_editor.execute(
            f"SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = '{name}' AND c.relkind = 'i'"
        )


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_sqlite_full_text")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
