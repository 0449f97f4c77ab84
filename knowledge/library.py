"""The library's results and facet counts (from the in-memory catalogue), and the lessons list's."""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cities.models import Theme
from content_state import rendering, versions
from cpp_portal import search
from cpp_portal.facets import Facet, build_facet, faceted_list_context, linked_counts
from cpp_portal.search import Query, SearchResult
from knowledge.catalogue import Catalogue, CatalogueResult, current_catalogue
from knowledge.filters import LessonFilter, OutputFilter
from knowledge.models import Language, Lesson, Output, Sort


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
    rendering.depends_on("outputs", "lessons", "themes")
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


@dataclass
class LibraryPage:
    """One catalogue query, and the catalogue that answered it."""

    result: CatalogueResult
    catalogue: Catalogue


def library_selection(filterset: OutputFilter) -> tuple[Query, LibraryPage]:
    """The library's keywords, and its works for these filters and keywords, in its order."""
    query = search.parse(filterset.cleaned_data.get("q") or "")
    return query, library_page(filterset, matches=None if query.is_empty else keyword_matches(query))


def library_listing(request, filterset: OutputFilter) -> dict:
    """What the library shows for these filters: one page of works (from the catalogue, in the order
    asked for or the search engine's), the facets with their counts, and what was ignored."""
    query, library = library_selection(filterset)
    context = faceted_list_context(
        request, filterset, IdList(library.result.ordered_ids), [], per_page=settings.LIBRARY_PAGE_SIZE
    )
    if query.text and query.is_empty:
        context["problems"].append(_("Keywords: there is no word to search for, so every output is listed."))
    context.update(rendered_filters(filterset, library, clear_url=context["clear_url"]))
    # With keywords, a highlighted passage that shows why each output matched stands for its summary.
    context["results_html"] = rendered_results(context["page_obj"].object_list, query)
    context["result"] = library.result
    if not query.is_empty and not library.result.total:
        context["suggestion"] = search.did_you_mean(query)
    context["current_sort"] = filterset.cleaned_data.get("sort") or (
        Sort.NEWEST if query.is_empty else Sort.RELEVANCE
    )
    return context


class IdList(Sequence):
    """The catalogue's ids as a sequence the paginator can cut: a page of it is a list of ints."""

    def __init__(self, ids: np.ndarray):
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [int(pk) for pk in self.ids[index]]
        return int(self.ids[index])


def keyword_matches(query: Query) -> SearchResult:
    """The published output versions the search engine finds, best first."""
    return search.search(query, search.OUTPUT)


