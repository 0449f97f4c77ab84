import django_filters
from django.utils.translation import gettext_lazy as _

from cities.models import City, Theme
from cpp_portal.facets import Facet, FacetedFilterSet, build_facet, linked_counts, linked_to_any
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

    def facets(self) -> list[Facet]:
        """Theme and host city, each choice with the number of deep dives it would give under the other."""
        themes = linked_counts(
            DeepDive.themes.through, owner="deepdive", owners=self.queryset_without("theme"), related="theme"
        )
        hosts = linked_counts(
            DeepDive.host_cities.through,
            owner="deepdive",
            owners=self.queryset_without("host"),
            related="city",
            most_first=True,
        )
        return [build_facet(self, "theme", themes, shown=12), build_facet(self, "host", hosts)]
