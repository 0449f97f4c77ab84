"""The /search/ page: results grouped by kind with counts and highlighted snippets, only published
content, "Did you mean", hostile query strings, markup shown as text and a fixed number of queries."""

import datetime
import logging
import re
from html import unescape

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from cpp_portal import search
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    compact = builders.theme("Compact Cities")
    toyama = builders.city("Toyama", summary="A compact city on the Sea of Japan.")
    builders.city("Dhaka", role="client", summary="A megacity in Bangladesh.")
    dive = builders.deep_dive("Technical Deep Dive on compact cities", hosts=[toyama], themes=[compact])
    toolkit = builders.output(
        "Compact city toolkit",
        kind=Output.Kind.TOOLKIT,
        summary="Self-assessment for a compact city.",
        body="Worksheets for planners who want a walkable centre.",
        themes=[compact],
        cities=[toyama],
    )
    builders.attachment(toolkit, "annex.pdf", extracted_text="The facilitators' code word is quoryx.")
    builders.lesson(toolkit, toyama, "Walkable centres bring shoppers back", lesson="Start with the tram.")
    draft = builders.output("Compact city secret draft", status=Output.Status.DRAFT, body="quoryx")
    builders.lesson(draft, toyama, "Compact city secret lesson")
    builders.output("Compact city embargoed note", published_at=timezone.now() + datetime.timedelta(days=3))
    return {"toolkit": toolkit, "dive": dive, "toyama": toyama}


def main_text(response) -> str:
    html = response.content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def test_results_are_grouped_by_kind_with_counts_links_and_snippets(client, portal):
    response = client.get("/search/", {"q": "compact"})
    assert response.status_code == 200
    html = response.content.decode()
    text = main_text(response)
    assert "<title>Search: compact · " in html
    assert "Knowledge outputs (1 output)" in text or "1 output" in text
    assert "1 output" in text and "1 city" in text and "1 deep dive" in text
    assert f'href="{portal["toolkit"].get_absolute_url()}"' in html
    assert f'href="{portal["dive"].get_absolute_url()}"' in html
    assert f'href="{portal["toyama"].get_absolute_url()}"' in html
    assert "<mark>compact</mark>" in html.lower()
    assert "Toolkit" in text  # the kind of the output
    assert "secret" not in text.lower() and "embargoed" not in text.lower()


def test_a_word_only_in_an_attachment_is_found_with_its_passage(client, portal):
    response = client.get("/search/", {"q": "quoryx"})
    html = response.content.decode()
    assert "Compact city toolkit" in main_text(response)
    assert "code word is <mark>quoryx</mark>" in html
    assert "secret draft" not in html.lower()


def test_lessons_are_found_and_link_to_their_page(client, portal):
    response = client.get("/search/", {"q": "shoppers"})
    text = main_text(response)
    assert "1 lesson" in text
    assert "Walkable centres bring shoppers back" in text
    assert "secret lesson" not in text.lower()


def test_outputs_link_to_all_of_them_in_the_library(client, portal):
    for number in range(12):
        builders.output(f"Tram note {number}", summary="About trams.")
    response = client.get("/search/", {"q": "tram"})
    html = response.content.decode()
    assert "12 outputs" in main_text(response)
    outputs = html.split('id="results-output"', 1)[1].split("</section>", 1)[0]
    assert len(re.findall(r'class="search-result"', outputs)) == 10
    assert 'href="/knowledge/?q=tram"' in html
    assert "See all 12 in the library" in html


def test_words_are_found_whole_not_inside_other_words(client, portal):
    builders.output("Bus network redesign", summary="Routes for the bus.")
    builders.output("Harbour businesses", summary="Businesses along the port.")
    html = client.get("/search/", {"q": "bus"}).content.decode()
    assert "Bus network redesign" in html
    assert "Harbour businesses" not in html
    assert "Routes for the <mark>bus</mark>" in html
    assert "<mark>Bus</mark>inesses" not in html


def test_see_all_counts_the_works_the_library_then_lists(client, portal):
    """An output and its Japanese translation are one work, listed once in the library: the count that
    leads there is the library's."""
    for number in range(12):
        original = builders.output(f"Tram note {number}", summary="About trams.")
        builders.output(f"路面電車 {number}", summary="Trams.", language="ja", translation_of=original)
    html = client.get("/search/", {"q": "tram"}).content.decode()
    see_all = re.search(r"See all (\d+) in the library", html)
    library = main_text(client.get("/knowledge/", {"q": "tram"}))
    assert see_all and f"{see_all.group(1)} outputs" in library
    assert see_all.group(1) == "12"
    assert "12 outputs" in main_text(client.get("/search/", {"q": "tram"}))


