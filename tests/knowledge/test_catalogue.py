"""The library's in-memory catalogue gives the answers of the database, and follows every change.

The database is the reference (tests/knowledge/library_reference.py): for many random filter
combinations and each sort, the catalogue must give the same works in the same order and the same count
beside every facet choice.
"""

import datetime
import random

import pytest
import time_machine
from django.http import QueryDict
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cpp_portal.search import SearchResult, parse
from knowledge.catalogue import Catalogue
from knowledge.library import (
    catalogue_facets,
    catalogue_filters,
    keyword_matches,
    rendered_results,
)
from knowledge.models import Output
from tests import builders
from tests.knowledge.library_reference import (
    ReferenceOutputFilter,
    exclude_work_of,
    output_facets,
    related_to,
    works,
)
from tests.knowledge.test_library import (
    facet_counts,
    problems_shown,
    result_count,
    shown_facets,
    shown_titles,
)

pytestmark = pytest.mark.django_db

LIBRARY = reverse("knowledge:library")
KINDS = [Output.Kind.KNOWLEDGE_NOTE, Output.Kind.TOOLKIT, Output.Kind.CASE_STUDY, Output.Kind.REPORT]
LANGUAGES = ["en", "ja", "fr", "es"]
YEARS = [2016, 2017, 2018, 2019]
WORDS = ["flood", "tram", "waste", "energy"]


