"""Odd and hostile query strings on /knowledge/ and /lessons/: a normal page that says what it ignored.

Every case must answer 200 with the page's usual content (or a 404), never a 500, and never show
anything unpublished.
"""

import datetime
import re

import pytest
from django.utils import timezone

from knowledge.models import Output
from tests import builders
from tests.knowledge.test_library import facet_counts, problems_shown, shown_facets, shown_titles

pytestmark = pytest.mark.django_db

BIG = "9" * 10_000
OUTPUTS = ["Energy: 100% renewable", "Compact city toolkit"]
LESSONS = ["Walkable centre"]


@pytest.fixture(autouse=True)
def portal():
    compact = builders.theme("Compact Cities")
    toyama = builders.city("Toyama")
    toolkit = builders.output(
        "Compact city toolkit",
        kind=Output.Kind.TOOLKIT,
        themes=[compact],
        cities=[toyama],
        publication_date=datetime.date(2018, 1, 1),
    )
    builders.output("Energy: 100% renewable", publication_date=datetime.date(2019, 1, 1))
    builders.lesson(toolkit, toyama, "Walkable centre", themes=[compact])
    # Hidden outputs and lessons that match every filter and every keyword used below.
    secret_fields = {
        "kind": Output.Kind.TOOLKIT,
        "themes": [compact],
        "cities": [toyama],
        "summary": "Secret ' \" \\ % _ ; drop table -- \ufffd",
        "publication_date": datetime.date(2018, 1, 1),
    }
    draft = builders.output("Secret draft", status=Output.Status.DRAFT, **secret_fields)
    embargoed = builders.output(
        "Secret embargoed", published_at=timezone.now() + datetime.timedelta(days=1), **secret_fields
    )
    for hidden in (draft, embargoed):
        builders.lesson(hidden, toyama, f"Secret lesson of {hidden.title}", themes=[compact])


def invalid_choice(label: str, value: str) -> str:
    return f"{label}: Select a valid choice. {value} is not one of the available choices."


NOT_A_YEAR = "Year: Give years as four-digit numbers, such as 2017."
ONLY_ONE_PAGE = "There is only 1 page; showing it."
NO_WORDS = "Keywords: there is no word to search for, so every output is listed."


def not_a_page(value: str) -> str:
    return f"“{value}” is not a page number; showing the first page."


