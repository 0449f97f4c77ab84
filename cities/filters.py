import django_filters
from django.utils.translation import gettext_lazy as _

from cities.models import City, Theme
from cpp_portal.facets import FacetedFilterSet, linked_to_any


class CityFilter(FacetedFilterSet):
    role = django_filters.MultipleChoiceFilter(label=_("Role"), choices=City.Role.choices, distinct=False)
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method=linked_to_any(City.themes.through, owner="city", related="theme"),
    )

    FACETS = ("role", "theme")

    class Meta:
        model = City
        fields: list[str] = []