def test_an_empty_query_shows_the_form_and_a_hint(client, django_assert_num_queries, portal):
    with django_assert_num_queries(0):
        response = client.get("/search/")
    html = response.content.decode()
    assert '<label for="search-q">' in html
    assert "<h1>Search</h1>" in html
    assert "Search everything the portal holds" in main_text(response)
    assert "search-result" not in html


def test_a_misspelling_offers_the_corrected_query_as_a_link(client, portal):
    response = client.get("/search/", {"q": "Toyma"})
    html = response.content.decode()
    assert "Nothing was found for “Toyma”." in main_text(response)
    assert 'Did you mean <a href="/search/?q=Toyama">Toyama</a>?' in html
    followed = client.get("/search/", {"q": "Toyama"})
    assert "Compact city toolkit" in main_text(followed)


def test_words_of_unpublished_titles_are_never_suggested(client, portal):
    builders.output("Zelkovine hydrogen plan", status=Output.Status.DRAFT)
    response = client.get("/search/", {"q": "zelkovin"})
    assert "Did you mean" not in response.content.decode()
    assert "zelkovine" not in response.content.decode().lower().replace("zelkovin”", "")


def test_the_page_is_in_japanese_under_ja(client, portal):
    response = client.get("/ja/search/", {"q": "compact"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja">' in html
    assert "Compact city toolkit" in html


def test_the_header_search_box_leads_to_the_search_page(client, portal):
    html = client.get("/cities/").content.decode()
    assert '<form class="header-search" action="/search/"' in html
    html = client.get("/ja/cities/").content.decode()
    assert '<form class="header-search" action="/ja/search/"' in html


def test_markup_in_titles_and_text_is_shown_as_text(client):
    builders.output(
        "Budgets <script>alert('x')</script> & <b>bold</b>",
        summary="Budgets with <img src=x onerror=alert(1)> inside.",
        body="<script>document.write('budgets')</script>",
    )
    response = client.get("/search/", {"q": "budgets"})
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<mark>Budgets</mark>" in html


# A search runs the position of the search journal (search.models.SearchChange), then on PostgreSQL the
# planner's estimate and the search, on SQLite the search alone.
SEARCH_QUERIES = {"postgresql": 3, "sqlite": 2}
# The first request after a change of outputs builds the library's catalogue
# (tests/knowledge/test_library.py).
CATALOGUE_BUILD_QUERIES = 7
EXACT_ON_SQLITE = pytest.mark.not_on_sqlite(
    reason="SQLite finds and counts every match exactly: the demo's few records need no estimate"
)


@pytest.mark.parametrize("count", [2, 12])
def test_the_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, portal, count):
    toyama = portal["toyama"]
    for number in range(count):
        output = builders.output(f"Compact note {number}", cities=[toyama])
        builders.lesson(output, toyama, f"Compact lesson {number}")
    # Per kind, a search (SEARCH_QUERIES); per kind with results: its records and its snippets (4 kinds
    # found here); and the library's catalogue, which the outputs are listed from, built afresh.
    with django_assert_num_queries(4 * SEARCH_QUERIES[connection.vendor] + 4 * 2 + CATALOGUE_BUILD_QUERIES):
        response = client.get("/search/", {"q": "compact"})
    assert f"{count + 1} outputs" in main_text(response)
    # The results are kept while nothing they show changes: the same search again runs no query.
    with django_assert_num_queries(0):
        again = client.get("/search/", {"q": "compact"})
    assert main_text(again) == main_text(response)


def test_a_query_that_finds_nothing_runs_one_more_query_for_the_suggestion(
    client, django_assert_num_queries, portal
):
    # Per kind, a search; then the suggestion (on SQLite: the terms, then whether the word finds anything).
    suggestion_queries = {"postgresql": 1, "sqlite": 2}[connection.vendor]
    with django_assert_num_queries(4 * SEARCH_QUERIES[connection.vendor] + suggestion_queries):
        response = client.get("/search/", {"q": "nothingatall"})
    assert "Nothing was found" in main_text(response)


HOSTILE = [
    '"unbalanced',
    'compact "',
    "-",
    "OR",
    "OR OR compact OR",
    "!",
    "&",
    "|",
    ":*",
    "compact:*",
    "!compact & | ( )",
    "'",
    "''",
    "%",
    "\\",
    "%_\\",
    "x" * 10_000,
    "compact " * 2_000,
    "'; DROP TABLE search_searchentry; --",
    "1' OR '1'='1",
    "compact\x00city",
    "\x00",
    "富山compact city市",
    "🙂 compact 🙂",
    "...,,,;;;",
    "<script>alert(1)</script>",
    "\ue000compact\ue001",
    "-compact",
    '-"compact city"',
    "compact <-> city",
    "a & !b",
    "(((",
    # FTS5's syntax (SQLite)
    "NEAR(compact city)",
    "NEAR(compact city, 2)",
    "title:compact",
    "{title body}: compact",
    "^compact",
    "compact*",
    '"compact""city"',
    "compact AND city",
    "compact NOT city",
    "NOT",
    "AND OR NOT",
    "- - -",
    "compact + city",
    'compact ")(" city',
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_give_a_normal_page(client, portal, caplog, q):
    caplog.set_level(logging.WARNING)
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Search</h1>" in html
    assert "<script>alert(1)</script>" not in html
    assert "secret" not in main_text(response).lower()
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


@EXACT_ON_SQLITE
@override_settings(SEARCH_CANDIDATES=3, SEARCH_EXACT_COUNT_LIMIT=0)
def test_beyond_the_exact_count_limit_the_total_is_an_estimate(client):
    for number in range(6):
        builders.output(f"Ferry timetable {number}")
    hits = search.search(search.parse("ferry"), "output")
    assert len(hits.ids) == 3
    assert not hits.is_complete and not hits.total_is_exact
    assert hits.total >= 3
    response = client.get("/search/", {"q": "ferry"})
    assert re.search(r"about \d+ outputs", main_text(response))


@override_settings(SEARCH_CANDIDATES=3)
def test_candidates_are_bounded_and_title_matches_come_first(client):
    for number in range(4):
        builders.output(f"Note {number}", body="A ferry timetable.")
    in_title = builders.output("Ferry fares", published_at=timezone.now() - datetime.timedelta(days=400))
    hits = search.search(search.parse("ferry"), "output")
    assert hits.ids[0] == in_title.pk
    assert len(hits.ids) == 3 and hits.total == 5
    assert not hits.is_complete and hits.total_is_exact


@EXACT_ON_SQLITE
@override_settings(SEARCH_EXACT_COUNT_LIMIT=0)
def test_a_phrase_among_many_matches_is_counted_from_the_newest_entries(client):
    for number in range(4):
        builders.output(f"Ferry timetable {number}")
    builders.output("Timetable of the ferry")
    hits = search.search(search.parse('"ferry timetable"'), "output")
    assert len(hits.ids) == 4
    assert hits.total == 4 and not hits.is_complete
    assert "about 4 outputs" in main_text(client.get("/search/", {"q": '"ferry timetable"'}))


@override_settings(SEARCH_EXACT_COUNT_LIMIT=0)
def test_beyond_the_exact_count_limit_an_excluded_word_in_the_body_still_excludes(client):
    kept = builders.output("Ferry fares", body="Fares for the crossing.")
    builders.output("Ferry routes", body="Routes and the winter timetable.")
    builders.output("Ferry piers", body="Piers.", summary="A note on piers.")

    hits = search.search(search.parse("ferry -timetable"), "output")

    assert set(hits.ids) == {kept.pk, Output.objects.get(title="Ferry piers").pk}
    assert "Ferry routes" not in main_text(client.get("/search/", {"q": "ferry -timetable"}))


@EXACT_ON_SQLITE
@override_settings(SEARCH_PHRASE_CHECK_LIMIT=2)
def test_a_phrase_whose_words_many_entries_hold_is_read_in_the_newest_of_them_only(client):
    now = timezone.now()
    old_body_match = builders.output(
        "Harbour note", body="The ferry timetable changed.", published_at=now - datetime.timedelta(days=30)
    )
    old_title_match = builders.output("Ferry timetable", published_at=now - datetime.timedelta(days=20))
    for number in range(3):
        builders.output(
            f"Harbour note {number}",
            body="A timetable for the ferry.",  # both words, not the phrase
            published_at=now - datetime.timedelta(days=10 - number),
        )
    new_body_match = builders.output("Port note", body="The new ferry timetable.", published_at=now)

    hits = search.search(search.parse('"ferry timetable"'), "output")

    # Titles and summaries are read for all of them; the whole text only for the newest two.
    assert hits.ids == [old_title_match.pk, new_body_match.pk]
    assert old_body_match.pk not in hits.ids
    assert not hits.is_complete and not hits.total_is_exact
    # One of the two newest holds the phrase: about half of the six that hold its words.
    assert hits.total == 3
    assert "about 3 outputs" in main_text(client.get("/search/", {"q": '"ferry timetable"'}))


def test_a_publish_shows_in_a_search_that_was_cached(client, portal):
    before = main_text(client.get("/search/", {"q": "wetland"}))
    assert "Nothing was found" in before

    draft = builders.output("Wetland restoration", status=Output.Status.DRAFT)
    assert "Nothing was found" in main_text(client.get("/search/", {"q": "wetland"}))

    draft.status = Output.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    assert "Wetland restoration" in main_text(client.get("/search/", {"q": "wetland"}))
