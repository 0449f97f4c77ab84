"""Queueing work for the task queue (cpp_portal/celery.py) from inside a request's transaction."""

import logging

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction has committed, never before: the worker must find
    the rows it is given. If the queue cannot be reached, the request still answers: what the task was
    for is kept in the database, and the periodic sweep of its app finds it."""
    transaction.on_commit(lambda: _enqueue(task, args))


def enqueue_once_on_commit(task, *args, key: str, delay: int) -> None:
    """Queue `task(*args)` to run `delay` seconds after the current transaction commits, unless one queued
    under `key` is still waiting: a burst of changes is then handled once, after it, with what stands."""

    def enqueue() -> None:
        if cache.add(f"queued-task:{key}", True, delay):
            _enqueue(task, args, countdown=delay)

    transaction.on_commit(enqueue)


def _enqueue(task, args, countdown: int | None = None) -> None:
    try:
        task.apply_async(args, countdown=countdown)
    except Exception:  # noqa: BLE001 (a broker that is down or slow must not fail a committed request)
        logger.exception("Could not queue %s%r; the periodic sweep will do it", task.name, args)
