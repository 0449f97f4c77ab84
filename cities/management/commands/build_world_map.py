from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cities.land import build_land_svg

OUTPUT = Path(settings.BASE_DIR) / "static" / "img" / "world-land.svg"


class Command(BaseCommand):
    help = (
        "Draw the land of the world map (static/img/world-land.svg) from the vendored Natural Earth data "
        "of the world-atlas package. Run it after changing the projection or updating the data."
    )

    def handle(self, *args, **options) -> None:
        svg = build_land_svg()
        OUTPUT.write_text(svg)
        self.stdout.write(f"Wrote {OUTPUT.relative_to(settings.BASE_DIR)} ({len(svg.encode()):,} bytes).")
