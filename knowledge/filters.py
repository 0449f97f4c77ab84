import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cities.models import City, Theme
from cpp_portal.facets import FacetedFilterSet, linked_to_any, not_applied
from deep_dives.models import DeepDive
from knowledge.models import Language, Lesson, Output, Sort

MAX_QUERY_LENGTH = 200


class YearListField(forms.Field):
    """One or more years given as repeated `year` parameters."""

    widget = forms.SelectMultiple
    default_error_messages = {"invalid": _("Give years as four-digit numbers, such as 2017.")}

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        years = []
        for item in values:
            item = str(item).strip()
            if not (item.isascii() and item.isdigit() and len(item) == 4 and 1900 <= int(item) <= 2100):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            years.append(int(item))
        return sorted(set(years))


class YearListFilter(django_filters.Filter):
    field_class = YearListField

    def filter(self, qs, value):
        if not value:
            return qs
        in_any_year = Q()
        for year in value:
            in_any_year |= Q(
                publication_date__gte=datetime.date(year, 1, 1),
                publication_date__lt=datetime.date(year + 1, 1, 1),
            )
        return qs.filter(in_any_year)


class SearchField(forms.CharField):
    """Keyword text, cut to a sensible length instead of refusing a long paste."""

    def to_python(self, value):
        return super().to_python(value)[:MAX_QUERY_LENGTH]


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class OutputFilter(FacetedFilterSet):
    """The library's filters. Every value is a plain GET parameter, so any state is a shareable URL."""

    # Keywords and the order are applied by the library's catalogue (knowledge/library.py), not here.
    q = SearchFilter(label=_("Keywords"), method=not_applied)
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=Output.Kind.choices, distinct=False)
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method=linked_to_any(Output.themes.through, owner="output", related="theme"),
    )
    city = django_filters.ModelMultipleChoiceFilter(
        label=_("City"),
        queryset=City.objects.all(),
        to_field_name="slug",
        method=linked_to_any(Output.cities.through, owner="output", related="city"),
    )
    deep_dive = django_filters.ModelMultipleChoiceFilter(
        label=_("Deep dive"),
        queryset=DeepDive.objects.all(),
        to_field_name="slug",
        field_name="deep_dive__slug",
        distinct=False,
    )
    language = django_filters.MultipleChoiceFilter(
        label=_("Language"), choices=Language.choices, distinct=False
    )
    year = YearListFilter(label=_("Year"))
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Sort.choices,
        method=not_applied,
        empty_label=None,
    )

    # Filters that narrow the results (and so get counts beside their choices); q and sort do not.
    FACETS = ("kind", "theme", "city", "deep_dive", "language", "year")

    class Meta:
        model = Output
        fields: list[str] = []


class LessonFilter(FacetedFilterSet):
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method=linked_to_any(Lesson.themes.through, owner="lesson", related="theme"),
    )
    city = django_filters.ModelMultipleChoiceFilter(
        label=_("City"),
        queryset=City.objects.all(),
        to_field_name="slug",
        field_name="city__slug",
        distinct=False,
    )

    FACETS = ("theme", "city")

    class Meta:
        model = Lesson
        fields: list[str] = []
