"""The home page: what the program is, and a way into outputs, deep dives, themes and cities."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from cities.models import City
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db

CLIENT = City.Role.CLIENT
HIDDEN_STATUSES = [
    Output.Status.DRAFT,
    Output.Status.SUBMITTED,
    Output.Status.CHANGES_REQUESTED,
    Output.Status.ARCHIVED,
    Output.Status.WITHDRAWN,
]


def text_of(html: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities decoded, white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section_html(response, heading_id: str) -> str:
    html = response.content.decode()
    found = re.search(rf'<section[^>]* aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    return found.group(1) if found else ""


def card_titles(html: str) -> list[str]:
    return [text_of(title) for title in re.findall(r'<h3 class="card__title">(.*?)</h3>', html, re.S)]


def links(html: str) -> dict[str, str]:
    return {
        text_of(label): unescape(href)
        for href, label in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)
    }


def city_column(response, heading: str) -> list[str]:
    """The entries under one of the two city headings ("Partner cities", "Client cities")."""
    cities = section_html(response, "cities-heading")
    column = re.search(rf"<h3>{heading}</h3>\s*<ul[^>]*>(.*?)</ul>", cities, re.S).group(1)
    return [text_of(item) for item in re.findall(r"<li>(.*?)</li>", column, re.S)]


def _hidden_outputs(**fields) -> None:
    """An output in every state that must never show publicly, each featured to tempt the page."""
    for status in HIDDEN_STATUSES:
        builders.output(f"Hidden {status.label} output", status=status, featured=True, **fields)
    builders.output(
        "Embargoed output", featured=True, published_at=timezone.now() + datetime.timedelta(days=2), **fields
    )


def test_home_explains_the_program(client):
    response = client.get("/")

    assert response.status_code == 200
    hero = text_of(section_html(response, "hero-heading"))
    assert "City Partnership Program" in hero
    assert "Tokyo Development Learning Center (TDLC)" in hero
    assert "Kitakyushu, Kobe, Toyama and Yokohama" in hero
    assert "July 2016" in hero
    assert "Technical Deep Dives" in hero
    assert links(section_html(response, "hero-heading")) == {
        "Browse the library": "/knowledge/",
        "Read the lessons": "/lessons/",
    }


def test_an_empty_portal_says_nothing_is_published_yet(client):
    response = client.get("/")

    assert text_of(section_html(response, "latest-heading")) == (
        "Latest outputs Nothing has been published yet."
    )
    assert section_html(response, "featured-heading") == ""
    assert section_html(response, "deep-dives-heading") == ""
    assert section_html(response, "themes-heading") == ""


def test_featured_shows_only_published_featured_outputs_newest_first(client):
    builders.output("Featured toolkit", featured=True, publication_date=datetime.date(2019, 5, 1))
    builders.output("Featured guide", featured=True, publication_date=datetime.date(2021, 3, 1))
    builders.output("Ordinary note", publication_date=datetime.date(2022, 1, 1))
    _hidden_outputs(publication_date=datetime.date(2023, 1, 1))

    response = client.get("/")

    assert card_titles(section_html(response, "featured-heading")) == ["Featured guide", "Featured toolkit"]
    assert links(section_html(response, "featured-heading"))["Featured guide"] == "/knowledge/featured-guide/"


def test_at_most_three_outputs_are_featured(client):
    for year in range(2015, 2020):
        builders.output(f"Featured {year}", featured=True, publication_date=datetime.date(year, 1, 1))

    response = client.get("/")

    assert card_titles(section_html(response, "featured-heading")) == [
        "Featured 2019",
        "Featured 2018",
        "Featured 2017",
    ]


def test_latest_outputs_are_the_six_newest_published(client):
    for year in range(2013, 2021):
        builders.output(f"Note of {year}", publication_date=datetime.date(year, 6, 1))
    _hidden_outputs(publication_date=datetime.date(2024, 1, 1))

    response = client.get("/")

    latest = section_html(response, "latest-heading")
    assert card_titles(latest) == [f"Note of {year}" for year in range(2020, 2014, -1)]
    assert links(latest)["All outputs"] == "/knowledge/"


def test_recent_deep_dives_are_the_three_latest(client):
    yokohama = builders.city("Yokohama")
    for year in range(2016, 2020):
        builders.deep_dive(f"Sample deep dive {year}", hosts=[yokohama], start_date=datetime.date(year, 3, 1))
    builders.deep_dive("Sample deep dive without dates", hosts=[yokohama])

    response = client.get("/")

    deep_dives = section_html(response, "deep-dives-heading")
    assert card_titles(deep_dives) == [
        "Sample deep dive 2019",
        "Sample deep dive 2018",
        "Sample deep dive 2017",
    ]
    assert "Hosted by Yokohama" in text_of(deep_dives)
    assert links(deep_dives)["All deep dives"] == "/deep-dives/"


def test_themes_show_counts_of_published_outputs_and_their_lessons(client):
    compact = builders.theme("Compact Cities")
    smart = builders.theme("Smart Cities")
    drafts_only = builders.theme("Services for an Ageing Population")
    toyama = builders.city("Toyama")
    first = builders.output("First compact note", themes=[compact])
    builders.output("Second compact note", themes=[compact, smart])
    builders.lesson(first, toyama, "A compact lesson", themes=[compact])
    _hidden_outputs(themes=[compact, drafts_only])
    for status in HIDDEN_STATUSES:
        hidden = Output.objects.get(status=status)
        builders.lesson(hidden, toyama, f"Lesson of the {status.label} output", themes=[compact, drafts_only])

    response = client.get("/")

    themes = section_html(response, "themes-heading")
    tiles = re.findall(r'<a class="theme-tile" href="([^"]+)">(.*?)</a>', themes, re.S)
    assert [(href, text_of(tile)) for href, tile in tiles] == [
        ("/themes/compact-cities/", "Compact Cities 2 outputs · 1 lesson"),
        ("/themes/smart-cities/", "Smart Cities 1 output · 0 lessons"),
    ]


def test_partner_and_client_cities_are_listed_with_links(client):
    builders.city("Yokohama")
    builders.city("Toyama")
    builders.city("Narayanganj", role=CLIENT)
    builders.city("Sample City", role=CLIENT, country="Sampleland")

    response = client.get("/")

    assert city_column(response, "Partner cities") == ["Toyama Japan", "Yokohama Japan"]
    assert city_column(response, "Client cities") == ["Narayanganj Bangladesh", "Sample City Sampleland"]
    cities = links(section_html(response, "cities-heading"))
    assert cities["Toyama"] == "/cities/toyama/"
    assert cities["Sample City"] == "/cities/sample-city/"
    # Everything fits, so there is no link to more.
    assert not any(label.startswith("All ") for label in cities)


def test_beyond_twelve_cities_a_link_leads_to_all_of_them(client):
    for number in range(1, 15):
        builders.city(f"Partner {number:02}")
    builders.city("Narayanganj", role=CLIENT)

    response = client.get("/")

    assert city_column(response, "Partner cities") == [
        f"Partner {number:02} Japan" for number in range(1, 13)
    ]
    assert links(section_html(response, "cities-heading"))["All 14 partner cities"] == "/cities/?role=partner"


def test_nothing_unpublished_appears_anywhere_on_the_page(client):
    compact = builders.theme("Compact Cities")
    toyama = builders.city("Toyama")
    builders.output("Published note", themes=[compact], cities=[toyama], featured=True)
    _hidden_outputs(themes=[compact], cities=[toyama], publication_date=datetime.date(2030, 1, 1))

    response = client.get("/")

    text = text_of(response.content.decode())
    assert "Published note" in text
    assert "Hidden" not in text
    assert "Embargoed" not in text
    assert "Compact Cities 1 output · 0 lessons" in text


@pytest.mark.parametrize("count", [5, 50])
def test_home_runs_fixed_queries(client, django_assert_num_queries, count):
    themes = [builders.theme(f"Theme {number}") for number in range(count)]
    host = builders.city("Yokohama")
    for number in range(count):
        city = builders.city(f"Client {number:02}", role=CLIENT)
        builders.city(f"Partner {number:02}")
        deep_dive = builders.deep_dive(f"Deep dive {number}", hosts=[host], themes=themes[:2])
        output = builders.output(
            f"Note {number}",
            featured=number % 2 == 0,
            themes=themes[:3],
            cities=[city, host],
            deep_dive=deep_dive,
        )
        builders.lesson(output, city, themes=[themes[number]])
        builders.output(f"Draft {number}", status=Output.Status.DRAFT, themes=themes[:1], featured=True)

    # 1 themes (their counts of outputs and lessons come from the catalogue), 2 COUNT of partner cities,
    # 3 COUNT of client cities, 4 featured outputs, 5 their themes, 6 their cities, 7 latest outputs,
    # 8 their themes, 9 their cities, 10 recent deep dives, 11 their themes, 12 their hosts,
    # 13 twelve partner cities, 14 twelve client cities, 15 the learning flows between them for the map.
    # And once after a change of outputs: 6 to build the catalogue (knowledge/catalogue.py), 1 for the
    # lessons per theme. The featured and latest outputs are chosen by the catalogue, and loaded with their
    # published translations: 1 more query for each.
    with django_assert_num_queries(15 + 7 + 2):
        response = client.get("/")
    # Cached: nothing at all.
    with django_assert_num_queries(0):
        again = client.get("/")
    assert len(card_titles(section_html(again, "latest-heading"))) == min(count, 6)

    assert len(card_titles(section_html(response, "latest-heading"))) == min(count, 6)
    assert len(re.findall(r'class="theme-tile"', section_html(response, "themes-heading"))) == count
