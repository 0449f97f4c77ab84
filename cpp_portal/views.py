from functools import cached_property

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from cities.models import City
from cities.partnership_map import flows_between, partnership_map
from cpp_portal.page_cache import render_public_page
from deep_dives.models import DeepDive
from knowledge.catalogue import current_catalogue
from knowledge.library import outputs_in_order, themes_with_counts

HOME_CITIES = 12


@require_safe
def healthz(request):
    """The framework floor for the benchmark: one trivial query, a tiny body."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def home(request):
    return render_public_page(request, "home.html", {"page": HomePage()})


class HomePage:
    """What the home page shows, worked out only when the template asks: the page is cached as a
    fragment keyed by the content state, so a cached home page runs none of these queries."""

    @cached_property
    def featured(self) -> list:
        return outputs_in_order(current_catalogue().newest_works(featured=True).first(3))

    @cached_property
    def latest(self) -> list:
        return outputs_in_order(current_catalogue().newest_works().first(6))

    @cached_property
    def deep_dives(self) -> list:
        return list(DeepDive.objects.recent().for_listing()[:3])

    @cached_property
    def themes(self) -> list:
        return [theme for theme in themes_with_counts() if theme.output_count or theme.lesson_count]

    @cached_property
    def partner_cities(self) -> list:
        return list(City.objects.partners().for_map()[:HOME_CITIES])

    @cached_property
    def client_cities(self) -> list:
        return list(City.objects.clients().for_map()[:HOME_CITIES])

    @cached_property
    def shown_cities(self) -> list:
        return self.partner_cities + self.client_cities

    @cached_property
    def flows(self) -> list:
        return flows_between(self.shown_cities)

    @cached_property
    def city_map(self):
        return partnership_map(self.shown_cities, self.flows)

    @cached_property
    def city_counts(self) -> dict[str, int]:
        return {"partners": City.objects.partners().count(), "clients": City.objects.clients().count()}
