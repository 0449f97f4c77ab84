from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cpp_portal.facets import build_facet, faceted_list_context, linked_counts
from cpp_portal.files import stored_file_response
from deep_dives.filters import DeepDiveFilter
from deep_dives.models import ActionPlan, DeepDive, Participation

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
    deep_dive = get_object_or_404(
        DeepDive.objects.prefetch_related(
            "themes",
            "host_cities",
            "sessions",
            Prefetch("participations", queryset=Participation.objects.select_related("city")),
            Prefetch("action_plans", queryset=ActionPlan.objects.select_related("city")),
        ),
        slug=slug,
    )
    # Outputs come through their reverse relation, so this app needs no import of the knowledge app.
    outputs = deep_dive.outputs.published().works().for_listing().newest_first()
    return render(
        request,
        "deep_dives/deep_dive_detail.html",
        {"deep_dive": deep_dive, "outputs": outputs[:12], "output_count": outputs.count()},
    )


@require_safe
def deep_dive_cover(request, slug: str):
    deep_dive = get_object_or_404(DeepDive.objects.only("cover_image"), slug=slug)
    return stored_file_response(deep_dive.cover_image, inline=True)
