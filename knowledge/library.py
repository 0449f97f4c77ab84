"""The library's results and facet counts (from the in-memory catalogue), and the lessons list's."""

import hashlib
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import get_language

from cities.models import Theme
from cpp_portal import search
from cpp_portal.facets import Facet, build_facet, linked_counts
from cpp_portal.search import Query, SearchResult
from knowledge.catalogue import Catalogue, CatalogueResult, current_catalogue
from knowledge.filters import LessonFilter, OutputFilter
from knowledge.models import Language, Lesson, Output


def lesson_facets(filterset: LessonFilter) -> list[Facet]:
    themes = linked_counts(
        Lesson.themes.through, owner="lesson", owners=filterset.queryset_without("theme"), related="theme"
    )
    city_rows = (
        filterset.queryset_without("city")
        .order_by()
        .values_list("city__slug", "city__name")
        .annotate(total=Count("pk"))
        .order_by()
    )
    cities = sorted(city_rows, key=lambda row: (-row[2], row[1]))
    return [
        build_facet(filterset, "theme", themes, shown=12),
        build_facet(filterset, "city", cities),
    ]


def themes_with_counts() -> list[Theme]:
    """Every theme with the number of its published outputs (works, as the library counts them) and
    of its published lessons."""
    catalogue = current_catalogue()
    output_counts, lesson_counts = catalogue.counts_by_theme, catalogue.lesson_counts_by_theme
    themes = list(Theme.objects.all())
    for theme in themes:
        theme.output_count = output_counts.get(theme.pk, 0)
        theme.lesson_count = lesson_counts.get(theme.pk, 0)
    return themes


# Facets with many choices (2,000 cities, 500 deep dives) list the most frequent ones: this many in
# view, up to FOLDED_CHOICES more folded away, and every chosen one. Never thousands of options.
SHOWN_CHOICES = 10
FOLDED_CHOICES = 40


# Rendered filters and results are kept this long (seconds); a new content state makes them unused at once.
RENDERED_FILTERS_TIMEOUT = 600


@dataclass
class LibraryPage:
    """One catalogue query, and the catalogue that answered it."""

    result: CatalogueResult
    catalogue: Catalogue


def keyword_matches(query: Query) -> SearchResult:
    """The published output versions the search engine finds, best first."""
    return search.search(query, search.OUTPUT)


def catalogue_filters(filterset: OutputFilter) -> dict[str, list]:
    """The valid chosen filter values in the catalogue's terms (themes, cities, deep dives by id)."""
    cleaned = filterset.cleaned_data
    return {
        "kind": list(cleaned.get("kind") or []),
        "theme": [theme.pk for theme in cleaned.get("theme") or []],
        "city": [city.pk for city in cleaned.get("city") or []],
        "deep_dive": [deep_dive.pk for deep_dive in cleaned.get("deep_dive") or []],
        "language": list(cleaned.get("language") or []),
        "year": list(cleaned.get("year") or []),
    }


def library_page(filterset: OutputFilter, *, matches: SearchResult | None = None) -> LibraryPage:
    """The library's works in order and its facets, from the catalogue of the current content state."""
    catalogue = current_catalogue()
    result = catalogue.query(
        catalogue_filters(filterset), sort=filterset.cleaned_data.get("sort"), matches=matches
    )
    return LibraryPage(result, catalogue)


def rendered_filters(filterset: OutputFilter, library: LibraryPage, *, clear_url: str) -> dict[str, str]:
    """The sidebar of facets and the chips of the active filters, as HTML.

    Rendering some hundred options costs more than the query: the HTML is kept in the shared cache for
    the content state, the interface language and the filter values (the same for every page number).
    """
    params = filterset.link_params.urlencode()
    digest = hashlib.sha256(params.encode()).hexdigest()
    key = f"library-filters:{library.catalogue.version}:{get_language()}:{digest}"
    rendered = cache.get(key)
    if rendered is None:
        facets = catalogue_facets(filterset, library.catalogue, library.result)
        context = {"facets": facets, "filterset": filterset, "clear_url": clear_url}
        rendered = {
            "filters_html": render_to_string("includes/facets.html", context),
            "active_filters_html": render_to_string("includes/active_filters.html", context),
        }
        cache.set(key, rendered, RENDERED_FILTERS_TIMEOUT)
    return rendered


