import django_filters
from django.utils.translation import gettext_lazy as _

from cities.models import City, Theme
from cpp_portal.facets import FacetedFilterSet, linked_to_any
from deep_dives.models import DeepDive


class DeepDiveFilter(FacetedFilterSet):
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method=linked_to_any(DeepDive.themes.through, owner="deepdive", related="theme"),
    )
    host = django_filters.ModelMultipleChoiceFilter(
        label=_("Host city"),
        queryset=City.objects.partners(),
        to_field_name="slug",
        method=linked_to_any(DeepDive.host_cities.through, owner="deepdive", related="city"),
    )

    FACETS = ("theme", "host")

    class Meta:
        model = DeepDive
        fields: list[str] = []
