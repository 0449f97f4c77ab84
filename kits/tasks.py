from celery import shared_task
from django.db import DatabaseError

from cpp_portal.tasks import enqueue_once_on_commit
from kits import building

# A burst of edits to a deep dive's content is built into its kits once, this long after it began.
REBUILD_DELAY_SECONDS = 30


@shared_task(ignore_result=True, autoretry_for=(OSError, DatabaseError), retry_backoff=5, max_retries=5)
def refresh_kits(deep_dive_ids: list[int] | None = None) -> None:
    """Build the missing and out-of-date kits of these deep dives (of every deep dive by default: the
    periodic sweep, which also builds the first kit of a new deep dive)."""
    building.refresh_kits(deep_dive_ids)


def queue_rebuild(deep_dive_ids) -> None:
    """Queue the rebuild of these deep dives' kits, once per burst of changes to each."""
    for pk in deep_dive_ids:
        enqueue_once_on_commit(refresh_kits, [pk], key=f"kit-rebuild:{pk}", delay=REBUILD_DELAY_SECONDS)
