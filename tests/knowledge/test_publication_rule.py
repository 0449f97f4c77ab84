"""One rule of who may see an output (`knowledge.models.Publication`), and every path that shows outputs
to the public agrees with it: the ORM, the search index's SQL, the library's catalogue, the feeds, OAI-PMH,
the sitemap, and a lesson's page (lessons follow their output)."""

import datetime

import feedparser
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from cpp_portal import search
from knowledge.catalogue import Catalogue
from knowledge.models import Lesson, Output, Publication
from tests import builders

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def outputs_in_every_state():
    """One output per status, and published ones before, without and after their publication time. The
    word "harbourlight" is in every title, so that search finds whichever it may."""
    now = timezone.now()
    states = {
        "public": {"status": Output.Status.PUBLISHED, "published_at": now - DAY},
        "scheduled": {"status": Output.Status.PUBLISHED, "published_at": now + DAY},
        "draft": {"status": Output.Status.DRAFT},
        "submitted": {"status": Output.Status.SUBMITTED},
        "changes requested": {"status": Output.Status.CHANGES_REQUESTED},
        "archived after publication": {"status": Output.Status.ARCHIVED, "published_at": now - 2 * DAY},
        "withdrawn": {"status": Output.Status.WITHDRAWN},
    }
    city = builders.city("Toyama")
    created = {}
    for name, fields in states.items():
        output = builders.output(f"Harbourlight {name}", cities=[city], **fields)
        builders.lesson(output, city, f"Lesson of {name}")
        created[name] = output
    return created


def public_titles(outputs) -> set[str]:
    return {output.title for output in outputs if Publication.holds(output)}


def test_the_rule_holds_only_for_published_outputs_whose_time_has_come(outputs_in_every_state):
    assert public_titles(outputs_in_every_state.values()) == {"Harbourlight public"}
    assert set(Output.objects.published().values_list("title", flat=True)) == {"Harbourlight public"}
    assert set(Output.objects.filter(Publication.scheduled_q()).values_list("title", flat=True)) == {
        "Harbourlight scheduled"
    }
    assert set(Lesson.objects.published().values_list("title", flat=True)) == {"Lesson of public"}


def test_the_sql_form_selects_what_the_orm_form_selects(outputs_in_every_state):
    condition, params = Publication.scheduled_or_public_sql("o")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT o.title FROM {Output._meta.db_table} o WHERE {condition}", params)
        selected = {row[0] for row in cursor.fetchall()}
    expected = set(Output.objects.filter(Publication.scheduled_or_public_q()).values_list("title", flat=True))
    assert selected == expected == {"Harbourlight public", "Harbourlight scheduled"}


def test_every_public_path_shows_exactly_the_public_output(client, outputs_in_every_state):
    public = outputs_in_every_state["public"]
    expected_ids = {public.pk}

    assert set(Catalogue.from_database().pk.tolist()) == expected_ids
    assert set(search.search(search.parse("harbourlight"), search.OUTPUT).ids) == expected_ids
    assert set(search_result_titles(client)) == {public.title}

    feed = feedparser.parse(client.get(reverse("knowledge:output_feed")).content)
    assert [entry.title for entry in feed.entries] == [public.title]

    oai = etree.fromstring(client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc").content)
    namespaces = {"oai": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}
    live = oai.xpath("//oai:record[not(oai:header/@status)]//dc:title/text()", namespaces=namespaces)
    assert live == [public.title]

    sitemap = client.get("/sitemap-outputs.xml").content.decode()
    assert public.slug in sitemap
    for name, output in outputs_in_every_state.items():
        if name != "public":
            assert output.slug not in sitemap
            assert client.get(output.get_absolute_url()).status_code == 404
            assert client.get(output.lessons.get().get_absolute_url()).status_code == 404
    assert client.get(public.lessons.get().get_absolute_url()).status_code == 200


def search_result_titles(client) -> list[str]:
    page = client.get("/search/?q=harbourlight").content.decode()
    tree = etree.HTML(page)
    return [link.text for link in tree.xpath("//section[@id='results-output']//h3/a")]