def works_matching(matches: SearchResult) -> CatalogueResult:
    """The works the library lists, unfiltered, for these matches of its keywords (an output and its
    translations are one work): what a count or a preview that leads to the library must show."""
    return current_catalogue().query({}, matches=matches)


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

    Rendering some hundred options, each with its link, costs more than the catalogue's query. Most
    changes of content change only the counts, so the options are rendered once for the filters chosen,
    the language and the choices shown, with a marker where each count goes, and kept; each request
    fills in the counts.
    """
    rows = facet_rows(filterset, library.catalogue, library.result)
    shape = [(name, [(value, label) for value, label, _count in facet]) for name, facet in rows]
    digest = hashlib.sha256(repr((filterset.link_params.urlencode(), clear_url, shape)).encode()).hexdigest()
    key = f"library-filters:{get_language()}:{digest}"
    pieces = cache.get(key)
    if pieces is None:
        pieces = _rendered_with_count_markers(filterset, rows, clear_url)
        cache.set(key, pieces, settings.FRAGMENT_CACHE_SECONDS)
    counts = _formatted_counts([count for _name, facet in rows for _value, _label, count in facet])
    return {
        # The pieces are the templates' own escaped output, and the counts are numbers.
        name: mark_safe(
            "".join(piece if index % 2 == 0 else counts[int(piece)] for index, piece in enumerate(parts))
        )  # noqa: S308
        for name, parts in pieces.items()
    }


def _formatted_counts(counts: list[int]) -> list[str]:
    """Counts with the language's thousands separator, as `intcomma` writes them (which, called a hundred
    times, costs more than the rest of the page)."""
    separator = get_format("THOUSAND_SEPARATOR")
    return [f"{count:,}".replace(",", separator) for count in counts]


_COUNT_MARKER = re.compile("\ue010(\\d+)\ue011")


def _rendered_with_count_markers(filterset: OutputFilter, rows, clear_url: str) -> dict[str, list[str]]:
    """The facets' HTML with the n-th count (in the order of `rows`) as a marker, cut at the markers:
    a list alternating text and the index of a count."""
    markers = iter(range(10**9))
    marked = [
        (name, [(value, label, f"\ue010{next(markers)}\ue011") for value, label, _count in facet])
        for name, facet in rows
    ]
    facets = [build_facet(filterset, name, facet, shown=FACET_SHOWN.get(name, 10)) for name, facet in marked]
    context = {"facets": facets, "filterset": filterset, "clear_url": clear_url}
    return {
        name: _COUNT_MARKER.split(render_to_string(template, context))
        for name, template in (
            ("filters_html", "includes/facets.html"),
            ("active_filters_html", "includes/active_filters.html"),
        )
    }


def catalogue_facets(filterset: OutputFilter, catalogue: Catalogue, result: CatalogueResult) -> list[Facet]:
    """Each library filter with, beside every choice, the number of results it would give, in the
    order the database would give them (tests/knowledge/library_reference.py)."""
    return [
        build_facet(filterset, name, facet, shown=FACET_SHOWN.get(name, 10))
        for name, facet in facet_rows(filterset, catalogue, result)
    ]


# How many choices each facet shows before "N more" (and always the chosen ones).
FACET_SHOWN = {"theme": 12, "city": SHOWN_CHOICES, "deep_dive": SHOWN_CHOICES}


def facet_rows(
    filterset: OutputFilter, catalogue: Catalogue, result: CatalogueResult
) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """For each facet, its choices as (value, label, count), in display order."""
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
        ("kind", kinds),
        ("theme", themes),
        ("city", cities),
        ("deep_dive", deep_dives),
        ("language", languages),
        ("year", years),
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
    if chosen:
        kept += [
            code for code in ranked[SHOWN_CHOICES + FOLDED_CHOICES :].tolist() if labels[code].slug in chosen
        ]
    return [(labels[code].slug, labels[code].name, int(counts[code])) for code in kept]


def rendered_results(ids: list[int], query: Query | None = None) -> str:
    """The result cards of one page as HTML. Each card is kept in the shared cache for as long as its
    output and the names on it stand, for the language and, with keywords, for the keywords (whose
    highlighted passage stands in for the summary; passages are looked for only for the cards not kept)."""
    keywords = query.text if query is not None and not query.is_empty else ""
    suffix = f":{hashlib.sha256(keywords.encode()).hexdigest()[:16]}" if keywords else ""
    keys = {pk: f"card:{get_language()}:{pk}{suffix}" for pk in ids}
    cards = rendering.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in cards]
    if missing:
        started_at = versions.sequence()
        snippets = search.snippets(query, search.OUTPUT, missing) if keywords else {}
        for output in outputs_in_order(missing):
            output.snippet = snippets.get(output.pk)
            html = render_to_string("includes/output_card_item.html", {"output": output})
            cards[keys[output.pk]] = html
            rendering.store(keys[output.pk], html, rendering.Reading(started_at, card_scopes(output)))
    return mark_safe("".join(cards.get(keys[pk], "") for pk in ids))  # noqa: S308 - rendered templates


def card_scopes(output: Output) -> set[str]:
    """What a card shows: the output's work, and the names of its themes and cities."""
    return {f"output:{output.pk}", "taxonomy"}


def outputs_in_order(ids) -> list[Output]:
    """The outputs of `ids`, loaded for the list, in that order."""
    ids = [int(pk) for pk in ids]
    rendering.depends_on("taxonomy", *(f"output:{pk}" for pk in ids))
    loaded = Output.objects.filter(pk__in=ids).for_listing().with_versions().in_bulk()
    return [loaded[pk] for pk in ids if pk in loaded]
