"""What the pages that bring several apps together show, worked out only when the template asks: the
home page, a city's page and a deep dive's page. Each is cached whole (content_state.rendering) for as
long as the scopes of content it declares stand, so a cached page runs none of these queries."""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import F, Prefetch, prefetch_related_objects

from cities.models import City
from cities.partnership_map import partnership_map
from deep_dives.flows import flows_between
from deep_dives.models import ActionPlan, DeepDive, Participation
from kits.models import Kit
from knowledge.catalogue import current_catalogue
from knowledge.library import outputs_in_order, themes_with_counts
from knowledge.models import Lesson

HOME_CITIES = 12
HOME_FEATURED = 3
HOME_LATEST = 6
HOME_DEEP_DIVES = 3
CITY_OUTPUTS = 6
CITY_LESSONS = 6
DEEP_DIVE_OUTPUTS = 12


@dataclass(frozen=True)
class Works:
    """The first published works of a list, loaded, and how many there are in all."""

    outputs: list
    count: int


def published_works(filters: dict[str, list], shown: int) -> Works:
    works = current_catalogue().newest_works(filters)
    return Works(outputs_in_order(works.first(shown)), len(works))


class HomePage:
    """The home page shows a little of everything: any change renews it."""

    scopes = ("outputs", "lessons", "deep-dives", "cities", "themes", "flows", "taxonomy")

    @cached_property
    def featured(self) -> list:
        return outputs_in_order(current_catalogue().newest_works(featured=True).first(HOME_FEATURED))

    @cached_property
    def latest(self) -> list:
        return outputs_in_order(current_catalogue().newest_works().first(HOME_LATEST))

    @cached_property
    def deep_dives(self) -> list:
        return list(DeepDive.objects.recent().for_listing()[:HOME_DEEP_DIVES])

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


class CityPage:
    def __init__(self, city: City):
        self._city = city
        self.scopes = (
            *(
                f"{scope}:{city.pk}"
                for scope in ("city", "outputs-of-city", "lessons-of-city", "deep-dives-of-city")
            ),
            "flows",
            "taxonomy",
        )

    @cached_property
    def city(self) -> City:
        prefetch_related_objects([self._city], "themes", "recognitions", "challenges__themes")
        return self._city

    @cached_property
    def hosted_deep_dives(self) -> list:
        return list(DeepDive.objects.filter(host_cities=self._city).for_listing().recent())

    @cached_property
    def participations(self) -> list:
        return list(
            Participation.objects.filter(city=self._city)
            .select_related("deep_dive", "city")
            .order_by(F("deep_dive__start_date").desc(nulls_last=True), "deep_dive__title")
        )

    @cached_property
    def action_plans(self) -> list:
        return list(ActionPlan.objects.filter(city=self._city).select_related("deep_dive", "city"))

    @cached_property
    def works(self) -> Works:
        return published_works({"city": [self._city.pk]}, CITY_OUTPUTS)

    @cached_property
    def _lessons(self):
        return Lesson.objects.published().filter(city=self._city).for_listing().newest_first()

    @cached_property
    def lessons(self) -> list:
        return list(self._lessons[:CITY_LESSONS])

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


class DeepDivePage:
    def __init__(self, deep_dive: DeepDive):
        self._deep_dive = deep_dive
        self.scopes = (
            f"deep-dive:{deep_dive.pk}",
            f"outputs-of-deep-dive:{deep_dive.pk}",
            "taxonomy",
            f"kit-of-deep-dive:{deep_dive.pk}",
        )

    @cached_property
    def deep_dive(self) -> DeepDive:
        prefetch_related_objects(
            [self._deep_dive],
            "themes",
            "host_cities",
            "sessions",
            Prefetch("participations", queryset=Participation.objects.select_related("city")),
            Prefetch("action_plans", queryset=ActionPlan.objects.select_related("city")),
        )
        return self._deep_dive

    @cached_property
    def works(self) -> Works:
        return published_works({"deep_dive": [self._deep_dive.pk]}, DEEP_DIVE_OUTPUTS)

    @cached_property
    def kits(self) -> list[Kit]:
        """The kits that can be downloaded now: none while the first is built or one is out of date."""
        return list(Kit.objects.current().filter(deep_dive=self._deep_dive).order_by("-variant"))
