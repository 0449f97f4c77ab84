"""Learning flows: from each partner city that hosted a deep dive to the client cities that took part in
it, for the partnership map (cities/partnership_map.py draws them)."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from cities.models import City
from cities.partnership_map import DeepDiveLink, Flow
from deep_dives.models import DeepDive, Participation


def flows_between(cities: Iterable[City] | None = None, *, involving: City | None = None) -> list[Flow]:
    """Each host partner city with the client cities that took part in its deep dives, in one query.

    Limited to flows between `cities` if given, or to those `involving` one city.
    """
    # One filter() call, so that the conditions and the values share one join of the host cities.
    hosted_by_partner = Q(deep_dive__host_cities__role=City.Role.PARTNER)
    if involving is not None:
        hosted_by_partner &= Q(deep_dive__host_cities=involving) | Q(city=involving)
    if cities is not None:
        cities = list(cities)
        ids = [city.pk for city in cities]
        hosted_by_partner &= Q(deep_dive__host_cities__in=ids, city__in=ids)
    rows = (
        Participation.objects.filter(hosted_by_partner)
        .values_list("deep_dive__host_cities", "city", "deep_dive__title", "deep_dive__slug")
        .order_by("deep_dive__host_cities__name", "city__name", "deep_dive__start_date", "deep_dive__title")
    )
    found: dict[tuple[int, int], list[DeepDiveLink]] = defaultdict(list)
    urls: dict[str, str] = {}
    for host_id, client_id, title, slug in rows:
        if slug not in urls:
            urls[slug] = DeepDive(slug=slug).get_absolute_url()
        link = DeepDiveLink(title, urls[slug])
        if link not in found[host_id, client_id]:
            found[host_id, client_id].append(link)
    by_id = {city.pk: city for city in cities} if cities is not None else None
    if by_id is None:
        ids = {city_id for pair in found for city_id in pair}
        by_id = {city.pk: city for city in City.objects.filter(pk__in=ids).for_map()}
    return [
        Flow(by_id[host_id], by_id[client_id], links)
        for (host_id, client_id), links in found.items()
        if host_id in by_id and client_id in by_id
    ]
