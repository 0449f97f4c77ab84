"""Themes: the list at /themes/ with counts, and one theme at /themes/<slug>/ gathering all on it."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cities.models import City
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db

THEMES = reverse("knowledge:theme_list")
HIDDEN_STATES = [*(status for status in Output.Status if status != Output.Status.PUBLISHED), "embargoed"]


def unpublished_output(state: str, **fields) -> Output:
    if state == "embargoed":
        return builders.output(published_at=timezone.now() + datetime.timedelta(days=2), **fields)
    return builders.output(status=state, **fields)


def tile_counts(response) -> dict[str, str]:
    """The counts line of each theme tile, by theme name."""
    tiles = re.findall(
        r'<span class="theme-tile__name">(.*?)</span>\s*<span class="theme-tile__counts">(.*?)</span>',
        response.content.decode(),
        re.S,
    )
    return {html.unescape(name): " ".join(counts.split()) for name, counts in tiles}


def section_titles(response, heading_id: str) -> list[str]:
    """Card titles in the section labelled by `heading_id`, in page order."""
    section = re.search(
        rf'<section aria-labelledby="{heading_id}">(.*?)</section>', response.content.decode(), re.S
    ).group(1)
    return [
        html.unescape(title)
        for title in re.findall(r'class="card__title"><a href="[^"]*">(.*?)</a>', section)
    ]


def test_each_theme_shows_its_published_outputs_and_lessons(client):
    compact = builders.theme("Compact Cities", position=1)
    smart = builders.theme("Smart Cities", position=2)
    builders.theme("Disaster Risk Management", position=3)
    toyama = builders.city("Toyama")
    for number in range(3):
        output = builders.output(themes=[compact, smart] if number == 0 else [compact])
        builders.lesson(output, toyama, themes=[compact])
    builders.lesson(builders.output(themes=[smart]), toyama, themes=[smart, compact])
    for state in HIDDEN_STATES:
        hidden = unpublished_output(state, themes=[compact, smart])
        builders.lesson(hidden, toyama, themes=[compact, smart])

    response = client.get(THEMES)

    assert response.status_code == 200
    assert tile_counts(response) == {
        "Compact Cities": "3 outputs · 4 lessons",
        "Smart Cities": "2 outputs · 1 lesson",
        "Disaster Risk Management": "0 outputs · 0 lessons",
    }


def test_themes_link_to_their_pages_in_their_order(client):
    builders.theme("Smart Cities", position=2)
    builders.theme("Compact Cities", position=1)

    page = client.get(THEMES).content.decode()

    assert re.findall(r'<a class="theme-tile" href="([^"]*)">', page) == [
        "/themes/compact-cities/",
        "/themes/smart-cities/",
    ]


# 1 query: the themes; their counts come from the catalogue of the current content state. The first
# request after a change of outputs, lessons or names builds it again: 6 queries for the catalogue, 1 for
# the lessons per theme.
THEME_LIST_QUERIES = 1
REBUILD_QUERIES = 7


def test_the_number_of_queries_of_the_theme_list_is_fixed(client, django_assert_num_queries):
    themes = [builders.theme() for _ in range(3)]
    city = builders.city()
    with django_assert_num_queries(REBUILD_QUERIES + THEME_LIST_QUERIES):
        client.get(THEMES)
    with django_assert_num_queries(THEME_LIST_QUERIES):
        client.get(THEMES)

    themes += [builders.theme() for _ in range(12)]
    for theme in themes:
        for _ in range(3):
            builders.lesson(builders.output(themes=[theme]), city, themes=[theme])
    with django_assert_num_queries(REBUILD_QUERIES + THEME_LIST_QUERIES):
        client.get(THEMES)
    with django_assert_num_queries(THEME_LIST_QUERIES):
        response = client.get(THEMES)

    assert set(tile_counts(response).values()) == {"3 outputs · 3 lessons"}


@pytest.fixture
def compact():
    """The Compact Cities theme with something of every sort on it, and things that must not show."""
    theme = builders.theme("Compact Cities", summary="Denser, walkable cities built around transit.")
    other = builders.theme("Smart Cities")
    toyama = builders.city("Toyama", themes=[theme])
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT, themes=[theme])
    builders.city("Yokohama", themes=[other])
    builders.deep_dive("TDD on Compact Cities", themes=[theme], hosts=[toyama])
    builders.deep_dive("TDD on Smart Cities", themes=[other])
    published = builders.output(
        "Light rail case study", themes=[theme], publication_date=datetime.date(2018, 1, 1)
    )
    builders.output(
        "Densification toolkit", themes=[theme, other], publication_date=datetime.date(2019, 1, 1)
    )
    builders.output("Smart city report", themes=[other])
    builders.lesson(published, toyama, "Link transit and land use", themes=[theme])
    builders.lesson(published, narayanganj, "A lesson on another theme", themes=[other])
    for state in HIDDEN_STATES:
        hidden = unpublished_output(state, title=f"Hidden output {state}", themes=[theme])
        builders.lesson(hidden, toyama, f"Hidden lesson {state}", themes=[theme])
    return theme


def test_a_theme_page_gathers_its_published_outputs_lessons_deep_dives_and_cities(client, compact):
    response = client.get(compact.get_absolute_url())
    page = html.unescape(response.content.decode())

    assert response.status_code == 200
    assert "<h1>Compact Cities</h1>" in page
    assert "Denser, walkable cities built around transit." in page
    assert section_titles(response, "outputs-heading") == ["Densification toolkit", "Light rail case study"]
    assert section_titles(response, "lessons-heading") == ["Link transit and land use"]
    assert section_titles(response, "deep-dives-heading") == ["TDD on Compact Cities"]
    # Partner cities first.
    assert section_titles(response, "cities-heading") == ["Toyama", "Narayanganj"]
    assert "Hidden" not in page


def test_a_theme_page_links_to_all_its_outputs_and_lessons_with_their_numbers(client, compact):
    page = html.unescape(client.get(compact.get_absolute_url()).content.decode())

    assert (
        '<a class="button" href="/knowledge/?theme=compact-cities">See all 2 outputs in the library</a>'
        in page
    )
    assert '<a class="button" href="/lessons/?theme=compact-cities">See the 1 lesson</a>' in page


def test_a_theme_page_shows_the_first_eight_outputs_of_many(client):
    theme = builders.theme("Transport")
    for number in range(11):
        builders.output(
            f"Output {number:02}", themes=[theme], publication_date=datetime.date(2000 + number, 1, 1)
        )

    response = client.get(theme.get_absolute_url())

    assert section_titles(response, "outputs-heading") == [f"Output {n:02}" for n in range(10, 2, -1)]
    assert "See all 11 outputs in the library" in response.content.decode()


def test_a_theme_with_nothing_published_says_so(client):
    theme = builders.theme("Empty theme")
    unpublished_output(Output.Status.DRAFT, themes=[theme])

    page = client.get(theme.get_absolute_url()).content.decode()

    assert "No published output on this theme yet." in page
    assert "No lesson on this theme yet." in page
    assert "No deep dive on this theme yet." in page
    assert "No city is linked to this theme yet." in page


def test_an_unknown_theme_is_not_found(client):
    response = client.get("/themes/no-such-theme/")

    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.fixture
def add_to_theme():
    theme = builders.theme("Busy theme")

    def add(count: int):
        for _ in range(count):
            city = builders.city(themes=[theme])
            output = builders.output(themes=[theme], cities=[city])
            builders.lesson(output, city, themes=[theme])
            builders.deep_dive(themes=[theme], hosts=[city])
            builders.output(status=Output.Status.DRAFT, themes=[theme])

    return theme, add


# 22 queries: the theme; three COUNTs (cities, deep dives, lessons); the outputs with their themes, cities
# and published translations; the lessons (city and source output joined) with their themes; the deep
# dives with their themes and host cities; the cities with their themes. The outputs and their count come
# from the catalogue, which a new content state builds in 6 queries, after one for the next embargo date.
THEME_DETAIL_QUERIES = 22


def test_the_number_of_queries_of_a_theme_page_is_fixed(client, django_assert_num_queries, add_to_theme):
    theme, add = add_to_theme
    add(5)
    with django_assert_num_queries(THEME_DETAIL_QUERIES):
        small = client.get(theme.get_absolute_url())

    add(45)
    with django_assert_num_queries(THEME_DETAIL_QUERIES):
        large = client.get(theme.get_absolute_url())

    assert len(section_titles(small, "outputs-heading")) == 5
    assert len(section_titles(large, "outputs-heading")) == 8
    assert "See all 50 outputs in the library" in large.content.decode()
