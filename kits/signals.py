"""Kits follow the content: a sync that renewed what a kit holds counts a change of that deep dive's kits
(which puts them out of date at once) and queues their rebuild. The periodic sweep (CELERY_BEAT_SCHEDULE)
builds the first kit of a new deep dive and catches what a lost message left out of date."""

from django.db.models import F

from content_state.versions import ALL, renew
from kits.models import Kit, KitRevision
from kits.tasks import queue_rebuild

# Names of themes, cities and deep dives, which every kit shows.
EVERY_KIT = (ALL, "taxonomy")


def kits_follow_content(scopes: set[str], **kwargs) -> None:
    deep_dives, outputs = set(), set()
    for scope in scopes:
        name, _, identifier = scope.partition(":")
        if not identifier.isdigit():
            continue
        if name in ("deep-dive", "outputs-of-deep-dive"):
            deep_dives.add(int(identifier))
        elif name == "output":
            outputs.add(int(identifier))
    everything = any(scope in scopes for scope in EVERY_KIT)
    if not (everything or deep_dives or outputs):
        return
    affected = sorted(
        deep_dives
        | {
            deep_dive_id
            for deep_dive_id, output_ids in Kit.objects.values_list("deep_dive_id", "output_ids")
            if everything or not outputs.isdisjoint(output_ids)
        }
    )
    if not affected:
        return
    KitRevision.objects.filter(pk__in=affected).update(number=F("number") + 1)
    renew(f"kit-of-deep-dive:{pk}" for pk in affected)
    queue_rebuild(affected)