# (query string as typed, messages the page must show, titles it must list)
LIBRARY_CASES = [
    ("theme=nope", [invalid_choice("Theme", "nope")], OUTPUTS),
    ("kind=poem", [invalid_choice("Kind", "poem")], OUTPUTS),
    (
        "city=atlantis&deep_dive=nope",
        [invalid_choice("City", "atlantis"), invalid_choice("Deep dive", "nope")],
        OUTPUTS,
    ),
    ("language=klingon", [invalid_choice("Language", "klingon")], OUTPUTS),
    ("kind=toolkit&kind=poem", [invalid_choice("Kind", "poem")], OUTPUTS),
    ("theme=nope&kind=toolkit", [invalid_choice("Theme", "nope")], ["Compact city toolkit"]),
    ("year=abc", [NOT_A_YEAR], OUTPUTS),
    ("year=99999", [NOT_A_YEAR], OUTPUTS),
    ("year=1066", [NOT_A_YEAR], OUTPUTS),
    ("year=2018&year=abc", [NOT_A_YEAR], OUTPUTS),
    ("year=%EF%BC%92%EF%BC%90%EF%BC%91%EF%BC%98", [NOT_A_YEAR], OUTPUTS),
    ("page=0", ["Pages start at 1; showing the first page."], OUTPUTS),
    ("page=-1", [not_a_page("-1")], OUTPUTS),
    ("page=99999", [ONLY_ONE_PAGE], OUTPUTS),
    ("page=abc", [not_a_page("abc")], OUTPUTS),
    (f"page={BIG}", [ONLY_ONE_PAGE], OUTPUTS),
    ("sort=;drop table", [invalid_choice("Sort by", ";drop table")], OUTPUTS),
    (
        "sort=%3Bdrop%20table%20knowledge_output%3B--",
        [invalid_choice("Sort by", ";drop table knowledge_output;--")],
        OUTPUTS,
    ),
    ("sort=-title", [invalid_choice("Sort by", "-title")], OUTPUTS),
    # Repeated keys: lists are OR'd, single values take the last.
    ("kind=toolkit&kind=toolkit", [], ["Compact city toolkit"]),
    ("theme=compact-cities&theme=compact-cities&city=toyama&city=toyama", [], ["Compact city toolkit"]),
    ("sort=;drop&sort=title", [], ["Compact city toolkit", "Energy: 100% renewable"]),
    ("sort=title&sort=;drop", [invalid_choice("Sort by", ";drop")], OUTPUTS),
    ("page=1&page=abc", [not_a_page("abc")], OUTPUTS),
    ("q=toolkit&q=renewable", [], ["Energy: 100% renewable"]),
    # NUL bytes are dropped from keys and values.
    ("q=%00", [], OUTPUTS),
    ("q=renew%00able", [], ["Energy: 100% renewable"]),
    ("kind=tool%00kit", [], ["Compact city toolkit"]),
    ("the%00me=compact-cities", [], ["Compact city toolkit"]),
    ("%00=%00", [], OUTPUTS),
    ("theme=%00", [], OUTPUTS),
    ("kind=&theme=&year=", [], OUTPUTS),
    # Bytes that are not UTF-8.
    ("q=%ff%fe", [NO_WORDS], OUTPUTS),
    ("kind=%ff%fe", [invalid_choice("Kind", "\ufffd\ufffd")], OUTPUTS),
    ("theme=%c3%28", [invalid_choice("Theme", "\ufffd(")], OUTPUTS),
    ("%ff%fe=1", [], OUTPUTS),
    # Keywords are text to look for, nothing more.
    # Nothing but punctuation: no word to look for, which the page says.
    ("q=%25", [NO_WORDS], OUTPUTS),
    ("q=100%25", [], ["Energy: 100% renewable"]),
    ("q=_", [NO_WORDS], OUTPUTS),
    ("q=%27", [NO_WORDS], OUTPUTS),
    ("q=%22", [NO_WORDS], OUTPUTS),
    ("q=%5C", [NO_WORDS], OUTPUTS),
    ("q=%5C%25", [NO_WORDS], OUTPUTS),
    ("q=%27%20OR%20%271%27%3D%271", [], []),
    ("q=%25%27%3B%20DROP%20TABLE%20knowledge_output%3B%20--", [], []),
    # Web-search syntax: "toolkit OR 1=1" finds what has either word, and nothing else.
    ("q=toolkit%27)%20OR%201%3D1%20--", [], ["Compact city toolkit"]),
    ("q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", [], []),
]

LESSON_CASES = [
    ("theme=nope", [invalid_choice("Theme", "nope")], LESSONS),
    ("city=atlantis", [invalid_choice("City", "atlantis")], LESSONS),
    ("city=toyama&city=atlantis", [invalid_choice("City", "atlantis")], LESSONS),
    ("page=0", ["Pages start at 1; showing the first page."], LESSONS),
    ("page=-1", [not_a_page("-1")], LESSONS),
    ("page=99999", [ONLY_ONE_PAGE], LESSONS),
    ("page=abc", [not_a_page("abc")], LESSONS),
    (f"page={BIG}", [ONLY_ONE_PAGE], LESSONS),
    ("theme=compact-cities&theme=compact-cities&city=toyama&city=toyama", [], LESSONS),
    ("page=1&page=abc", [not_a_page("abc")], LESSONS),
    ("city=toy%00ama", [], LESSONS),
    ("ci%00ty=toyama", [], LESSONS),
    ("%00=%00", [], LESSONS),
    ("city=%ff%fe", [invalid_choice("City", "\ufffd\ufffd")], LESSONS),
    ("%ff%fe=1", [], LESSONS),
    # Parameters of the library mean nothing here and leave the list as it is.
    ("kind=poem&year=abc&sort=;drop table&q=%27%20OR%201%3D1", [], LESSONS),
]


