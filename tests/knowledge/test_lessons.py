"""Lessons: the list at /lessons/ with its filters, and one lesson at /lessons/<slug>/."""

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from cities.models import City
from knowledge.models import Output
from tests import builders
from tests.knowledge.test_library import (
    facet_counts,
    problems_shown,
    result_count,
    shown_facets,
    shown_titles,
)

pytestmark = pytest.mark.django_db

LESSONS = reverse("knowledge:lesson_list")


def unpublished_output(state: str, **fields) -> Output:
    if state == "embargoed":
        return builders.output(published_at=timezone.now() + datetime.timedelta(days=2), **fields)
    return builders.output(status=state, **fields)


HIDDEN_STATES = [*(status for status in Output.Status if status != Output.Status.PUBLISHED), "embargoed"]


@pytest.fixture
def lessons():
    """Published lessons:

    title                 city         themes           source output published
    Walkable centre       Toyama       compact          2019
    Tram and housing      Toyama       compact, smart   2018
    Open data portal      Yokohama     smart            2017
    Flood maps            Narayanganj  drm              2016

    and a lesson on every theme and city from each kind of hidden output.
    """
    compact = builders.theme("Compact Cities")
    smart = builders.theme("Smart Cities")
    drm = builders.theme("Disaster Risk Management")
    toyama = builders.city("Toyama")
    yokohama = builders.city("Yokohama")
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT)

    def lesson_from_output_of(year, city, title, themes):
        source = builders.output(f"Source of {title}", publication_date=datetime.date(year, 1, 1))
        return builders.lesson(source, city, title, themes=themes)

    lesson_from_output_of(2019, toyama, "Walkable centre", [compact])
    lesson_from_output_of(2018, toyama, "Tram and housing", [compact, smart])
    lesson_from_output_of(2017, yokohama, "Open data portal", [smart])
    lesson_from_output_of(2016, narayanganj, "Flood maps", [drm])
    for state in HIDDEN_STATES:
        hidden = unpublished_output(state, title=f"Hidden output {state}")
        for city in (toyama, yokohama, narayanganj):
            builders.lesson(hidden, city, f"Hidden lesson {state} {city.slug}", themes=[compact, smart, drm])


def test_lists_only_lessons_of_published_outputs_newest_source_first(client, lessons):
    response = client.get(LESSONS)

    assert response.status_code == 200
    assert shown_titles(response) == ["Walkable centre", "Tram and housing", "Open data portal", "Flood maps"]
    assert result_count(response) == "4 lessons"
    assert "Hidden" not in response.content.decode()


def test_each_lesson_card_names_its_city_and_source(client, lessons):
    page = html.unescape(client.get(LESSONS).content.decode())

    card = re.search(
        r'<article class="card lesson-card">(?:(?!</article>).)*Flood maps.*?</article>', page, re.S
    )
    assert ">Narayanganj</a>" in card.group(0)
    assert "From <a href=" in card.group(0)
    assert ">Source of Flood maps</a>" in card.group(0)
    assert "The lesson learned." in card.group(0)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=compact-cities", ["Walkable centre", "Tram and housing"]),
        ("theme=disaster-risk-management", ["Flood maps"]),
        ("city=toyama", ["Walkable centre", "Tram and housing"]),
        ("city=narayanganj", ["Flood maps"]),
        (
            "theme=compact-cities&theme=disaster-risk-management",
            ["Walkable centre", "Tram and housing", "Flood maps"],
        ),
        ("city=yokohama&city=narayanganj", ["Open data portal", "Flood maps"]),
        ("theme=smart-cities&city=toyama", ["Tram and housing"]),
        ("theme=disaster-risk-management&city=toyama", []),
    ],
)
def test_filters_by_theme_and_city(client, lessons, query, expected):
    response = client.get(f"{LESSONS}?{query}")

    assert response.status_code == 200
    assert shown_titles(response) == expected
    assert problems_shown(response) == ""


def test_counts_without_filters(client, lessons):
    response = client.get(LESSONS)

    assert facet_counts(response, "theme") == {
        "Compact Cities": 2,
        "Smart Cities": 2,
        "Disaster Risk Management": 1,
    }
    assert facet_counts(response, "city") == {"Toyama": 2, "Narayanganj": 1, "Yokohama": 1}


def test_each_count_is_what_the_choice_gives_under_the_other_filter(client, lessons):
    response = client.get(f"{LESSONS}?theme=smart-cities&city=toyama")

    assert shown_titles(response) == ["Tram and housing"]
    # Themes counted among Toyama's lessons; cities counted among the Smart Cities lessons.
    assert facet_counts(response, "theme") == {"Compact Cities": 2, "Smart Cities": 1}
    assert facet_counts(response, "city") == {"Toyama": 1, "Yokohama": 1}
    ticked = {
        facet: [o.label for o in options if o.selected] for facet, options in shown_facets(response).items()
    }
    assert ticked == {"theme": ["Smart Cities"], "city": ["Toyama"]}


def test_the_link_of_a_ticked_city_removes_it(client, lessons):
    response = client.get(f"{LESSONS}?theme=smart-cities&city=toyama")
    toyama = next(o for o in shown_facets(response)["city"] if o.label == "Toyama")

    assert shown_titles(client.get(LESSONS + toyama.href)) == ["Tram and housing", "Open data portal"]


