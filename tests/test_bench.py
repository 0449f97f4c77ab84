"""The benchmark's own pieces on a small dataset: the COPY loader, the address lists and the results file.

The full run (`make bench`) builds 100,000 outputs and takes minutes; here the same loader writes a few
hundred rows into the test database, enough for 200 distinct addresses per page type.
"""

import json

import pytest
from django.core.cache import cache
from django.db import connection

from bench import dataset, report, urls
from knowledge.models import Lesson, Output

SMALL = dataset.Parameters(
    published_outputs=1800,
    unpublished_outputs=40,
    cities=250,
    partner_cities=20,
    deep_dives=220,
    lessons=400,
    translations=20,
    featured=5,
    summary_words=20,
    body_words=60,
    attachment_words=80,
)


@pytest.fixture
def small_dataset(transactional_db):
    database = connection.settings_dict
    dsn = (
        f"dbname={database['NAME']} user={database['USER']} host={database['HOST'] or 'localhost'}"
        f" port={database['PORT'] or 5432} password={database['PASSWORD'] or ''}"
    )
    counts = dataset.load(dsn, SMALL)
    # The loader writes with COPY, behind the ORM's signals: start a new content state by hand.
    cache.clear()
    return counts


def test_loader_writes_the_requested_counts_with_only_the_published_share_public(small_dataset):
    assert small_dataset["knowledge_output"] == 1840
    assert Output.objects.published().count() == 1800
    assert Output.objects.exclude(status=Output.Status.PUBLISHED).count() == 40
    assert Output.objects.filter(translation_of__isnull=False).count() == 20
    assert Lesson.objects.count() == 400
    output = Output.objects.published().exclude(body="").first()
    assert output.body_html.startswith("<p>")
    assert output.attachments.count() <= 1


def test_every_page_type_gets_at_least_200_distinct_addresses_of_public_content(small_dataset, client):
    lists = urls.generate()

    assert set(lists) == set(urls.PAGE_TYPES)
    for page_type, addresses in lists.items():
        if page_type not in ("healthz", "home"):
            assert len(set(addresses)) >= urls.MINIMUM, page_type
    public_slugs = set(Output.objects.published().values_list("slug", flat=True))
    assert {address.split("/")[2] for address in lists["output"]} <= public_slugs
    searches = [address.split("q=", 1)[1] for address in lists["library_search"]]
    assert any("+" in term and not term.startswith("%22") for term in searches), "two-word queries"
    assert any(term.startswith("%22") for term in searches), "quoted phrases"
    # The global search page comes with the search app (issue 4), measured as errors until then.
    for page_type in ("home", "library", "library_one_filter", "library_two_filters", "output", "city"):
        assert client.get(lists[page_type][-1]).status_code == 200, page_type
    deep_dive = client.get(lists["deep_dive"][0])
    assert b"Technical Deep Dive on" in deep_dive.content


def test_results_file_has_the_documented_shape_and_says_which_targets_are_met(tmp_path):
    def figures(requests, p95_ms, not_2xx=0):
        return {
            "requests": requests,
            "duration_us": 10_000_000,
            "not_2xx": not_2xx,
            "connect": 0,
            "read": 0,
            "write": 0,
            "timeout": 0,
            "p50_us": p95_ms * 500,
            "p95_us": p95_ms * 1000,
            "p99_us": p95_ms * 1500,
            "max_us": p95_ms * 2000,
        }

    floor = report.page_result(figures(20_000, 5), urls=1, floor_rps=None)
    pages = {
        "healthz": floor,
        "output": report.page_result(figures(4_000, 20), urls=250, floor_rps=floor["rps"]),
        "library_search": report.page_result(figures(100, 400, not_2xx=3), urls=250, floor_rps=floor["rps"]),
    }
    path = tmp_path / "results" / "latest.json"
    report.write_results(
        report.results(pages, dataset={"build_seconds": 1.0}, machine={"cores": 2}, run={}), path
    )

    written = json.loads(path.read_text())
    assert written["pages"]["output"] == {
        "rps": 400.0,
        "p50_ms": 10.0,
        "p95_ms": 20.0,
        "p99_ms": 30.0,
        "errors": 0,
        "ratio_to_floor": 0.2,
        "urls": 250,
        "requests": 4000,
        "error_statuses": "",
    }
    assert written["pages"]["library_search"]["errors"] == 3
    assert written["targets_met"]["output"]["met"] is True
    assert written["targets_met"]["library_search"] == {
        "no_errors": False,
        "p95_under_150_ms": False,
        "ratio_at_least_0.02": False,
        "met": False,
    }
    assert written["targets_met"]["all"] is False
    assert written["dataset"]["build_seconds"] == 1.0
    assert "| output | 250 | 400.0 |" in report.table(written)
