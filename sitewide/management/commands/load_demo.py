import time

from django.core.management.base import BaseCommand

from sitewide.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo: the program's themes, partner and client cities and Technical Deep Dives, with "
        "sample outputs, files and lessons. Running it again changes nothing that is already there."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        summary = load_demo()
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo loaded in {time.monotonic() - started:.1f}s."))
