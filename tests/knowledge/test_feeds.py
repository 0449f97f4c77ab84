"""RSS and Atom feeds of newly published outputs, read with a feed parser as a feed reader would."""

import datetime

import feedparser
import pytest
from django.test import override_settings
from django.utils import timezone
from lxml import html as lxml_html

from cities.models import City
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def parsed(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def program():
    compact = builders.theme("Compact Cities")
    smart = builders.theme("Smart Cities")
    toyama = builders.city("Toyama")
    yokohama = builders.city("Yokohama")
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT)
    light_rail = builders.output(
        "Toyama's light rail",
        summary="How a tram line reshaped the city centre.",
        authors="Aiko Tanaka\nJohn Smith",
        themes=[compact],
        cities=[toyama, narayanganj],
        published_at=days_ago(1),
    )
    builders.attachment(light_rail, "light-rail.pdf", b"%PDF-1.4 first")
    builders.attachment(light_rail, "map.png", builders.png_bytes(), content_type="image/png")
    dashboards = builders.output(
        "Smart city dashboards", themes=[smart], cities=[yokohama], published_at=days_ago(3)
    )
    older = builders.output(
        "An older compact city note", themes=[compact], cities=[toyama], published_at=days_ago(9)
    )
    hidden = [
        builders.output(
            "Draft on compact cities", status=Output.Status.DRAFT, themes=[compact], cities=[toyama]
        ),
        builders.output(
            "Embargoed", published_at=timezone.now() + datetime.timedelta(days=1), themes=[compact]
        ),
        builders.output("Archived", status=Output.Status.ARCHIVED, published_at=days_ago(2), cities=[toyama]),
    ]
    return {"light_rail": light_rail, "dashboards": dashboards, "older": older, "hidden": hidden}


def test_the_rss_feed_lists_new_outputs_newest_first(client, program):
    response, feed = parsed(client, "/feeds/outputs.rss")
    light_rail = program["light_rail"]

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert feed.version == "rss20"
    assert feed.feed.title == "New in the CPP Knowledge Portal"
    assert feed.feed.link == f"{SITE}/knowledge/"
    assert feed.feed.language == "en"
    assert [entry.title for entry in feed.entries] == [
        "Toyama's light rail",
        "Smart city dashboards",
        "An older compact city note",
    ]
    entry = feed.entries[0]
    assert entry.link == f"{SITE}{light_rail.get_absolute_url()}"
    assert entry.summary == "How a tram line reshaped the city centre."
    assert entry.author == "Aiko Tanaka, John Smith"
    assert [tag.term for tag in entry.tags] == ["Compact Cities"]
    assert datetime.datetime(
        *entry.published_parsed[:6], tzinfo=datetime.UTC
    ) == light_rail.published_at.replace(microsecond=0)
    # RSS allows one enclosure an item: the first file.
    pdf = light_rail.attachments.get(display_name="light-rail.pdf")
    assert [(e.href, e.type, e.length) for e in entry.enclosures] == [
        (f"{SITE}{pdf.get_absolute_url()}", "application/pdf", str(pdf.size))
    ]
    assert b"".join(client.get(pdf.get_absolute_url()).streaming_content) == b"%PDF-1.4 first"


def test_the_atom_feed_carries_every_file(client, program):
    response, feed = parsed(client, "/feeds/outputs.atom")

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert feed.version == "atom10"
    assert feed.feed.subtitle == "Knowledge outputs newly published by the City Partnership Program."
    entry = feed.entries[0]
    assert entry.id == f"{SITE}{program['light_rail'].get_absolute_url()}"
    assert [enclosure.type for enclosure in entry.enclosures] == ["application/pdf", "image/png"]
    assert entry.updated_parsed is not None


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/outputs.rss",
        "/feeds/outputs.atom",
        "/feeds/themes/compact-cities.rss",
        "/feeds/cities/toyama.atom",
    ],
)
def test_nothing_unpublished_is_in_any_feed(client, program, path):
    response, feed = parsed(client, path)

    titles = {entry.title for entry in feed.entries}
    for hidden in program["hidden"]:
        assert hidden.title not in titles
        assert hidden.slug.encode() not in response.content


