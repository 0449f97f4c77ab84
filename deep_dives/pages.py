"""What a deep dive's page shows beyond its own fields, worked out only when the template asks: the page
is cached as a fragment keyed by the content state, so a cached page runs none of these queries. Its
outputs come from the knowledge app's template tag `published_works`."""

from functools import cached_property

from django.db.models import Prefetch, prefetch_related_objects

from deep_dives.models import ActionPlan, DeepDive, Participation


class DeepDivePage:
    def __init__(self, deep_dive: DeepDive):
        self._deep_dive = deep_dive

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
