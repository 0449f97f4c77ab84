"""Shared fixtures: a real PostgreSQL database, uploaded files in a temporary folder, and builders."""

import os

import psycopg2
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

# Set by tests/search/test_on_sqlite.py, which runs the search suite again on SQLite (as `make run`).
SEARCH_SUITE_ON_SQLITE = "CPP_SEARCH_SUITE_ON_SQLITE"


def pytest_sessionstart(session):
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and os.environ.get(SEARCH_SUITE_ON_SQLITE) == "1":
        return
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit(
            "The test suite runs on PostgreSQL. Run it with `make test`, or set DATABASE_URL, e.g.\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpp_portal pytest",
            returncode=2,
        )
    try:
        psycopg2.connect(
            dbname="postgres",
            user=database["USER"],
            password=database["PASSWORD"],
            host=database["HOST"],
            port=database["PORT"] or 5432,
            connect_timeout=5,
        ).close()
    except psycopg2.OperationalError as error:
        where = f"{database['HOST'] or 'the local socket'}:{database['PORT'] or 5432}"
        pytest.exit(
            f"No PostgreSQL answers at {where} ({str(error).strip()}).\n"
            "The tests need a PostgreSQL server (15 or newer) that they can create a database on.\n"
            "Start the local one, e.g. `pg_ctlcluster 15 main start`, or point the suite at another:\n"
            "  make test TEST_DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/cpp_portal",
            returncode=2,
        )


def pytest_collection_modifyitems(config, items):
    """On SQLite, a test marked `not_on_sqlite` states a difference of the two databases: it is expected
    to fail there (strictly, so that it says so again the day it passes)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return
    for item in items:
        for marker in item.iter_markers("not_on_sqlite"):
            item.add_marker(pytest.mark.xfail(strict=True, reason=marker.kwargs["reason"]))


@pytest.fixture
def client():
    """The test client, whose force_login passes the second factor for staff (tests/builders.py)."""
    from tests.builders import PortalClient

    return PortalClient()


@pytest.fixture
def admin_client(admin_user):
    """A superuser's client, apart from `client` (as pytest-django's), past the second factor."""
    from tests.builders import PortalClient

    signed_in = PortalClient()
    signed_in.force_login(admin_user)
    return signed_in


@pytest.fixture(autouse=True)
def media_root(tmp_path):
    """Every test stores uploaded files in a folder of its own, removed afterwards."""
    folder = tmp_path / "media"
    folder.mkdir()
    with override_settings(MEDIA_ROOT=folder):
        yield folder


@pytest.fixture(autouse=True)
def email_through_the_outbox():
    """Emails go through the outbox as in production (pytest-django would send them to memory directly);
    its deliveries run in the test's own process (tests/queue/ runs a real worker), into `mail.outbox`."""
    from cpp_portal.celery import app

    # Celery reads the Django settings the first time its configuration is used: read them first, so
    # that this stays.
    app.loader.read_configuration()
    app.conf.task_always_eager = True
    with override_settings(
        EMAIL_BACKEND="outbox.backends.OutboxBackend",
        OUTBOX_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing():
    """Accounts are made in many tests; a deliberately slow hash would only slow the suite down."""
    fast = "django.contrib.auth.hashers.MD5PasswordHasher"
    with override_settings(PASSWORD_HASHERS=[fast, *settings.PASSWORD_HASHERS]):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, as a fresh deployment does: no content state, no rendered
    fragments left over from another test's rolled-back data."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in English: a request to a /ja/ page leaves Japanese active in the thread (the
    locale middleware activates a language and nothing deactivates it), which would leak into the next
    test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_content_state(tmp_path):
    """Every test starts with no catalogue saved or held by this process, and looks at the change log
    only after its own writes (tests of writes that bypass the ORM ask for the poll themselves)."""
    from content_state import versions
    from knowledge import catalogue

    catalogue._current = None
    versions._last_poll = float("inf")
    with override_settings(CATALOGUE_DIR=tmp_path / "catalogue", CONTENT_STATE_POLL_SECONDS=10**9):
        yield
    versions._last_poll = float("inf")
