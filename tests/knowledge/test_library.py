"""The knowledge library at /knowledge/: published outputs, filters with counts, sorting, pages, search."""

import datetime
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cities.models import City
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db

LIBRARY = reverse("knowledge:library")


@dataclass
class ShownOption:
    label: str
    count: int
    selected: bool
    href: str


class _FacetReader(HTMLParser):
    """Collects the options of each `section.facet` as a visitor sees them: label, count, ticked, link."""

    def __init__(self):
        super().__init__()
        self.facets: dict[str, list[ShownOption]] = {}
        self._facet = None
        self._option = None
        self._part = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "section" and "facet" in classes:
            self._facet = attrs["aria-labelledby"].removeprefix("facet-")
            self.facets[self._facet] = []
        elif tag == "a" and "facet-option" in classes and self._facet:
            self._option = {"href": attrs["href"], "selected": "facet-option--selected" in classes}
            self._option.update(label="", count="")
        elif tag == "span" and self._option is not None:
            self._part = next(
                (part for part in ("label", "count") if f"facet-option__{part}" in classes), None
            )

    def handle_endtag(self, tag):
        if tag == "span":
            self._part = None
        elif tag == "a" and self._option is not None:
            option = self._option
            self.facets[self._facet].append(
                ShownOption(
                    option["label"].strip(),
                    int(option["count"].replace(",", "")),
                    option["selected"],
                    option["href"],
                )
            )
            self._option = None
        elif tag == "section":
            self._facet = None

    def handle_data(self, data):
        if self._part:
            self._option[self._part] += data


def shown_facets(response) -> dict[str, list[ShownOption]]:
    reader = _FacetReader()
    reader.feed(response.content.decode())
    return reader.facets


def facet_counts(response, facet: str) -> dict[str, int]:
    """The count beside each choice of one facet, as printed on the page."""
    return {option.label: option.count for option in shown_facets(response).get(facet, [])}


def shown_titles(response) -> list[str]:
    """Titles of the result cards, in page order."""
    page = response.content.decode()
    found = re.findall(r'<h3 class="card__title"><a href="[^"]*"[^>]*>(.*?)</a></h3>', page)
    return [html.unescape(title) for title in found]


def result_count(response) -> str:
    heading = re.search(r'<h2 id="results-heading"[^>]*>\s*(.*?)\s*</h2>', response.content.decode(), re.S)
    return " ".join(heading.group(1).split())


def problems_shown(response) -> str:
    notice = re.search(
        r'<div class="notice notice--warning" role="status">(.*?)</div>', response.content.decode(), re.S
    )
    return html.unescape(notice.group(1)) if notice else ""


def follow(client, href: str):
    """Open a link found on the library page (hrefs there are query strings relative to it)."""
    return client.get(LIBRARY + href if href.startswith("?") else href)


