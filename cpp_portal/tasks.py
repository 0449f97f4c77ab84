"""Queueing work for the task queue (cpp_portal/celery.py) from inside a request's transaction."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction has committed, never before: the worker must find
    the rows it is given. If the queue cannot be reached, the request still answers: what the task was
    for is kept in the database, and the periodic sweep of its app finds it."""
    transaction.on_commit(lambda: _enqueue(task, args))


def _enqueue(task, args) -> None:
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 (a broker that is down or slow must not fail a committed request)
        logger.exception("Could not queue %s%r; the periodic sweep will do it", task.name, args)
