import hashlib
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from django.utils import timezone

CHUNK_SIZE = 1024 * 1024


class Command(BaseCommand):
    help = (
        "Check every stored file against the database: files whose checksum no longer matches, records "
        "whose file is missing, and files no record refers to (removed with --remove-orphans). Exits with "
        "status 1 when it finds a missing or altered file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove-orphans", action="store_true", help="Delete the files that no record refers to."
        )
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=60,
            help="Leave orphans younger than this alone: they may belong to an upload still being saved.",
        )

    def handle(self, *args, remove_orphans: bool = False, grace_minutes: int = 60, **options) -> None:
        storage = default_storage
        referenced = self._referenced_files()
        stored = set(self._stored_files(storage, ""))

        missing = sorted(name for name in referenced if name not in stored)
        altered = sorted(
            name
            for name, (_, expected) in referenced.items()
            if expected and name in stored and _checksum(storage, name) != expected
        )
        orphans = sorted(stored - referenced.keys())

        for name in missing:
            self.stdout.write(f"MISSING  {name}  ({referenced[name][0]})")
        for name in altered:
            self.stdout.write(f"ALTERED  {name}  ({referenced[name][0]}): its SHA-256 no longer matches")
        removed = 0
        cutoff = timezone.now() - timedelta(minutes=grace_minutes)
        for name in orphans:
            if remove_orphans and storage.get_modified_time(name) <= cutoff:
                storage.delete(name)
                removed += 1
                self.stdout.write(f"REMOVED  {name}  (no record refers to it)")
            else:
                self.stdout.write(f"ORPHAN   {name}  (no record refers to it)")

        self.stdout.write(
            f"{len(referenced)} files recorded, {len(stored)} stored: {len(missing)} missing, "
            f"{len(altered)} altered, {len(orphans)} orphaned ({removed} removed)."
        )
        if missing or altered:
            raise CommandError("Some recorded files are missing or altered.")

    def _referenced_files(self) -> dict[str, tuple[str, str]]:
        """Every stored file name a record refers to, with the record and the checksum it holds (if any)."""
        referenced: dict[str, tuple[str, str]] = {}
        for model in apps.get_models():
            file_fields = [field.name for field in model._meta.fields if isinstance(field, models.FileField)]
            if not file_fields or model._meta.proxy:
                continue
            checksums = getattr(model, "checksum_fields", {})
            columns = [*file_fields, *checksums.values()]
            for row in model._default_manager.order_by().values("pk", *columns).iterator():
                for field in file_fields:
                    if row[field]:
                        owner = f"{model._meta.label} {row['pk']} {field}"
                        referenced[row[field]] = (owner, row[checksums[field]] if field in checksums else "")
        return referenced

    def _stored_files(self, storage, folder: str):
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:  # nothing was ever uploaded
            return
        for name in files:
            yield f"{folder}/{name}" if folder else name
        for sub in folders:
            yield from self._stored_files(storage, f"{folder}/{sub}" if folder else sub)


def _checksum(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()