@pytest.fixture
def catalogue():
    """Five published outputs spread over the filters, and hidden ones that match most of them.

    title  kind          themes          cities                  deep dive  language  year
    Alpha  note          compact         toyama                  compact    en        2017
    Bravo  toolkit       compact, smart  toyama, narayanganj     compact    ja        2018
    Charlie toolkit      smart           kitakyushu              -          en        2018
    Delta  case study    drm             narayanganj             -          en        2019
    Echo   note          -               -                       -          fr        2019
    """
    compact = builders.theme("Compact Cities")
    smart = builders.theme("Smart Cities")
    drm = builders.theme("Disaster Risk Management")
    toyama = builders.city("Toyama")
    kitakyushu = builders.city("Kitakyushu")
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT)
    compact_tdd = builders.deep_dive("Compact Cities TDD", hosts=[toyama], themes=[compact])

    def published(title, kind, year, themes=(), cities=(), **fields):
        return builders.output(
            title,
            kind=kind,
            themes=themes,
            cities=cities,
            publication_date=datetime.date(year, 6, 1),
            **fields,
        )

    outputs = {
        "Alpha": published(
            "Alpha", Output.Kind.KNOWLEDGE_NOTE, 2017, [compact], [toyama], deep_dive=compact_tdd
        ),
        "Bravo": published(
            "Bravo",
            Output.Kind.TOOLKIT,
            2018,
            [compact, smart],
            [toyama, narayanganj],
            deep_dive=compact_tdd,
            language="ja",
        ),
        "Charlie": published("Charlie", Output.Kind.TOOLKIT, 2018, [smart], [kitakyushu]),
        "Delta": published("Delta", Output.Kind.CASE_STUDY, 2019, [drm], [narayanganj]),
        "Echo": published("Echo", Output.Kind.KNOWLEDGE_NOTE, 2019, language="fr"),
    }
    # Hidden outputs that would match almost every filter if they leaked.
    for status in [choice for choice in Output.Status if choice != Output.Status.PUBLISHED]:
        builders.output(
            f"Hidden {status.label}",
            status=status,
            kind=Output.Kind.TOOLKIT,
            themes=[compact, smart, drm],
            cities=[toyama, kitakyushu, narayanganj],
            deep_dive=compact_tdd,
            publication_date=datetime.date(2018, 1, 1),
        )
    builders.output(
        "Hidden embargoed",
        kind=Output.Kind.TOOLKIT,
        themes=[compact, smart, drm],
        cities=[toyama, kitakyushu, narayanganj],
        deep_dive=compact_tdd,
        publication_date=datetime.date(2018, 1, 1),
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    return outputs


def test_lists_only_published_outputs_past_their_embargo(client, catalogue):
    response = client.get(LIBRARY)

    assert response.status_code == 200
    assert sorted(shown_titles(response)) == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    assert result_count(response) == "5 outputs"
    assert "Hidden" not in response.content.decode()


def test_an_output_appears_once_its_embargo_has_passed(client, catalogue):
    embargoed = Output.objects.get(title="Hidden embargoed")
    embargoed.published_at = timezone.now() - datetime.timedelta(minutes=1)
    embargoed.save(update_fields=["published_at"])

    titles = shown_titles(client.get(LIBRARY))

    assert "Hidden embargoed" in titles
    assert len(titles) == 6


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=toolkit", ["Bravo", "Charlie"]),
        ("kind=case_study", ["Delta"]),
        ("theme=compact-cities", ["Alpha", "Bravo"]),
        ("theme=disaster-risk-management", ["Delta"]),
        ("city=toyama", ["Alpha", "Bravo"]),
        ("city=kitakyushu", ["Charlie"]),
        ("deep_dive=compact-cities-tdd", ["Alpha", "Bravo"]),
        ("language=ja", ["Bravo"]),
        ("language=fr", ["Echo"]),
        ("year=2018", ["Bravo", "Charlie"]),
        ("year=2017", ["Alpha"]),
    ],
)
def test_each_filter_narrows_the_results(client, catalogue, query, expected):
    response = client.get(f"{LIBRARY}?{query}")

    assert response.status_code == 200
    assert sorted(shown_titles(response)) == expected
    assert problems_shown(response) == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=toolkit&kind=case_study", ["Bravo", "Charlie", "Delta"]),
        ("theme=compact-cities&theme=disaster-risk-management", ["Alpha", "Bravo", "Delta"]),
        ("city=kitakyushu&city=narayanganj", ["Bravo", "Charlie", "Delta"]),
        ("language=ja&language=fr", ["Bravo", "Echo"]),
        ("year=2017&year=2019", ["Alpha", "Delta", "Echo"]),
    ],
)
def test_several_values_of_one_filter_are_ored(client, catalogue, query, expected):
    assert sorted(shown_titles(client.get(f"{LIBRARY}?{query}"))) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=compact-cities&kind=toolkit", ["Bravo"]),
        ("theme=smart-cities&city=kitakyushu", ["Charlie"]),
        ("kind=knowledge_note&year=2019", ["Echo"]),
        ("city=narayanganj&language=en", ["Delta"]),
        ("deep_dive=compact-cities-tdd&year=2017&kind=knowledge_note", ["Alpha"]),
        ("theme=disaster-risk-management&kind=toolkit", []),
        ("kind=toolkit&kind=knowledge_note&year=2018&year=2019", ["Bravo", "Charlie", "Echo"]),
    ],
)
def test_different_filters_combine_with_and(client, catalogue, query, expected):
    response = client.get(f"{LIBRARY}?{query}")

    assert sorted(shown_titles(response)) == expected
    assert result_count(response) == f"{len(expected)} output{'' if len(expected) == 1 else 's'}"


