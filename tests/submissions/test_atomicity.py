"""Saving a submission with its files is all or nothing, whichever side fails: the database or the storage."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection, transaction
from django.test import override_settings

from cpp_portal.files import atomic_with_files, store_file
from knowledge.models import Attachment, Output
from tests import builders, sample_files
from tests.submissions.support import stored_files, submission_data, text_of, upload

pytestmark = pytest.mark.django_db


class StorageThatFailsOnTheThirdFile(FileSystemStorage):
    """Real storage on disk that breaks down part-way through a request, as a full disk would."""

    saved = 0

    def _save(self, name, content):
        type(self).saved += 1
        if type(self).saved == 3:
            raise OSError(28, "No space left on device")
        return super()._save(name, content)


@pytest.fixture
def failing_attachment_inserts():
    """A PostgreSQL trigger that makes the database refuse every new attachment row."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION refuse_attachment() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'injected failure: attachment rows refused'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse_attachment BEFORE INSERT ON knowledge_attachment
            FOR EACH ROW EXECUTE FUNCTION refuse_attachment();
            """
        )
    yield
    # The test's transaction is rolled back afterwards, which removes the trigger again.


def files(count: int) -> list:
    return [upload(f"part-{number}.pdf", sample_files.pdf_bytes(f"Part {number}")) for number in range(count)]


def test_when_the_database_fails_no_file_stays_in_storage(
    client, people, media_root, failing_attachment_inserts
):
    client.force_login(people.official)

    with pytest.raises(Exception, match="injected failure"):
        client.post(
            "/submit/new/",
            submission_data(
                people, attachments=files(2), cover=upload("cover.png", sample_files.png_bytes())
            ),
        )

    assert stored_files(media_root) == []


def test_when_storage_fails_no_record_refers_to_a_missing_file(client, people, media_root):
    client.force_login(people.official)
    StorageThatFailsOnTheThirdFile.saved = 0
    storages = {
        "default": {"BACKEND": f"{__name__}.StorageThatFailsOnTheThirdFile"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    with override_settings(STORAGES=storages):
        response = client.post("/submit/new/", submission_data(people, attachments=files(3)))

    assert response.status_code == 200
    assert "The files could not be stored, so nothing was saved. Please try again." in text_of(response)
    assert StorageThatFailsOnTheThirdFile.saved == 3
    assert not Output.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_a_failed_edit_keeps_the_old_files_and_adds_none(client, people, media_root):
    client.force_login(people.official)
    client.post("/submit/new/", submission_data(people, attachments=files(1)))
    output = Output.objects.get()
    before = stored_files(media_root)
    old = output.attachments.get()
    StorageThatFailsOnTheThirdFile.saved = 0
    storages = {
        "default": {"BACKEND": f"{__name__}.StorageThatFailsOnTheThirdFile"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    with override_settings(STORAGES=storages):
        response = client.post(
            f"/submit/{output.pk}/edit/",
            submission_data(people, title="Renamed", remove_attachments=[old.pk], attachments=files(3)),
        )

    assert "nothing was saved" in text_of(response)
    output.refresh_from_db()
    assert output.title == "Compact city planning in Toyama"
    assert list(output.attachments.all()) == [old]
    assert stored_files(media_root) == before


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_the_commit_keeps_the_files_the_committed_records_refer_to(media_root):
    output = builders.output("Harbour note")

    @atomic_with_files
    def add_cover() -> None:
        store_file(output.cover_image, "cover.png", ContentFile(sample_files.png_bytes()))
        output.save(update_fields=["cover_image"])
        transaction.on_commit(lambda: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        add_cover()

    output.refresh_from_db()
    assert output.cover_image
    assert output.cover_image.storage.exists(output.cover_image.name)
