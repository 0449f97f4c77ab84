from django.db import migrations

# The columns of search/fts5.py: a document's parts, then the character pairs of each part's Japanese.
CREATE_TABLE = """
CREATE VIRTUAL TABLE search_entry_fts USING fts5(
    title, summary, body, attachments, title_pairs, summary_pairs, body_pairs, attachments_pairs,
    tokenize = 'porter unicode61 remove_diacritics 2'
)
"""


def create_sqlite_full_text_table(apps, schema_editor):
    """SQLite only (PostgreSQL searches its own vectors). The entries written before the table existed
    are removed, so that the index is built afresh, with the table, after `migrate` (search/apps.py)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(CREATE_TABLE)
    schema_editor.execute("DELETE FROM search_searchentry")


def drop_sqlite_full_text_table(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS search_entry_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_search_changes"),
    ]

    operations = [
        migrations.RunPython(create_sqlite_full_text_table, drop_sqlite_full_text_table),
    ]