def test_counts_without_filters_are_the_published_outputs_of_each_choice(client, catalogue):
    response = client.get(LIBRARY)

    assert facet_counts(response, "kind") == {"Knowledge note": 2, "Toolkit": 2, "Case study": 1}
    assert facet_counts(response, "theme") == {
        "Compact Cities": 2,
        "Smart Cities": 2,
        "Disaster Risk Management": 1,
    }
    assert facet_counts(response, "city") == {"Narayanganj": 2, "Toyama": 2, "Kitakyushu": 1}
    assert facet_counts(response, "deep_dive") == {"Compact Cities TDD": 2}
    assert facet_counts(response, "language") == {"English": 3, "French": 1, "Japanese": 1}
    assert facet_counts(response, "year") == {"2019": 2, "2018": 2, "2017": 1}


def test_each_count_is_what_the_choice_gives_under_the_other_active_filters(client, catalogue):
    response = client.get(f"{LIBRARY}?theme=compact-cities&kind=toolkit")

    assert shown_titles(response) == ["Bravo"]
    # Kinds are counted under theme=compact-cities only: Alpha (note) and Bravo (toolkit).
    assert facet_counts(response, "kind") == {"Knowledge note": 1, "Toolkit": 1}
    # Themes are counted under kind=toolkit only: Bravo (compact, smart) and Charlie (smart).
    assert facet_counts(response, "theme") == {"Compact Cities": 1, "Smart Cities": 2}
    # The other facets are counted under both filters: Bravo alone.
    assert facet_counts(response, "city") == {"Narayanganj": 1, "Toyama": 1}
    assert facet_counts(response, "language") == {"Japanese": 1}
    assert facet_counts(response, "year") == {"2018": 1}


def test_each_count_matches_the_results_its_link_gives(client, catalogue):
    response = client.get(f"{LIBRARY}?year=2018")

    options = [
        option for facet in ("kind", "theme", "city", "language") for option in shown_facets(response)[facet]
    ]

    assert len(options) == 8
    for option in options:
        # Only the year is chosen, so ticking a choice of another facet gives exactly the results counted.
        assert result_count(follow(client, option.href)).split()[0] == str(option.count), option.label


def test_counts_follow_the_keyword_search(client, catalogue):
    bravo = Output.objects.get(title="Bravo")
    bravo.summary = "Bus rapid transit for a compact centre."
    bravo.save()

    response = client.get(f"{LIBRARY}?q=transit")

    assert shown_titles(response) == ["Bravo"]
    assert facet_counts(response, "theme") == {"Compact Cities": 1, "Smart Cities": 1}
    assert facet_counts(response, "kind") == {"Toolkit": 1}


def test_selected_choices_are_shown_ticked_and_their_link_removes_them(client, catalogue):
    response = client.get(f"{LIBRARY}?theme=compact-cities&kind=toolkit")
    facets = shown_facets(response)

    ticked = {facet: [o.label for o in options if o.selected] for facet, options in facets.items()}
    assert ticked == {
        "kind": ["Toolkit"],
        "theme": ["Compact Cities"],
        "city": [],
        "deep_dive": [],
        "language": [],
        "year": [],
    }
    untick_theme = next(o for o in facets["theme"] if o.label == "Compact Cities")
    without_theme = follow(client, untick_theme.href)
    assert sorted(shown_titles(without_theme)) == ["Bravo", "Charlie"]
    assert [o.label for o in shown_facets(without_theme)["theme"] if o.selected] == []

    # The chip above the results does the same.
    chip = re.search(r'<a class="chip" href="([^"]*)"[^>]*>.*?Kind: Toolkit', response.content.decode(), re.S)
    without_kind = follow(client, html.unescape(chip.group(1)))
    assert sorted(shown_titles(without_kind)) == ["Alpha", "Bravo"]


