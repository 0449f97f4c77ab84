from celery import shared_task
from django.db import DatabaseError

from kits import building


@shared_task(ignore_result=True, autoretry_for=(OSError, DatabaseError), retry_backoff=5, max_retries=5)
def refresh_kits(deep_dive_ids: list[int] | None = None) -> None:
    """Build the missing and out-of-date kits of these deep dives (of every deep dive by default: the
    periodic sweep, which also builds the first kit of a new deep dive)."""
    building.refresh_kits(deep_dive_ids)