def test_twenty_lessons_a_page_with_links_that_keep_the_filters(client):
    toyama = builders.city("Toyama")
    other = builders.city("Other")
    for number in range(23):
        source = builders.output(publication_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=number))
        builders.lesson(source, toyama, f"Toyama lesson {number:02}")
        builders.lesson(source, other, f"Other lesson {number:02}")

    first = client.get(f"{LESSONS}?city=toyama")
    page = first.content.decode()
    next_link = html.unescape(re.search(r'<a rel="next" href="([^"]*)"', page).group(1))
    second = client.get(LESSONS + next_link)

    assert result_count(first) == "23 lessons"
    assert shown_titles(first) == [f"Toyama lesson {n:02}" for n in range(22, 2, -1)]
    assert "Page 1 of 2" in page
    assert parse_qs(urlsplit(next_link).query) == {"city": ["toyama"], "page": ["2"]}
    assert shown_titles(second) == ["Toyama lesson 02", "Toyama lesson 01", "Toyama lesson 00"]


@pytest.fixture
def add_lessons():
    themes = [builders.theme(f"Lesson theme {n}") for n in range(3)]
    cities = [builders.city(f"Lesson city {n}") for n in range(3)]

    def add(count: int):
        for number in range(count):
            source = builders.output()
            builders.lesson(source, cities[number % 3], themes=[themes[number % 3], themes[(number + 1) % 3]])
            hidden = builders.output(status=Output.Status.DRAFT)
            builders.lesson(hidden, cities[0], themes=themes)

    return add


# 5 queries: the theme counts and the city counts (one grouped query each), the COUNT for the paginator,
# the page of lessons (with their city and source output joined), and the themes of those lessons.
LESSON_LIST_QUERIES = 5
# Filtering by theme and city adds one query each: the form looks the chosen slugs up.
FILTERED_LESSON_LIST_QUERIES = LESSON_LIST_QUERIES + 2


@pytest.mark.parametrize(
    ("query", "expected_queries"),
    [("", LESSON_LIST_QUERIES), ("theme=lesson-theme-0&city=lesson-city-0", FILTERED_LESSON_LIST_QUERIES)],
)
def test_the_number_of_queries_does_not_grow_with_the_lessons(
    client, django_assert_num_queries, add_lessons, query, expected_queries
):
    add_lessons(5)
    with django_assert_num_queries(expected_queries):
        small = client.get(f"{LESSONS}?{query}")

    add_lessons(45)
    with django_assert_num_queries(expected_queries):
        large = client.get(f"{LESSONS}?{query}")

    assert 0 < len(shown_titles(small)) < len(shown_titles(large)) <= 20


def test_a_lesson_page_shows_the_whole_lesson(client):
    toyama = builders.city("Toyama")
    compact = builders.theme("Compact Cities")
    source = builders.output("Toyama's light rail transit", kind=Output.Kind.CASE_STUDY)
    lesson = builders.lesson(
        source,
        toyama,
        "Link transit and land use",
        themes=[compact],
        challenge="Car dependence was rising.",
        action="Built a light rail line\nand moved housing near it.",
        result="More people walk in the centre.",
        lesson="Transit works when housing follows it.",
        transfer_conditions="A city government that controls zoning.",
    )

    response = client.get(lesson.get_absolute_url())
    page = html.unescape(response.content.decode())

    assert response.status_code == 200
    assert "<h1>Link transit and land use</h1>" in page
    assert "<dt>Challenge</dt><dd>Car dependence was rising.</dd>" in page
    assert "<dt>What was done</dt><dd>Built a light rail line<br>and moved housing near it.</dd>" in page
    assert "<dt>Result</dt><dd>More people walk in the centre.</dd>" in page
    assert '<p class="lead">Transit works when housing follows it.</p>' in page
    assert "<dt>Conditions for transfer</dt><dd>A city government that controls zoning.</dd>" in page
    assert f'<a href="{source.get_absolute_url()}">Toyama\'s light rail transit</a> (Case study)' in page
    assert f'<a href="{toyama.get_absolute_url()}">Toyama</a>' in page
    assert f'<a href="{compact.get_absolute_url()}">Compact Cities</a>' in page


def test_a_lesson_page_escapes_what_editors_typed(client):
    lesson = builders.lesson(builders.output(), builders.city(), challenge="<script>alert(1)</script>")

    page = client.get(lesson.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_lesson_of_an_unpublished_output_is_not_found(client, state):
    lesson = builders.lesson(unpublished_output(state), builders.city(), "Secret lesson")

    response = client.get(lesson.get_absolute_url())

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Secret lesson" not in response.content


# 2 queries: the lesson with its city and source output joined, and its themes.
LESSON_DETAIL_QUERIES = 2


@pytest.mark.parametrize("theme_count", [1, 10])
def test_the_number_of_queries_of_a_lesson_page_is_fixed(client, django_assert_num_queries, theme_count):
    themes = [builders.theme() for _ in range(theme_count)]
    lesson = builders.lesson(builders.output(), builders.city(), themes=themes)

    with django_assert_num_queries(LESSON_DETAIL_QUERIES):
        response = client.get(lesson.get_absolute_url())

    assert all(theme.name in response.content.decode() for theme in themes)
