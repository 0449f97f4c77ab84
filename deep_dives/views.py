from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cpp_portal.facets import faceted_list_context
from cpp_portal.files import stored_file_response
from deep_dives.filters import DeepDiveFilter
from deep_dives.models import DeepDive

DEEP_DIVES_PER_PAGE = 20


@require_safe
def deep_dive_list(request):
    filterset = DeepDiveFilter(request.GET, queryset=DeepDive.objects.recent())
    context = faceted_list_context(
        request, filterset, filterset.qs.for_listing(), filterset.facets(), per_page=DEEP_DIVES_PER_PAGE
    )
    return render(request, "deep_dives/deep_dive_list.html", context)


@require_safe
def deep_dive_cover(request, slug: str):
    deep_dive = get_object_or_404(DeepDive.objects.only("cover_image"), slug=slug)
    return stored_file_response(request, deep_dive.cover_image, inline=True, public=True)
