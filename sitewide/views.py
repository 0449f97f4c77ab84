"""The pages that bring several apps together: the home page, the cities (with the learning flows of
their deep dives), a city's page, a deep dive's page and the curators' dashboard."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cities.filters import CityFilter
from cities.models import City
from cities.partnership_map import partnership_map
from content_state.rendering import render_page
from cpp_portal.facets import faceted_list_context
from deep_dives.flows import flows_between
from deep_dives.models import DeepDive
from sitewide import statistics
from sitewide.forms import DashboardForm
from sitewide.pages import CityPage, DeepDivePage, HomePage

CITIES_PER_PAGE = 24


@require_safe
def home(request):
    page = HomePage()
    return render_page(request, "sitewide/home.html", {"page": page}, scopes=page.scopes)


@require_safe
def city_list(request):
    filterset = CityFilter(request.GET, queryset=City.objects.partners_first())
    context = faceted_list_context(
        request, filterset, filterset.qs.for_listing(), filterset.facets(), per_page=CITIES_PER_PAGE
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
    return render(request, "sitewide/city_list.html", context)


@require_safe
def city_detail(request, slug: str):
    city = get_object_or_404(City, slug=slug)
    page = CityPage(city)
    return render_page(request, "sitewide/city_detail.html", {"city": city, "page": page}, scopes=page.scopes)


@require_safe
def deep_dive_detail(request, slug: str):
    deep_dive = get_object_or_404(DeepDive, slug=slug)
    page = DeepDivePage(deep_dive)
    return render_page(
        request, "sitewide/deep_dive_detail.html", {"deep_dive": deep_dive, "page": page}, scopes=page.scopes
    )


@require_safe
def dashboard(request):
    """The curators' dashboard: what was published and how much it is used. Staff with the permission only.

    Everyone else gets the 404 of a page that does not exist, as for anything they may not see.
    """
    if not (request.user.is_staff and request.user.has_perm("knowledge.view_outputusage")):
        raise Http404
    form = DashboardForm(request.GET)
    period = statistics.period(form.chosen_period())
    charts = statistics.dashboard_charts(period)
    return render(
        request,
        "sitewide/dashboard.html",
        {
            "form": form,
            "period": period,
            "periods": statistics.PERIODS,
            "problems": form.problems(),
            "charts": charts,
            "published_count": charts[0].total,
            "usage": statistics.usage_totals(period),
            "most_used": statistics.most_used(period),
        },
    )
