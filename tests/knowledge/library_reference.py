"""The library answered by the database: the slow reference that the in-memory catalogue
(knowledge/catalogue.py) is checked against in tests/knowledge/test_catalogue.py.

Nothing in production calls this. It states the library's rules as plain ORM queries, so that a reader
can see what the catalogue's NumPy passes must give: the works rule (one version per work), each sort,
each facet's counts under the other filters, and the related outputs.
"""

import django_filters
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from cpp_portal import search
from cpp_portal.facets import Facet, build_facet, linked_counts
from knowledge.filters import OutputFilter, SearchFilter
from knowledge.models import Language, Output, Sort

ORDERINGS = {
    Sort.NEWEST: (
        F("publication_date").desc(nulls_last=True),
        F("published_at").desc(nulls_last=True),
        "-pk",
    ),
    Sort.OLDEST: (F("publication_date").asc(nulls_last=True), F("published_at").asc(nulls_last=True), "pk"),
    Sort.TITLE: ("title", "pk"),
}


def works(queryset):
    """One row per work (an original and its translations): the version of the work that `queryset`
    holds, the original when it holds the original, else its first translation by id."""
    earlier_version_here = queryset.filter(
        Q(pk=OuterRef("translation_of")) | Q(translation_of=OuterRef("translation_of"), pk__lt=OuterRef("pk"))
    )
    first_translations = (
        queryset.filter(translation_of__isnull=False).exclude(Exists(earlier_version_here)).values("pk")
    )
    return queryset.filter(Q(translation_of=None) | Q(pk__in=first_translations))


def exclude_work_of(queryset, output: Output):
    original_id = output.translation_of_id or output.pk
    return queryset.exclude(Q(pk=original_id) | Q(translation_of=original_id))


def related_to(queryset, output: Output):
    """Other outputs sharing themes or the deep dive with `output`, the closest first: closeness is the
    number of shared themes, plus one for the same deep dive; then the newest first."""
    theme_ids = [theme.pk for theme in output.themes.all()]
    shared_links = (
        Output.themes.through.objects.filter(output=OuterRef("pk"), theme__in=theme_ids)
        .order_by()
        .values("output")
        .annotate(total=Count("pk"))
        .values("total")
    )
    same_deep_dive = Q(deep_dive_id=output.deep_dive_id) if output.deep_dive_id else Q(pk__in=[])
    return (
        queryset.exclude(pk=output.pk)
        .annotate(shared_themes=Coalesce(Subquery(shared_links), 0))
        .filter(Q(shared_themes__gt=0) | same_deep_dive)
        .annotate(closeness=F("shared_themes") + Case(When(same_deep_dive, then=1), default=0))
        .order_by("-closeness", F("publication_date").desc(nulls_last=True), "-pk")
    )


class ReferenceOutputFilter(OutputFilter):
    """The library's filters applied by the database: keywords through the search engine, one version
    per work, then the chosen order."""

    q = SearchFilter(label=_("Keywords"), method="filter_keywords")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=Sort.choices, method="sort_results", empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.match_ids: list[int] | None = None

    def filter_keywords(self, queryset, name, value):
        query = search.parse(value)
        if query.is_empty:
            return queryset
        self.match_ids = search.search(query, search.OUTPUT).ids
        return queryset.filter(pk__in=self.match_ids)

    def sort_results(self, queryset, name, value):
        if value == Sort.RELEVANCE and self.match_ids is not None:
            return self._by_relevance(queryset)
        return queryset.order_by(*ORDERINGS.get(value, ORDERINGS[Sort.NEWEST]))

    def _by_relevance(self, queryset):
        places = [When(pk=pk, then=Value(place)) for place, pk in enumerate(self.match_ids)]
        return queryset.order_by(Case(*places, default=Value(len(places))), "pk")

    def filter_queryset(self, queryset):
        queryset = works(super().filter_queryset(queryset))
        if not self.form.cleaned_data.get("sort"):
            if self.match_ids is not None:
                return self._by_relevance(queryset)
            queryset = queryset.order_by(*ORDERINGS[Sort.NEWEST])
        return queryset

    def queryset_without(self, facet: str):
        """The results without `facet`, one row per work; except for the language facet, which counts
        every version (beside each language, the works that have a version in it)."""
        queryset = super().queryset_without(facet)
        return queryset if facet == "language" else works(queryset)


def output_facets(filterset: ReferenceOutputFilter) -> list[Facet]:
    """Each library filter with, beside every choice, the number of results it would give, one grouped
    query per facet; facets with many choices list them all, the most frequent first."""

    def counted(name: str, group_by: str, *labels: str):
        queryset = filterset.queryset_without(name).order_by()
        return queryset.values_list(group_by, *labels).annotate(total=Count("pk")).order_by()

    kind_counts = dict(counted("kind", "kind"))
    kinds = [
        (value, label, kind_counts[value]) for value, label in Output.Kind.choices if value in kind_counts
    ]

    language_labels = dict(Language.choices)
    language_rows = sorted(counted("language", "language"), key=lambda row: (-row[1], row[0]))
    languages = [(code, language_labels.get(code, code), total) for code, total in language_rows]

    years_queryset = filterset.queryset_without("year").exclude(publication_date=None).order_by()
    year_rows = years_queryset.annotate(year=ExtractYear("publication_date")).values_list("year")
    years = sorted(year_rows.annotate(total=Count("pk")).order_by(), reverse=True)

    themes = linked_counts(
        Output.themes.through, owner="output", owners=filterset.queryset_without("theme"), related="theme"
    )
    cities = linked_counts(
        Output.cities.through,
        owner="output",
        owners=filterset.queryset_without("city"),
        related="city",
        most_first=True,
    )
    deep_dive_rows = counted("deep_dive", "deep_dive__slug", "deep_dive__title").exclude(deep_dive=None)
    deep_dives = sorted(deep_dive_rows, key=lambda row: (-row[2], row[1]))

    return [
        build_facet(filterset, "kind", kinds),
        build_facet(filterset, "theme", themes, shown=12),
        build_facet(filterset, "city", cities),
        build_facet(filterset, "deep_dive", deep_dives),
        build_facet(filterset, "language", languages),
        build_facet(filterset, "year", [(year, year, total) for year, total in years]),
    ]
