"""An edit renews the lists of outputs (the library's catalogue, the home page, the lessons) only when it
changes what they show: a summary, a body or a file renews the output's own page and card, not every
list. Run on PostgreSQL and again on SQLite (tests/search/test_on_sqlite.py), whose triggers differ."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content_state import versions
from content_state.models import ContentChange
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db


def scopes_renewed_by(**changes) -> set[str]:
    """The scopes that the database logs for a bulk update (no signal, as a script's would be)."""
    ContentChange.objects.all().delete()
    Output.objects.filter(title="Light rail note").update(**changes)
    return set(ContentChange.objects.values_list("scope", flat=True))


@pytest.fixture
def note():
    toyama = builders.city("Toyama")
    output = builders.output("Light rail note", cities=[toyama])
    builders.lesson(output, toyama, "Rail lesson")
    return output


def test_a_summary_or_body_edit_renews_the_output_but_no_list(note):
    for change in ({"summary": "Trams came back."}, {"body": "A longer story."}, {"authors": "A. Author"}):
        renewed = scopes_renewed_by(**change)
        assert f"output:{note.pk}" in renewed and f"outputs-of-city:{note.cities.get().pk}" in renewed
        assert "outputs" not in renewed and "lessons" not in renewed, change


@pytest.mark.parametrize(
    "change, lists",
    [
        ({"title": "Trams"}, {"outputs", "lessons"}),
        ({"status": Output.Status.ARCHIVED}, {"outputs", "lessons"}),
        ({"published_at": timezone.now() + datetime.timedelta(days=1)}, {"outputs", "lessons"}),
        ({"kind": Output.Kind.TOOLKIT}, {"outputs", "lessons"}),
        ({"slug": "trams"}, {"lessons"}),
        ({"featured": True}, {"outputs"}),
        ({"language": "ja"}, {"outputs"}),
        ({"publication_date": datetime.date(2001, 1, 1)}, {"outputs"}),
    ],
)
def test_a_change_of_what_a_list_shows_renews_that_list(note, change, lists):
    renewed = scopes_renewed_by(**change)
    assert renewed & {"outputs", "lessons"} == lists


def test_a_new_or_deleted_output_renews_the_lists(note):
    # Written without the ORM's signals (whose handler syncs the log at once), as a script would.
    ContentChange.objects.all().delete()
    Output.objects.bulk_create(
        [Output(title="Harbour note", slug="harbour-note", kind="report", summary="S.")]
    )
    assert "outputs" in set(ContentChange.objects.values_list("scope", flat=True))
    ContentChange.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM knowledge_output WHERE slug = %s", ["harbour-note"])
    assert {"outputs", "lessons"} <= set(ContentChange.objects.values_list("scope", flat=True))


def test_the_home_page_stays_cached_after_an_edit_of_an_output_it_does_not_show(client):
    shown = builders.output("Shown on the home page")
    for number in range(12):
        builders.output(f"Older note {number}", publication_date=datetime.date(2001, 1, 1))
    hidden = Output.objects.get(title="Older note 0")
    client.get("/")
    hidden.summary = "Edited where the home page does not look."
    hidden.save()
    versions.sync()
    with CaptureQueriesContext(connection) as queries:
        home = client.get("/").content.decode()
    assert len(queries) <= 3, [query["sql"][:120] for query in queries]

    shown.summary = "Edited on the home page."
    shown.save()
    versions.sync()
    assert "Edited on the home page." in client.get("/").content.decode()
    assert "Shown on the home page" in home
