"""The list endpoints' filters: the portal's own filter sets (the library's, the lessons', the cities'
and the deep dives'), with `q` applied by the portal's search engine, and no parameter left unchecked."""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from cities.models import City
from cpp_portal import search
from deep_dives.models import ActionPlan, DeepDive
from knowledge.filters import OutputFilter, SearchFilter
from knowledge.library import keyword_matches


class OutputApiFilter(OutputFilter):
    q = SearchFilter(
        label=gettext_lazy("Keywords, as the library's search box takes them"), method="matching"
    )

    def matching(self, queryset, name, value):
        query = search.parse(value)
        if query.is_empty:
            return queryset
        return queryset.filter(pk__in=keyword_matches(query).ids)


# The API lists in one fixed order (its cursors need one): the library's `sort` has no place here.
del OutputApiFilter.base_filters["sort"]


class ActionPlanFilter(django_filters.FilterSet):
    deep_dive = django_filters.ModelMultipleChoiceFilter(
        queryset=DeepDive.objects.all(), to_field_name="slug", field_name="deep_dive__slug", distinct=False
    )
    city = django_filters.ModelMultipleChoiceFilter(
        queryset=City.objects.all(), to_field_name="slug", field_name="city__slug", distinct=False
    )
    status = django_filters.MultipleChoiceFilter(choices=ActionPlan.Status.choices, distinct=False)

    class Meta:
        model = ActionPlan
        fields: list[str] = []


# Parameters every list takes besides its filters.
PAGING_PARAMETERS = {"cursor", "page_size"}


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing a parameter the endpoint does not know instead of ignoring it:
    a typo (`?kinds=`) would otherwise return everything, which looks like an answer."""

    def filter_queryset(self, request, queryset, view):
        is_list = getattr(view, "action", None) == "list"
        filterset_class = self.get_filterset_class(view, queryset)
        known = set()
        if is_list:
            known = PAGING_PARAMETERS | (set(filterset_class.base_filters) if filterset_class else set())
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError(
                {
                    name: [
                        _("This endpoint takes no such parameter. It takes: %(known)s.")
                        % {"known": ", ".join(sorted(known)) or _("none")}
                    ]
                    for name in unknown
                }
            )
        if not is_list:
            return queryset
        return super().filter_queryset(request, queryset, view)