def test_a_chosen_value_without_results_still_shows_its_name_so_it_can_be_removed(client, catalogue):
    response = client.get(f"{LIBRARY}?kind=case_study&theme=smart-cities")

    assert shown_titles(response) == []
    kinds = {o.label: (o.count, o.selected) for o in shown_facets(response)["kind"]}
    themes = {o.label: (o.count, o.selected) for o in shown_facets(response)["theme"]}
    assert kinds["Case study"] == (0, True)
    assert themes["Smart Cities"] == (0, True)
    assert "Kind: Case study" in response.content.decode()
    assert "Theme: Smart Cities" in response.content.decode()


def test_ticking_a_choice_adds_it_to_the_filters_already_chosen(client, catalogue):
    response = client.get(f"{LIBRARY}?kind=toolkit")
    add_case_study = next(o for o in shown_facets(response)["kind"] if o.label == "Case study")

    assert not add_case_study.selected
    assert sorted(shown_titles(follow(client, add_case_study.href))) == ["Bravo", "Charlie", "Delta"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Echo", "Delta", "Charlie", "Bravo", "Alpha"]),
        ("newest", ["Echo", "Delta", "Charlie", "Bravo", "Alpha"]),
        ("oldest", ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]),
        ("title", ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]),
    ],
)
def test_sort_orders_the_results(client, sort, expected):
    # Publication dates run against the alphabet, so each order is different from the others.
    dates = {
        "Alpha": datetime.date(2016, 1, 1),
        "Bravo": datetime.date(2017, 1, 1),
        "Charlie": datetime.date(2018, 1, 1),
        "Delta": datetime.date(2019, 1, 1),
        "Echo": datetime.date(2019, 7, 1),
    }
    for title in ("Charlie", "Echo", "Alpha", "Delta", "Bravo"):
        builders.output(title, publication_date=dates[title])

    assert shown_titles(client.get(f"{LIBRARY}?sort={sort}")) == expected


def test_sort_by_title_is_alphabetical_not_by_date(client):
    builders.output("Zoning reform", publication_date=datetime.date(2010, 1, 1))
    builders.output("Affordable housing", publication_date=datetime.date(2011, 1, 1))
    builders.output("Mobility hubs", publication_date=datetime.date(2012, 1, 1))

    assert shown_titles(client.get(f"{LIBRARY}?sort=title")) == [
        "Affordable housing",
        "Mobility hubs",
        "Zoning reform",
    ]
    assert shown_titles(client.get(f"{LIBRARY}?sort=newest")) == [
        "Mobility hubs",
        "Affordable housing",
        "Zoning reform",
    ]


def test_the_chosen_sort_is_selected_in_the_form(client, catalogue):
    page = client.get(f"{LIBRARY}?sort=oldest").content.decode()

    assert '<option value="oldest" selected>' in page
    assert '<option value="newest">' in page


def _many_outputs(count: int, *, theme=None, title_prefix="Output", year=2020):
    return [
        builders.output(
            f"{title_prefix} {number:03}",
            themes=[theme] if theme else [],
            publication_date=datetime.date(year, 1, 1) + datetime.timedelta(days=number),
        )
        for number in range(count)
    ]