def assert_normal_page(response, heading: str, messages: list[str], titles: list[str]):
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in page
    assert sorted(shown_titles(response)) == sorted(titles)
    shown = problems_shown(response)
    for message in messages:
        assert message in shown
    if not messages:
        assert shown == ""
    assert "Secret" not in page


@pytest.mark.parametrize(("query", "messages", "titles"), LIBRARY_CASES)
def test_library_answers_odd_addresses_with_a_normal_page(client, query, messages, titles):
    response = client.get(f"/knowledge/?{query}")

    assert_normal_page(response, "Knowledge library", messages, titles)
    # Facet counts never include the hidden outputs either (every output has one language).
    assert sum(facet_counts(response, "language").values()) == len(titles)


@pytest.mark.parametrize(("query", "messages", "titles"), LESSON_CASES)
def test_lessons_answer_odd_addresses_with_a_normal_page(client, query, messages, titles):
    response = client.get(f"/lessons/?{query}")

    assert_normal_page(response, "Lessons", messages, titles)
    assert facet_counts(response, "city") == {"Toyama": len(titles)}


@pytest.mark.parametrize(
    ("path", "heading", "filters", "titles"),
    [
        (
            "/knowledge/",
            "Knowledge library",
            ["Kind", "Theme", "City", "Deep dive", "Language", "Year", "Sort by"],
            [],
        ),
        ("/lessons/", "Lessons", ["Theme", "City"], LESSONS),
    ],
)
def test_a_ten_kilobyte_value_in_every_parameter(client, path, heading, filters, titles):
    names = ["q", "kind", "theme", "city", "deep_dive", "language", "year", "sort", "page"]
    response = client.get(path + "?" + "&".join(f"{name}={BIG}" for name in names))
    page = response.content.decode()

    # The keyword is cut to 200 characters and then matches nothing; every other value is ignored.
    assert_normal_page(response, heading, [ONLY_ONE_PAGE], titles)
    shown = problems_shown(response)
    for label in filters:
        assert f"{label}: " in shown
    # Each message quotes the value cut short, and no link carries the pasted values on.
    assert len(shown) < 3_000
    assert BIG not in shown
    assert all(len(href) < 500 for href in re.findall(r'<a [^>]*href="([^"]*)"', page))


def test_links_on_the_page_drop_the_values_that_were_ignored(client):
    response = client.get("/knowledge/?theme=nope&kind=toolkit&year=abc&sort=;drop")
    options = [option for options in shown_facets(response).values() for option in options]
    hrefs = [option.href for option in options]

    assert "Theme: Select a valid choice. nope" in problems_shown(response)
    assert len(hrefs) > 3
    assert all("nope" not in href and "abc" not in href and "drop" not in href for href in hrefs)
    assert all("kind=toolkit" in option.href for option in options if option.label != "Toolkit")
    # Following a link leaves the visitor on a page without the warning.
    assert problems_shown(client.get("/knowledge/" + hrefs[0])) == ""


@pytest.mark.parametrize(
    "path",
    [
        "/knowledge/%00/",
        "/knowledge/%ff%fe/",
        "/knowledge/..%2F..%2Fetc%2Fpasswd/",
        "/knowledge/secret-draft/files/1/..%2F..%2Fsettings.py",
        "/knowledge/secret-draft/files/1/x.pdf",
        "/knowledge/compact-city-toolkit/files/99999999999999999999999/x.pdf",
        "/knowledge/compact-city-toolkit/files/0/x.pdf",
        "/lessons/%00/",
        "/themes/%ff/",
    ],
)
def test_odd_paths_are_not_found(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Secret" not in response.content
