"""What a city's page shows beyond the city's own fields, worked out only when the template asks: the
page is cached as a fragment keyed by the content state, so a cached page runs none of these queries."""

from functools import cached_property

from django.db.models import F, prefetch_related_objects

from cities.models import City
from cities.partnership_map import flows_between, partnership_map

SHOWN_LESSONS = 6


class CityPage:
    def __init__(self, city: City):
        self._city = city

    @cached_property
    def city(self) -> City:
        prefetch_related_objects([self._city], "themes", "recognitions", "challenges__themes")
        return self._city

    @cached_property
    def hosted_deep_dives(self) -> list:
        return list(self._city.hosted_deep_dives.for_listing().recent())

    @cached_property
    def participations(self) -> list:
        return list(
            self._city.participations.select_related("deep_dive").order_by(
                F("deep_dive__start_date").desc(nulls_last=True), "deep_dive__title"
            )
        )

    @cached_property
    def action_plans(self) -> list:
        return list(self._city.action_plans.select_related("deep_dive"))

    # Lessons are reached through their reverse relation, so this app needs no import of them; the
    # outputs come from the knowledge app's template tag `published_works`.
    @cached_property
    def _lessons(self):
        return self._city.lessons.published().for_listing().newest_first()

    @cached_property
    def lessons(self) -> list:
        return list(self._lessons[:SHOWN_LESSONS])

    @cached_property
    def lesson_count(self) -> int:
        return self._lessons.count()

    @cached_property
    def flows(self) -> list:
        return flows_between(involving=self._city)

    @cached_property
    def city_map(self):
        exchanged_with = {flow.client if flow.host == self._city else flow.host for flow in self.flows}
        return partnership_map([self._city, *exchanged_with], self.flows, current=self._city)