def test_twenty_outputs_a_page_with_links_that_keep_the_filters(client):
    transport = builders.theme("Transport")
    _many_outputs(45, theme=transport, title_prefix="Transport")
    _many_outputs(3, title_prefix="Other")

    first = client.get(f"{LIBRARY}?theme=transport&sort=title")
    assert result_count(first) == "45 outputs"
    assert shown_titles(first) == [f"Transport {n:03}" for n in range(20)]
    assert "Page 1 of 3" in first.content.decode()

    next_link = html.unescape(re.search(r'<a rel="next" href="([^"]*)"', first.content.decode()).group(1))
    assert parse_qs(urlsplit(next_link).query) == {"theme": ["transport"], "sort": ["title"], "page": ["2"]}
    second = follow(client, next_link)
    assert shown_titles(second) == [f"Transport {n:03}" for n in range(20, 40)]

    last_link = html.unescape(re.search(r'<a rel="next" href="([^"]*)"', second.content.decode()).group(1))
    third = follow(client, last_link)
    assert shown_titles(third) == [f"Transport {n:03}" for n in range(40, 45)]
    assert "Page 3 of 3" in third.content.decode()
    assert 'rel="next"' not in third.content.decode()
    previous = html.unescape(re.search(r'<a rel="prev" href="([^"]*)"', third.content.decode()).group(1))
    assert parse_qs(urlsplit(previous).query)["page"] == ["2"]


def test_a_single_page_has_no_page_links(client, catalogue):
    page = client.get(LIBRARY).content.decode()

    assert 'class="pagination"' not in page


def test_facet_links_go_back_to_the_first_page(client):
    transport = builders.theme("Transport")
    _many_outputs(25, theme=transport)

    response = client.get(f"{LIBRARY}?page=2")

    assert len(shown_titles(response)) == 5
    option = shown_facets(response)["theme"][0]
    assert "page" not in parse_qs(urlsplit(option.href).query)
    assert len(shown_titles(follow(client, option.href))) == 20


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("title", "Flood resilience in Semarang"),
        ("summary", "How the city warns residents about floods."),
        ("body", "## Context\n\nFlood warnings reach residents by SMS."),
    ],
)
def test_keywords_match_the_title_summary_or_body(client, field, text):
    fields = {"title": "Matching output", "summary": "About drainage.", field: text}
    builders.output(fields.pop("title"), **fields)
    builders.output("Unrelated output", summary="About parking.")
    builders.output("Hidden flood draft", status=Output.Status.DRAFT, summary="Flood plans.")

    response = client.get(f"{LIBRARY}?q=FLOOD")

    assert shown_titles(response) == [text if field == "title" else "Matching output"]
    assert result_count(response) == "1 output"


def test_keywords_combine_with_the_filters(client, catalogue):
    for output in Output.objects.filter(title__in=["Alpha", "Charlie"]):
        output.summary = "Tram lines and ridership."
        output.save()

    assert shown_titles(client.get(f"{LIBRARY}?q=tram&kind=toolkit")) == ["Charlie"]
    assert sorted(shown_titles(client.get(f"{LIBRARY}?q=tram"))) == ["Alpha", "Charlie"]


def test_a_filtered_address_can_be_bookmarked_and_shared(client, catalogue):
    # Click through the page as a visitor would, then open the address that results in a fresh browser.
    start = client.get(LIBRARY)
    compact = next(o for o in shown_facets(start)["theme"] if o.label == "Compact Cities")
    filtered = follow(client, compact.href)
    toolkit = next(o for o in shown_facets(filtered)["kind"] if o.label == "Toolkit")
    address = LIBRARY + toolkit.href

    shared = Client().get(address)
    assert shown_titles(shared) == ["Bravo"]
    assert parse_qs(urlsplit(address).query) == {"theme": ["compact-cities"], "kind": ["toolkit"]}
    assert shown_titles(Client().get(address)) == shown_titles(shared)


def test_the_keyword_form_keeps_the_chosen_filters(client, catalogue):
    for output in Output.objects.filter(title__in=["Alpha", "Bravo", "Charlie"]):
        output.body = "Ridership figures."
        output.save()
    page = client.get(f"{LIBRARY}?theme=compact-cities&year=2018").content.decode()
    form = re.search(r'<form class="search-bar".*?</form>', page, re.S).group(0)
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)

    assert sorted(hidden) == [("theme", "compact-cities"), ("year", "2018")]
    query = "&".join(f"{name}={value}" for name, value in hidden) + "&q=ridership"
    assert shown_titles(client.get(f"{LIBRARY}?{query}")) == ["Bravo"]


def test_the_keyword_is_kept_in_the_search_box(client, catalogue):
    page = client.get(f"{LIBRARY}?q=bus+%22rapid%22").content.decode()

    assert 'name="q" value="bus &quot;rapid&quot;"' in page


