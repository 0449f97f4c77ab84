import django_filters
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cities.models import City, Theme
from cpp_portal.facets import Facet, FacetedFilterSet, build_facet, linked_counts, linked_to_any


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

    def facets(self) -> list[Facet]:
        """Role and theme, each choice with the number of cities it would give under the other filter."""
        role_counts = dict(
            self.queryset_without("role")
            .order_by()
            .values_list("role")
            .annotate(total=Count("pk"))
            .order_by()
        )
        roles = [
            (value, label, role_counts[value]) for value, label in City.Role.choices if value in role_counts
        ]
        themes = linked_counts(
            City.themes.through, owner="city", owners=self.queryset_without("theme"), related="theme"
        )
        return [build_facet(self, "role", roles), build_facet(self, "theme", themes, shown=12)]
