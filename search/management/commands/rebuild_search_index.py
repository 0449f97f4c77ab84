import time

from django.core.management.base import BaseCommand, CommandParser

from search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild every search entry and the suggestion terms from the records (after a bulk load that "
        "fired no signals, or to check the index)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jobs", type=int, default=1, help="Database connections filling the index at once (PostgreSQL)."
        )

    def handle(self, *args, jobs: int, **options) -> None:
        started = time.monotonic()
        counts = rebuild(jobs=max(1, jobs))
        summary = ", ".join(f"{kind}: {count}" for kind, count in counts.items())
        self.stdout.write(f"Search index rebuilt in {time.monotonic() - started:.1f} s ({summary}).")
