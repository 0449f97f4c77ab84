from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cities.filters import CityFilter
from cities.models import City
from cities.pages import CityPage
from cities.partnership_map import flows_between, partnership_map
from cpp_portal.facets import build_facet, faceted_list_context, linked_counts
from cpp_portal.files import stored_file_response
from cpp_portal.page_cache import render_public_page

CITIES_PER_PAGE = 24


@require_safe
def city_list(request):
    filterset = CityFilter(request.GET, queryset=City.objects.partners_first())
    role_counts = dict(
        filterset.queryset_without("role")
        .order_by()
        .values_list("role")
        .annotate(total=Count("pk"))
        .order_by()
    )
    roles = [(value, label, role_counts[value]) for value, label in City.Role.choices if value in role_counts]
    themes = linked_counts(
        City.themes.through, owner="city", owners=filterset.queryset_without("theme"), related="theme"
    )
    facets = [
        build_facet(filterset, "role", roles),
        build_facet(filterset, "theme", themes, shown=12),
    ]
    context = faceted_list_context(
        request, filterset, filterset.qs.for_listing(), facets, per_page=CITIES_PER_PAGE
    )
    # The map shows every city, whatever the filters: it is the whole partnership.
    every_city = list(City.objects.partners_first().for_map())
    flows = flows_between(every_city)
    context.update(
        city_map=partnership_map(every_city, flows),
        map_partners=[city for city in every_city if city.is_partner],
        map_clients=[city for city in every_city if not city.is_partner],
        flows=flows,
    )
    return render(request, "cities/city_list.html", context)


@require_safe
def city_detail(request, slug: str):
    city = get_object_or_404(City, slug=slug)
    return render_public_page(request, "cities/city_detail.html", {"city": city, "page": CityPage(city)})


@require_safe
def city_cover(request, slug: str):
    city = get_object_or_404(City.objects.only("cover_image"), slug=slug)
    return stored_file_response(city.cover_image, inline=True)
