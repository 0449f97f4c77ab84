"""The search suite again on SQLite, the database of `make run`, with the same expected results: run in
a process of its own, whose default database is a fresh SQLite one, so that every layer (the engine's
backend, the library's catalogue, the pages) runs on SQLite as in the demo. A test that states a
difference of the two databases is marked `not_on_sqlite` (tests/conftest.py)."""

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEARCH_SUITE_ON_SQLITE

ROOT = Path(__file__).resolve().parent.parent.parent
SUITE = [
    "tests/search/test_relevance.py",
    "tests/search/test_search_page.py",
    "tests/search/test_library_keywords.py",
    "tests/search/test_indexing.py",
    # Not search, but the SQLite demo's row triggers renew the lists as PostgreSQL's statement triggers do.
    "tests/test_list_renewal.py",
]


def test_the_search_suite_gives_the_same_results_on_sqlite(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'search.sqlite3'}",
        SEARCH_SUITE_ON_SQLITE: "1",
        "CATALOGUE_DIR": str(tmp_path / "catalogue"),
    }
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *SUITE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert finished.returncode == 0, finished.stdout[-6000:] + finished.stderr[-2000:]
    assert " failed" not in finished.stdout.splitlines()[-1]