@pytest.fixture
def corpus():
    """About sixty versions: originals with translations (some of them hidden), shared dates and titles
    (so the sorts have ties to break), versions without a date, drafts and an embargoed output."""
    rng = random.Random(4)
    themes = [builders.theme(f"Theme {name}") for name in "ABCD"]
    cities = [builders.city(name) for name in ("Toyama", "Kitakyushu", "Yokohama", "Semarang", "Dhaka")]
    deep_dives = [builders.deep_dive(f"Deep dive {name}") for name in "XYZ"]
    moments = [timezone.now() - datetime.timedelta(days=days) for days in (2, 5, 9)]

    def version(title, *, status=Output.Status.PUBLISHED, **fields):
        year = rng.choice([*YEARS, None])
        if status == Output.Status.PUBLISHED:
            fields.setdefault("published_at", rng.choice(moments))
        return builders.output(
            title,
            status=status,
            kind=rng.choice(KINDS),
            themes=rng.sample(themes, rng.randint(0, 2)),
            cities=rng.sample(cities, rng.randint(0, 2)),
            deep_dive=rng.choice([*deep_dives, None]),
            publication_date=datetime.date(year, rng.choice([1, 6]), 1) if year else None,
            summary=f"About {rng.choice(WORDS)} and {rng.choice(WORDS)}.",
            **fields,
        )

    hidden = [choice for choice in Output.Status if choice != Output.Status.PUBLISHED]
    for number in range(24):
        original_status = rng.choice([Output.Status.PUBLISHED] * 3 + hidden)
        original = version(f"Work {number % 9}", status=original_status, language="en")
        for language in rng.sample(LANGUAGES[1:], rng.randint(0, 2)):
            status = rng.choice([Output.Status.PUBLISHED] * 3 + [Output.Status.DRAFT])
            version(
                f"Work {number % 9} ({language})", status=status, language=language, translation_of=original
            )
    builders.output(
        "Embargoed",
        themes=themes,
        cities=cities,
        deep_dive=deep_dives[0],
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    return {"theme": themes, "city": cities, "deep_dive": deep_dives}


def random_query(rng: random.Random, corpus) -> QueryDict:
    query = QueryDict(mutable=True)
    choices = {
        "kind": KINDS,
        "language": LANGUAGES,
        "year": YEARS,
        "theme": [theme.slug for theme in corpus["theme"]],
        "city": [city.slug for city in corpus["city"]],
        "deep_dive": [deep_dive.slug for deep_dive in corpus["deep_dive"]],
    }
    for name in rng.sample(list(choices), rng.randint(0, 3)):
        query.setlist(name, [str(value) for value in rng.sample(choices[name], rng.randint(1, 2))])
    if rng.random() < 0.3:
        query["q"] = rng.choice(WORDS)
    return query


def facet_rows(facets):
    return [
        (facet.name, [(o.value, o.label, o.count, o.selected, o.url) for o in facet.options + facet.more])
        for facet in facets
    ]


@pytest.mark.parametrize("sort", ["", "relevance", "newest", "oldest", "title"])
def test_the_catalogue_gives_the_results_and_counts_of_the_database(corpus, sort):
    catalogue = Catalogue.from_database()
    rng = random.Random(sort)
    assert catalogue.size == Output.objects.published().count()
    translations = set(Output.objects.exclude(translation_of=None).values_list("pk", flat=True))
    non_empty = translations_standing = 0

    for _ in range(60):
        query = random_query(rng, corpus)
        if sort:
            query["sort"] = sort
        filterset = ReferenceOutputFilter(query, queryset=Output.objects.published())
        q = filterset.cleaned_data.get("q")
        result = catalogue.query(
            catalogue_filters(filterset), sort=sort or None, matches=keyword_matches(parse(q)) if q else None
        )

        expected_ids = list(filterset.qs.values_list("pk", flat=True))
        assert list(result.ordered_ids) == expected_ids, query.urlencode()
        assert result.total == len(expected_ids)
        non_empty += bool(expected_ids)
        translations_standing += bool(translations & set(expected_ids))
        assert facet_rows(catalogue_facets(filterset, catalogue, result)) == facet_rows(
            output_facets(filterset)
        ), query.urlencode()

    # The combinations were not all empty, and translations stood for their works in some of them.
    assert non_empty >= 20 and translations_standing >= 5


def test_search_matches_keep_the_works_rule_and_their_order(corpus):
    catalogue = Catalogue.from_database()
    published = Output.objects.published()
    translation = published.filter(translation_of__in=published).first()
    original = translation.translation_of
    others = list(
        published.filter(translation_of=None).exclude(pk=original.pk).values_list("pk", flat=True)[:3]
    )
    draft = Output.objects.exclude(pk__in=published.values("pk")).first()

    # The translation ranks first, but the original matches too: the work is listed once, as its original
    # (the rule of `works()`), at the original's own place in the list.
    ids = [translation.pk, others[0], draft.pk, original.pk, others[1], others[2]]
    result = catalogue.query({}, matches=SearchResult(ids, 6))

    assert list(result.ordered_ids) == [others[0], original.pk, others[1], others[2]]
    assert result.total == 4 and not result.is_estimate

    # Without its original among the matches, the translation stands for the work, at its own rank.
    result = catalogue.query({}, matches=SearchResult([others[1], translation.pk], 2))
    assert list(result.ordered_ids) == [others[1], translation.pk]
    # An explicit sort still applies.
    assert list(catalogue.query({}, sort="title", matches=SearchResult(ids, 6)).ordered_ids) == list(
        Output.objects.filter(pk__in=[others[0], original.pk, others[1], others[2]])
        .order_by("title", "pk")
        .values_list("pk", flat=True)
    )


def test_a_bounded_set_of_matches_announces_an_estimate(client, corpus):
    catalogue = Catalogue.from_database()
    ids = list(Output.objects.published().filter(translation_of=None).values_list("pk", flat=True)[:4])

    result = catalogue.query({}, matches=SearchResult(ids, 400))

    assert result.total == 4
    assert result.is_estimate and result.shown_total == 400


# A visitor sees every change on the next request.


def test_publishing_and_unpublishing_show_on_the_next_request(client):
    transport = builders.theme("Transport")
    shown = builders.output("Bus rapid transit", themes=[transport])
    draft = builders.output("Cycle lanes", status=Output.Status.DRAFT, themes=[transport])
    assert shown_titles(client.get(LIBRARY)) == ["Bus rapid transit"]

    draft.status = Output.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    assert sorted(shown_titles(client.get(LIBRARY))) == ["Bus rapid transit", "Cycle lanes"]
    assert facet_counts(client.get(LIBRARY), "theme") == {"Transport": 2}

    shown.status = Output.Status.ARCHIVED
    shown.save()
    response = client.get(LIBRARY)
    assert shown_titles(response) == ["Cycle lanes"]
    assert result_count(response) == "1 output"


def test_a_change_of_themes_shows_on_the_next_request(client):
    transport = builders.theme("Transport")
    water = builders.theme("Water")
    note = builders.output("Harbour note", themes=[transport])
    assert facet_counts(client.get(LIBRARY), "theme") == {"Transport": 1}

    note.themes.set([water])

    assert facet_counts(client.get(LIBRARY), "theme") == {"Water": 1}
    assert shown_titles(client.get(f"{LIBRARY}?theme=water")) == ["Harbour note"]
    assert shown_titles(client.get(f"{LIBRARY}?theme=transport")) == []


@override_settings(CONTENT_STATE_POLL_SECONDS=0)
def test_an_embargo_passing_shows_on_the_next_request(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        builders.output("Public note")
        builders.output("Embargoed note", published_at=timezone.now() + datetime.timedelta(minutes=5))
        assert shown_titles(client.get(LIBRARY)) == ["Public note"]
        traveller.shift(datetime.timedelta(minutes=4))
        assert shown_titles(client.get(LIBRARY)) == ["Public note"]

        # Nobody acts: the embargo date passes.
        traveller.shift(datetime.timedelta(minutes=2))

        assert sorted(shown_titles(client.get(LIBRARY))) == ["Embargoed note", "Public note"]


# Hostile and odd parameters: the page, with a message.


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "theme=no-such-theme",
            "Theme: Select a valid choice. no-such-theme is not one of the available choices.",
        ),
        ("city=atlantis", "City: Select a valid choice. atlantis is not one of the available choices."),
        ("deep_dive=nope", "Deep dive: Select a valid choice. nope is not one of the available choices."),
        ("year=abcd", "Year: Give years as four-digit numbers, such as 2017."),
        ("year=" + "9" * 5000, "Year: Give years as four-digit numbers, such as 2017."),
        ("page=-1", "“-1” is not a page number; showing the first page."),
        ("page=0", "Pages start at 1; showing the first page."),
        ("page=" + "9" * 5000, "There is only 1 page; showing it."),
        ("page=2", "There is only 1 page; showing it."),
        ("kind=dragon", "Kind: Select a valid choice. dragon is not one of the available choices."),
    ],
)
def test_hostile_parameters_give_the_page_with_a_message(client, query, message):
    builders.output("Public note", themes=[builders.theme("Transport")])

    response = client.get(f"{LIBRARY}?{query}")

    assert response.status_code == 200
    assert message in " ".join(problems_shown(response).split())
    assert shown_titles(response) == ["Public note"]
    assert facet_counts(response, "theme") == {"Transport": 1}


