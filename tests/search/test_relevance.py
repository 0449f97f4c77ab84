"""The relevance suite: queries over a fixed corpus, each with the outputs that must come first (in
that order) and the outputs that must not be found at all."""

import pytest

from cpp_portal import search
from tests import builders
from tests.search.corpus import build_corpus


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outputs = build_corpus()
        yield {key: output.pk for key, output in outputs.items()}
        for output in outputs.values():
            output.delete()
        from cities.models import City, Theme

        City.objects.all().delete()
        Theme.objects.all().delete()


# (query, outputs that must come first in this order, outputs that must not be found)
CASES = [
    # Stemming
    ("cities", ["toyama_compact", "mobility_report"], ["draft_secret"]),
    ("floods", [{"flood_toolkit", "flood_insurance"}], []),
    ("readjusting", ["dhaka_housing"], []),
    ("evacuating", ["kobe_disaster"], []),
    ("neighbourhood", ["flood_toolkit", "dhaka_housing"], []),
    ("households", [{"flood_toolkit", "waste_note", "flood_insurance"}], []),
    # Whole words: "house" is not in "households" (but "housing" is its word)
    ("house", ["dhaka_housing", "toyama_compact"], ["flood_toolkit", "waste_note", "flood_insurance"]),
    # Title above summary above body above attachment text
    ("light rail", ["light_rail", "mobility_report"], []),
    ("drainage", ["drainage_summary", "drainage_body"], []),
    ("sewerage", ["sewerage_body", "sewerage_file"], []),
    ("toyama", ["toyama_compact", "toyama_ja"], []),
    ("tram", [{"light_rail", "mobility_report"}, "toyama_compact"], []),
    # Phrases
    ('"early warning"', ["flood_toolkit"], ["warning_apart"]),
    ('"light rail revival"', ["mobility_report"], ["light_rail"]),
    ('"compact city"', ["toyama_compact"], []),
    ('"city compact"', [], ["toyama_compact"]),
    # Exclusion
    ("flood -toolkit", ["flood_insurance"], ["flood_toolkit"]),
    ("toyama -tram", ["toyama_ja"], ["toyama_compact"]),
    ('note -"storm water"', [], ["drainage_summary"]),
    # OR
    ("kobe OR yokohama", ["kobe_disaster", "yokohama_port"], []),
    ("quoryx OR sewerage", ["sewerage_body", {"waste_note", "sewerage_file"}], ["draft_secret"]),
    # Only inside an attachment
    ("quoryx", ["waste_note"], ["draft_secret"]),
    ("recyclables worksheet", ["waste_note"], []),
    # Japanese
    ("富山", ["toyama_ja"], []),
    ("山市", ["toyama_ja"], []),
    ("政策", ["toyama_ja"], []),
    ("富", ["toyama_ja"], []),
    ("路面電車", ["toyama_ja"], []),
    ("ほしぞら回廊", ["toyama_ja"], []),
    ("toyama 富山", ["toyama_ja"], ["toyama_compact"]),
    ("富山 -路面電車", [], ["toyama_ja"]),
    # Unpublished content is never found
    ("zelkovine", [], ["draft_secret"]),
    ("hydrogen ferries", [], ["draft_secret", "embargoed"]),
    # Markup in a title is only text
    ("budgets", ["html_title"], []),
]


# What the two databases rank differently, and why.
SQLITE_DIFFERENCES = {
    "kobe OR yokohama": (
        "bm25 weighs a rarer word more (Kobe is also a city, Yokohama is not), so SQLite ranks the title "
        "match of Yokohama first; PostgreSQL's ts_rank counts Kobe in the title and the summary"
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "first", "absent"),
    [
        pytest.param(
            *case,
            id=case[0],
            marks=[pytest.mark.not_on_sqlite(reason=SQLITE_DIFFERENCES[case[0]])]
            if case[0] in SQLITE_DIFFERENCES
            else [],
        )
        for case in CASES
    ],
)
def test_query_finds_the_right_outputs_first(corpus, query, first, absent):
    """`first` lists the outputs that must lead, in order; a set stands for outputs whose order among
    themselves does not matter (equal weight, then the newest first)."""
    hits = search.search(search.parse(query), "output")
    position = 0
    for expected in first:
        group = {corpus[key] for key in ([expected] if isinstance(expected, str) else expected)}
        assert set(hits.ids[position : position + len(group)]) == group, _explain(corpus, hits.ids)
        position += len(group)
    assert not {corpus[key] for key in absent} & set(hits.ids), _explain(corpus, hits.ids)
    assert hits.total == len(hits.ids)


def _explain(corpus, ids):
    names = {pk: key for key, pk in corpus.items()}
    return f"found: {[names.get(pk, pk) for pk in ids]}"


MISSPELLINGS = [
    ("Toyma", "Toyama"),
    ("resilence toolkit", "resilience toolkit"),
    ("yokohamma port", "yokohama port"),
    ("sanitaton", "sanitation"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "suggestion"), MISSPELLINGS)
def test_a_misspelling_that_finds_nothing_is_corrected(corpus, query, suggestion):
    assert search.search(search.parse(query), "output").total == 0 or " " in query
    assert search.did_you_mean(search.parse(query)) == suggestion
    assert search.search(search.parse(suggestion), "output").total > 0


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["zelkovin", "zelkovine", "hydrogn ferries", "toyama", "tram", "trams"])
def test_no_suggestion_from_unpublished_titles_or_for_words_that_match(corpus, query):
    suggestion = search.did_you_mean(search.parse(query))
    assert suggestion is None or "elkovin" not in suggestion.lower() and "hydrogen" not in suggestion.lower()


@pytest.mark.django_db
def test_a_real_word_of_the_corpus_is_never_corrected_to_a_common_word(corpus):
    builders.output("Long-term planning")  # "term" becomes a word that may be suggested
    assert search.search(search.parse("tram"), "output").total > 0
    assert search.did_you_mean(search.parse("tram")) is None
    assert search.did_you_mean(search.parse("tram OR sanitaton")) == "tram OR sanitation"


@pytest.mark.django_db
def test_a_correction_is_offered_only_when_it_finds_more(corpus):
    # Each word alone is corrected to a word that finds content, but together they find nothing.
    assert search.search(search.parse("sanitation yokohama"), "output").total == 0
    assert search.did_you_mean(search.parse("sanitaton yokohamma")) is None