def test_no_results_offers_to_clear_the_filters(client, catalogue):
    response = client.get(f"{LIBRARY}?theme=disaster-risk-management&kind=toolkit")
    page = response.content.decode()

    assert "No published output matches these filters." in page
    clear = html.unescape(re.search(r'<a href="([^"]*)">Clear all filters</a>', page).group(1))
    assert len(shown_titles(follow(client, clear))) == 5


@pytest.fixture
def add_outputs():
    """Adds `count` published outputs (and as many drafts), each with themes, cities, a deep dive, a kind,
    a language and a year."""
    themes = [builders.theme(f"Query theme {n}") for n in range(3)]
    cities = [builders.city(f"Query city {n}") for n in range(3)]
    deep_dive = builders.deep_dive("Query deep dive")
    kinds = list(Output.Kind)

    def add(count: int):
        for number in range(count):
            builders.output(
                themes=[themes[number % 3], themes[(number + 1) % 3]],
                cities=[cities[number % 3]],
                deep_dive=deep_dive,
                kind=kinds[number % len(kinds)],
                language=["en", "ja", "fr"][number % 3],
                publication_date=datetime.date(2015 + number % 6, 3, 1),
            )
            builders.output(status=Output.Status.DRAFT, themes=themes, cities=cities)

    return add


# Without filters, once the catalogue of the current content state is built (knowledge/catalogue.py),
# 4 queries: 1 for the page of outputs (with their deep dive joined) and 3 prefetches for the themes,
# the cities and the translations of the outputs on the page. Results and facet counts come from the
# catalogue. (Translations shown on the page add up to two more: tests/knowledge/test_translations.py.)
# The cards of a page, once rendered, are kept for the content state: the same page again needs none.
LIBRARY_QUERIES = 4
CARD_QUERIES = 4
# Filtering by theme, city and deep dive adds one query each: the form looks the chosen slugs up; and
# keywords four: the search journal's position, the engine's estimate and its matches (search/engine.py),
# and the snippets for the cards. The matches and the cards are kept while nothing they show changes:
# the same page again needs only the filters' queries.
KEYWORD_QUERIES = 4
FILTERED_LIBRARY_QUERIES = LIBRARY_QUERIES + 3 + KEYWORD_QUERIES
# The first request after a change of outputs builds the catalogue again: published outputs, themes,
# cities, deep dives, theme links, city links, and the published lessons per theme.
REBUILD_QUERIES = 7
FILTERS = "theme=query-theme-0&city=query-city-0&deep_dive=query-deep-dive&kind=knowledge_note&kind=toolkit"


@pytest.mark.parametrize(
    ("query", "expected_queries", "cached_queries"),
    [
        ("", LIBRARY_QUERIES, LIBRARY_QUERIES - CARD_QUERIES),
        (
            f"{FILTERS}&year=2015&year=2016&q=output&sort=title",
            FILTERED_LIBRARY_QUERIES,
            FILTERED_LIBRARY_QUERIES - CARD_QUERIES - KEYWORD_QUERIES,
        ),
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_library(
    client, django_assert_num_queries, add_outputs, query, expected_queries, cached_queries
):
    add_outputs(5)
    with django_assert_num_queries(REBUILD_QUERIES + expected_queries):
        small = client.get(f"{LIBRARY}?{query}")
    with django_assert_num_queries(cached_queries):
        assert shown_titles(client.get(f"{LIBRARY}?{query}")) == shown_titles(small)

    add_outputs(45)
    # A search kept from before is first checked against what changed since (one query), then made again.
    checked = 1 if "q=" in query else 0
    with django_assert_num_queries(REBUILD_QUERIES + checked + expected_queries):
        large = client.get(f"{LIBRARY}?{query}")
    with django_assert_num_queries(cached_queries):
        assert shown_titles(client.get(f"{LIBRARY}?{query}")) == shown_titles(large)

    assert 0 < len(shown_titles(small)) < len(shown_titles(large)) <= 20
