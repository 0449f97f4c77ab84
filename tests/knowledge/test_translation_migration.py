"""The migration that adds translations dates the content of existing outputs by their last update."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from content_state import triggers

BEFORE = [("knowledge", "0003_file_thumbnails_checksums_and_review_dates")]
AFTER = [("knowledge", "0004_output_translations")]


def migrate(targets):
    """Migrate to `targets` and return the models as they were then. As `manage.py migrate` does, the
    content state's triggers are dropped first (their SQL names today's columns) and put back at the end."""
    triggers.uninstall()
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    triggers.install()


@pytest.mark.django_db(transaction=True)
def test_existing_outputs_count_as_changed_when_they_were_last_updated(back_to_the_latest_schema):
    old = migrate(BEFORE).get_model("knowledge", "Output")
    updated = timezone.now() - datetime.timedelta(days=200)
    output = old.objects.create(kind="report", title="Old report", slug="old-report", summary="Old.")
    old.objects.filter(pk=output.pk).update(updated_at=updated)

    new = migrate(AFTER).get_model("knowledge", "Output")

    migrated = new.objects.get(pk=output.pk)
    assert migrated.content_changed_at == updated
    assert migrated.translation_of_id is None