def catalogue_facets(filterset: OutputFilter, catalogue: Catalogue, result: CatalogueResult) -> list[Facet]:
    """Each library filter with, beside every choice, the number of results it would give, in the
    order the database would give them (tests/knowledge/library_reference.py)."""
    counts = result.counts

    def present(name: str) -> list[int]:
        return np.flatnonzero(counts[name]).tolist()

    kind_labels = dict(Output.Kind.choices)
    kinds = [
        (
            catalogue.choices["kind"][code],
            kind_labels[catalogue.choices["kind"][code]],
            int(counts["kind"][code]),
        )
        for code in present("kind")
    ]
    language_labels = dict(Language.choices)
    languages = sorted(
        (
            (value, language_labels[value], int(counts["language"][code]))
            for code in present("language")
            for value in [catalogue.choices["language"][code]]
        ),
        key=lambda row: (-row[2], row[0]),
    )
    years = [
        (catalogue.choices["year"][code], catalogue.choices["year"][code], int(counts["year"][code]))
        for code in reversed(present("year"))
        if code
    ]
    themes = [
        (label.slug, label.name, int(counts["theme"][code]))
        for code in present("theme")
        for label in [catalogue.choices["theme"][code]]
    ]
    # Cities are coded in name order, so equal counts stay in name order; deep dives by title.
    cities = _most_frequent(filterset, catalogue, "city", counts["city"], np.arange(len(counts["city"])))
    deep_dives = _most_frequent(
        filterset, catalogue, "deep_dive", counts["deep_dive"], catalogue.deep_dive_title_rank
    )
    return [
        build_facet(filterset, "kind", kinds),
        build_facet(filterset, "theme", themes, shown=12),
        build_facet(filterset, "city", cities, shown=SHOWN_CHOICES),
        build_facet(filterset, "deep_dive", deep_dives, shown=SHOWN_CHOICES),
        build_facet(filterset, "language", languages),
        build_facet(filterset, "year", years),
    ]


def _most_frequent(
    filterset: OutputFilter, catalogue: Catalogue, name: str, counts: np.ndarray, tie_rank: np.ndarray
) -> list[tuple[str, str, int]]:
    """(slug, label, count) of the most frequent choices, the most first, up to the shown and folded
    ones, and of the chosen ones beyond them."""
    codes = np.flatnonzero(counts)
    codes = codes[tie_rank[codes] >= 0]
    ranked = codes[np.lexsort((tie_rank[codes], -counts[codes]))]
    chosen = filterset.selected_values(name)
    labels = catalogue.choices[name]
    kept = ranked[: SHOWN_CHOICES + FOLDED_CHOICES].tolist()
    kept += [
        code for code in ranked[SHOWN_CHOICES + FOLDED_CHOICES :].tolist() if labels[code].slug in chosen
    ]
    return [(labels[code].slug, labels[code].name, int(counts[code])) for code in kept]


def rendered_results(version: str, ids: list[int], query: Query | None = None) -> str:
    """The result cards of one page as HTML, kept in the shared cache for the content state, the
    interface language, the outputs shown and the keywords (whose highlighted passages stand in for the
    summaries: they are looked for only when the cards are not in the cache)."""
    keywords = query.text if query is not None and not query.is_empty else ""
    digest = hashlib.sha256(repr((ids, keywords)).encode()).hexdigest()
    key = f"library-results:{version}:{get_language()}:{digest}"
    rendered = cache.get(key)
    if rendered is None:
        snippets = search.snippets(query, "output", ids) if keywords else {}
        outputs = outputs_in_order(ids)
        for output in outputs:
            output.snippet = snippets.get(output.pk)
        rendered = render_to_string("includes/output_card_items.html", {"outputs": outputs})
        cache.set(key, rendered, RENDERED_FILTERS_TIMEOUT)
    return rendered


def outputs_in_order(ids) -> list[Output]:
    """The outputs of `ids`, loaded for the list, in that order."""
    ids = [int(pk) for pk in ids]
    loaded = Output.objects.filter(pk__in=ids).for_listing().with_versions().in_bulk()
    return [loaded[pk] for pk in ids if pk in loaded]
