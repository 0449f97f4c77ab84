"""Facet counts for the library and the lessons list."""

from django.db.models import Count, F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, ExtractYear

from cities.models import Theme
from cpp_portal.facets import Facet, build_facet, linked_counts
from knowledge.filters import LessonFilter, OutputFilter
from knowledge.models import Language, Lesson, Output


def output_facets(filterset: OutputFilter) -> list[Facet]:
    """Each library filter with, beside every choice, the number of results it would give.

    One grouped query per facet, whatever the number of outputs.
    """

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


def themes_with_counts():
    """Every theme with the number of its published outputs and lessons."""
    # Works, as the library counts them; works() comes before OuterRef, which must not end up inside it.
    published_outputs = Output.objects.published().works().filter(themes=OuterRef("pk"))
    published_lessons = Lesson.objects.published().filter(themes=OuterRef("pk"))
    return Theme.objects.annotate(
        output_count=_count_of(published_outputs), lesson_count=_count_of(published_lessons)
    )


def _count_of(queryset):
    """A subquery counting the rows of `queryset` (COUNT as a plain function, so nothing is grouped)."""
    counts = queryset.order_by().annotate(total=Func(F("pk"), function="COUNT")).values("total")
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)
