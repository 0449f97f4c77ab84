from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cities.models import City
from cities.partnership_map import flows_between, partnership_map
from deep_dives.models import DeepDive
from knowledge.library import themes_with_counts
from knowledge.models import Output

HOME_CITIES = 12


@require_safe
def healthz(request):
    """The framework floor for the benchmark: one trivial query, a tiny body."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def home(request):
    published = Output.objects.published().works().for_listing().newest_first()
    partner_cities = list(City.objects.partners().for_map()[:HOME_CITIES])
    client_cities = list(City.objects.clients().for_map()[:HOME_CITIES])
    shown_cities = partner_cities + client_cities
    flows = flows_between(shown_cities)
    return render(
        request,
        "home.html",
        {
            "featured": published.filter(featured=True)[:3],
            "latest": published[:6],
            "deep_dives": DeepDive.objects.recent().for_listing()[:3],
            "themes": [theme for theme in themes_with_counts() if theme.output_count or theme.lesson_count],
            "partner_cities": partner_cities,
            "client_cities": client_cities,
            "city_map": partnership_map(shown_cities, flows),
            "flows": flows,
            "city_counts": {
                "partners": City.objects.partners().count(),
                "clients": City.objects.clients().count(),
            },
        },
    )