@pytest.mark.parametrize("extension", ["rss", "atom"])
def test_a_theme_feed_has_only_that_themes_outputs(client, program, extension):
    _response, feed = parsed(client, f"/feeds/themes/compact-cities.{extension}")

    assert feed.feed.title == "New on Compact Cities · CPP Knowledge Portal"
    assert feed.feed.link == f"{SITE}/themes/compact-cities/"
    assert [entry.title for entry in feed.entries] == ["Toyama's light rail", "An older compact city note"]


@pytest.mark.parametrize("extension", ["rss", "atom"])
def test_a_city_feed_has_only_that_citys_outputs(client, program, extension):
    _response, toyama = parsed(client, f"/feeds/cities/toyama.{extension}")
    _response, narayanganj = parsed(client, f"/feeds/cities/narayanganj.{extension}")

    assert toyama.feed.title == "New about Toyama · CPP Knowledge Portal"
    assert toyama.feed.link == f"{SITE}/cities/toyama/"
    assert [entry.title for entry in toyama.entries] == ["Toyama's light rail", "An older compact city note"]
    assert [entry.title for entry in narayanganj.entries] == ["Toyama's light rail"]


@pytest.mark.parametrize(
    "path", ["/feeds/themes/no-such-theme.rss", "/feeds/cities/atlantis.atom", "/feeds/outputs.json"]
)
def test_an_unknown_feed_is_not_found(client, program, path):
    assert client.get(path).status_code == 404


def test_a_feed_keeps_to_the_newest(client, program):
    with override_settings(FEED_SIZE=2):
        _response, feed = parsed(client, "/feeds/outputs.rss")

    assert [entry.title for entry in feed.entries] == ["Toyama's light rail", "Smart city dashboards"]


def test_the_japanese_feed_links_to_the_japanese_pages(client, program):
    path = program["light_rail"].get_absolute_url()

    _response, feed = parsed(client, "/ja/feeds/outputs.rss")

    assert feed.feed.language == "ja"
    assert feed.entries[0].link == f"{SITE}/ja{path}"


@pytest.mark.parametrize(
    ("page", "feeds"),
    [
        ("/", ("/feeds/outputs.rss", "/feeds/outputs.atom")),
        ("/knowledge/", ("/feeds/outputs.rss", "/feeds/outputs.atom")),
        (
            "/themes/compact-cities/",
            ("/feeds/themes/compact-cities.rss", "/feeds/themes/compact-cities.atom"),
        ),
        ("/cities/toyama/", ("/feeds/cities/toyama.rss", "/feeds/cities/toyama.atom")),
    ],
)
def test_pages_announce_their_feeds_and_the_feeds_work(client, program, page, feeds):
    document = lxml_html.fromstring(client.get(page).content)

    announced = document.xpath(
        '//head/link[@rel="alternate"][@type="application/rss+xml" or @type="application/atom+xml"]'
    )
    assert [link.get("href") for link in announced] == list(feeds)
    assert [link.get("type") for link in announced] == ["application/rss+xml", "application/atom+xml"]
    assert all(link.get("title") for link in announced)
    if page != "/":
        assert document.xpath('//a[@type="application/rss+xml"]/@href') == [feeds[0]]
    for feed in feeds:
        assert parsed(client, feed)[1].entries


def test_a_feed_runs_the_same_queries_whatever_its_length(client, program, django_assert_num_queries):
    compact = program["light_rail"].themes.get()
    for index in range(6):
        output = builders.output(f"More on compact cities {index}", themes=[compact])
        builders.attachment(output, f"more-{index}.pdf")

    # The theme, the outputs, their themes, their files.
    with django_assert_num_queries(4):
        _response, feed = parsed(client, "/feeds/themes/compact-cities.atom")
    assert len(feed.entries) == 8