def test_many_cities_show_the_most_frequent_and_every_chosen_one(client):
    cities = [builders.city(f"City {number:03}") for number in range(70)]
    for number, city in enumerate(cities):
        # City 000 has the most outputs, City 069 the fewest.
        for _ in range(1 + (70 - number) // 10):
            builders.output(cities=[city])

    response = client.get(f"{LIBRARY}?city={cities[69].slug}")
    options = shown_facets(response)["city"]
    labels = [option.label for option in options]

    # Ten in view and the chosen one, then forty folded away: never the seventy.
    assert len(options) == 51
    assert labels[:10] == [f"City {number:03}" for number in range(10)]
    assert labels[10] == "City 069" and options[10].selected and options[10].count == 1
    assert labels[11:] == [f"City {number:03}" for number in range(10, 50)]
    assert "City 060" not in response.content.decode()


# The search engine's side of the contract: bounded matches, estimates, snippets.


def test_an_estimated_count_of_matches_is_announced_as_such(client, monkeypatch):
    shown = [builders.output(f"Flood note {number}") for number in range(3)]
    builders.output("Other note")
    ids = [output.pk for output in reversed(shown)]
    monkeypatch.setattr(
        "knowledge.library.keyword_matches", lambda q: SearchResult(ids, 1200, total_is_exact=False)
    )

    response = client.get(f"{LIBRARY}?q=flood")

    assert result_count(response) == "about 1,200 outputs"
    # In the engine's order, best first.
    assert shown_titles(response) == ["Flood note 2", "Flood note 1", "Flood note 0"]


def test_snippets_stand_in_for_the_summaries(client):
    note = builders.output(
        "Flood note", summary="The plain summary.", body="Early warnings about floods <script>."
    )
    other = builders.output("Other note", summary="Another summary.")

    html = rendered_results([note.pk, other.pk], parse("floods"))

    assert "Early warnings about <mark>floods</mark>" in html and "<script>" not in html
    assert "Another summary." in html


def test_with_keywords_the_best_match_comes_first_and_other_orders_can_be_chosen(client, monkeypatch):
    older = builders.output("Older flood note", publication_date=datetime.date(2015, 1, 1))
    newer = builders.output("Newer flood note", publication_date=datetime.date(2022, 1, 1))
    monkeypatch.setattr("knowledge.library.keyword_matches", lambda q: SearchResult([older.pk, newer.pk], 2))

    best = client.get(f"{LIBRARY}?q=flood")
    assert shown_titles(best) == ["Older flood note", "Newer flood note"]
    assert '<option value="relevance" selected>Best match</option>' in best.content.decode()

    newest = client.get(f"{LIBRARY}?q=flood&sort=newest")
    assert shown_titles(newest) == ["Newer flood note", "Older flood note"]
    assert '<option value="relevance">Best match</option>' in newest.content.decode()
    # Without keywords there is nothing to match best.
    assert 'value="relevance"' not in client.get(LIBRARY).content.decode()


def test_related_outputs_are_the_closest_works_as_the_database_ranks_them(corpus):
    catalogue = Catalogue.from_database()
    published = Output.objects.published()
    compared = 0
    for output in published.prefetch_related("themes"):
        expected = list(
            related_to(exclude_work_of(works(published), output), output).values_list("pk", "closeness")
        )
        related = catalogue.related_to(
            output.pk,
            output.translation_of_id or output.pk,
            [theme.pk for theme in output.themes.all()],
            output.deep_dive_id,
        )
        closeness = dict(expected)
        # The same works, in the same order of closeness (equally close ones may differ in tie-breaks).
        assert sorted(related.ids.tolist()) == sorted(closeness)
        assert [closeness[pk] for pk in related.ids.tolist()] == [value for _, value in expected]
        first_four = catalogue.related_to(
            output.pk,
            output.translation_of_id or output.pk,
            [theme.pk for theme in output.themes.all()],
            output.deep_dive_id,
            limit=4,
        )
        assert first_four.ids.tolist() == related.ids.tolist()[:4]
        compared += bool(expected)
    assert compared >= 10
