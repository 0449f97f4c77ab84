import django_filters
from django.utils.translation import gettext_lazy as _

from cities.models import City, Theme
from cpp_portal.facets import FacetedFilterSet
from deep_dives.models import DeepDive


class DeepDiveFilter(FacetedFilterSet):
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        field_name="themes",
        distinct=True,
    )
    host = django_filters.ModelMultipleChoiceFilter(
        label=_("Host city"),
        queryset=City.objects.partners(),
        to_field_name="slug",
        field_name="host_cities",
        distinct=True,
    )

    FACETS = ("theme", "host")

    class Meta:
        model = DeepDive
        fields: list[str] = []
