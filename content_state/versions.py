"""The content state: a version for every scope of content (content_state/triggers.py), kept in the
shared cache, that changes when that content changes. Cached pages, their parts and searches record the
versions of the scopes they were made from, and are used only while those versions stand.

Versions are numbers drawn from one counter, so a version written later is always larger. A scope
without a version (never renewed, or evicted by the cache) gets the counter's current value, which is
newer than any version it had: losing a version can only cost a rendering, never show a stale page.

`sync()` turns the change log that the database writes (`ContentChange`) into renewed versions. It runs
after every write through the ORM (the signals in apps.py), after every request that was not a plain
read (middleware.py), and otherwise at most every CONTENT_STATE_POLL_SECONDS in each process, which is
how a bulk `update()`, a `COPY` or raw SQL is seen. It also lets content whose time has come be
written (the `syncing` signal).
"""

import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.dispatch import Signal

from content_state.models import ContentChange

ALL = "all"
SEQUENCE_KEY = "content-state:sequence"
# More changes than this in one sync renew everything rather than each scope.
MOST_SCOPES = 5000

# Sent at the start of every sync: a receiver writes what time alone has changed (knowledge releases the
# outputs whose embargo has ended), so that the triggers log it.
syncing = Signal()
# Sent inside the transaction of a sync, before the versions are renewed, with the set of renewed
# `scopes`: the search index is brought up to date from it (search/signals.py).
scopes_changed = Signal()

_last_poll = time.monotonic()


def _key(scope: str) -> str:
    return f"content-state:scope:{scope}"


def sequence() -> int:
    """The counter's current value: every version written so far is at most this."""
    value = cache.get(SEQUENCE_KEY)
    return value if value is not None else _next()


def _next() -> int:
    try:
        return cache.incr(SEQUENCE_KEY)
    except ValueError:
        # A new cache (or an evicted counter) starts from the clock, above any version written before.
        cache.add(SEQUENCE_KEY, time.time_ns() // 1000, None)
        return cache.incr(SEQUENCE_KEY)


def versions(scopes: Iterable[str]) -> dict[str, int]:
    """The current version of each scope (and of `all`), in one cache read."""
    wanted = {ALL, *scopes}
    found = cache.get_many([_key(scope) for scope in wanted])
    current = {scope: found.get(_key(scope)) for scope in wanted}
    missing = [scope for scope, version in current.items() if version is None]
    if missing:
        # The counter's value: what depended on the scope before it was lost is older (retired), and a
        # rendering begun since nothing changed may still be kept.
        now = sequence()
        cache.set_many({_key(scope): now for scope in missing}, None)
        current.update(dict.fromkeys(missing, now))
    return current


def fetch_with_versions(keys: list[str], scopes: Iterable[str]) -> tuple[dict, dict[str, int]]:
    """Cached values and the current versions of `scopes`, in one cache read."""
    scopes = {ALL, *scopes}
    found = cache.get_many([*keys, *(_key(scope) for scope in scopes)])
    values = {key: found[key] for key in keys if key in found}
    current = {scope: found.get(_key(scope)) for scope in scopes}
    missing = [scope for scope, version in current.items() if version is None]
    if missing:
        current.update(versions(missing))
    return values, current


def renew(scopes: Iterable[str]) -> None:
    """New versions for these scopes, now and once the current transaction commits: readers inside the
    transaction see the change at once, and a page rendered meanwhile from the data as it was before
    the commit is retired by the second renewal."""
    scopes = set(scopes)
    if not scopes:
        return

    def write() -> None:
        version = _next()
        cache.set_many({_key(scope): version for scope in scopes}, None)

    write()
    if connection.in_atomic_block:
        transaction.on_commit(write)


def renew_if_read(scopes: Iterable[str]) -> None:
    """`renew()` those of `scopes` that something has read (a scope gets its first version when read),
    so that renewing a scope nothing depends on does not move the counter under renderings in progress."""
    scopes = list(scopes)
    found = cache.get_many([_key(scope) for scope in scopes])
    renew(scope for scope in scopes if _key(scope) in found)


def sync() -> set[str]:
    """Claim the change log, let the search index follow, renew the scopes; returns them."""
    global _last_poll
    _last_poll = time.monotonic()
    # Content whose time has come (an embargo ending) is written now, so that its changes are claimed too.
    syncing.send(sender=ContentChange)
    scopes = _claim_changes()
    if not scopes:
        return scopes
    if len(scopes) > MOST_SCOPES:
        scopes = {ALL}
    scopes_changed.send(sender=ContentChange, scopes=scopes)
    renew(scopes)
    return scopes


def poll() -> None:
    """`sync()` if this process has not synced for CONTENT_STATE_POLL_SECONDS."""
    if not time.monotonic() - _last_poll < settings.CONTENT_STATE_POLL_SECONDS:
        sync()


def _claim_changes() -> set[str]:
    table = ContentChange._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Rows another process is claiming are left to it.
            cursor.execute(
                f"""DELETE FROM {table} WHERE id IN (
                        SELECT id FROM {table} ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)
                    RETURNING scope""",
                [MOST_SCOPES * 4],
            )
        else:
            cursor.execute(f"DELETE FROM {table} RETURNING scope")
        claimed = {row[0] for row in cursor.fetchall()}
    return claimed
