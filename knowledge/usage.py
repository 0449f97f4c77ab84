"""Counting views and downloads of outputs, without keeping anything about the visitor.

A count is one UPDATE of the output's row for the day (an INSERT the first time that day). Nothing
is stored about who: no address, no browser string, no account. Requests that are obviously not a
person reading (crawlers, scripts, link previews, prefetches, HEAD) are not counted.
"""

import re

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from knowledge.models import Output, OutputUsage

# User agents that announce themselves as robots, scripts or link previews. A small list on purpose:
# it catches the obvious ones and never a person's browser.
ROBOT_USER_AGENT = re.compile(
    r"bot[/;_)-]|\bbot\b|crawl|spider|slurp|archiver|feedfetcher|facebookexternalhit|whatsapp|embedly|"
    r"preview|lighthouse|pingdom|uptime|monitor|curl/|wget/|httpie|python-|aiohttp|httpx|go-http-client|"
    r"java/|okhttp|libwww|scrapy|node-fetch|axios/|\+https?://",
    re.IGNORECASE,
)


def is_counted(request) -> bool:
    """Whether this request looks like a person opening the page (or the file) in a browser."""
    if request.method != "GET":
        return False
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    if "prefetch" in purpose or "prerender" in purpose:
        return False
    user_agent = request.headers.get("User-Agent", "")
    return bool(user_agent) and not ROBOT_USER_AGENT.search(user_agent)


def count_view(request, output: Output) -> bool:
    """Count a view of a published output's page (previews of unpublished ones are not counted); say
    whether it was counted."""
    if output.is_published and is_counted(request):
        _add_one(output.pk, "views")
        return True
    return False


def count_download(request, output: Output) -> None:
    """Count a download of one of a published output's files."""
    if output.is_published and is_counted(request):
        _add_one(output.pk, "downloads")


def _add_one(output_id: int, counter: str) -> None:
    day = timezone.localdate()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A count is not worth waiting for the disk: should the server crash, the last moment's
            # counts may be lost, never made inconsistent.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        days = OutputUsage.objects.filter(output_id=output_id, day=day)
        if days.update(**{counter: F(counter) + 1}):
            return
        try:
            with transaction.atomic():
                OutputUsage.objects.create(output_id=output_id, day=day, **{counter: 1})
        except IntegrityError:
            # Another request created the day's row in the meantime.
            days.update(**{counter: F(counter) + 1})
