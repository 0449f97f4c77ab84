from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cpp_portal.facets import build_facet, faceted_list_context, linked_counts
from cpp_portal.files import stored_file_response
from cpp_portal.page_cache import render_public_page
from deep_dives.filters import DeepDiveFilter
from deep_dives.models import DeepDive
from deep_dives.pages import DeepDivePage

DEEP_DIVES_PER_PAGE = 20


@require_safe
def deep_dive_list(request):
    filterset = DeepDiveFilter(request.GET, queryset=DeepDive.objects.recent())
    themes = linked_counts(
        DeepDive.themes.through, owner="deepdive", owners=filterset.queryset_without("theme"), related="theme"
    )
    hosts = linked_counts(
        DeepDive.host_cities.through,
        owner="deepdive",
        owners=filterset.queryset_without("host"),
        related="city",
        most_first=True,
    )
    facets = [
        build_facet(filterset, "theme", themes, shown=12),
        build_facet(filterset, "host", hosts),
    ]
    context = faceted_list_context(
        request, filterset, filterset.qs.for_listing(), facets, per_page=DEEP_DIVES_PER_PAGE
    )
    return render(request, "deep_dives/deep_dive_list.html", context)


@require_safe
def deep_dive_detail(request, slug: str):
    deep_dive = get_object_or_404(DeepDive, slug=slug)
    return render_public_page(
        request, "deep_dives/deep_dive_detail.html", {"deep_dive": deep_dive, "page": DeepDivePage(deep_dive)}
    )


@require_safe
def deep_dive_cover(request, slug: str):
    deep_dive = get_object_or_404(DeepDive.objects.only("cover_image"), slug=slug)
    return stored_file_response(deep_dive.cover_image, inline=True)
