"""Search entries follow the content state: every sync tells which scopes of content changed
(content_state/triggers.py), and each names records to reindex. A city or a theme renamed reindexes
the records that mention it, since their documents hold its name. `search.indexing.reindex` does the
rest in one statement per kind, so thousands of records cost about as much as one."""

from collections import defaultdict

from cities.models import City
from content_state.versions import ALL, renew
from cpp_portal.search import CITY, DEEP_DIVE, KINDS, LESSON, OUTPUT
from deep_dives.models import DeepDive
from knowledge.models import Lesson, Output
from search.indexing import SEARCH_SCOPE, add_theme_terms, forget_old_changes, rebuild, reindex

# The scopes that name one record of a kind.
RECORD_SCOPES = {"output": OUTPUT, "lesson": LESSON, "city": CITY, "deep-dive": DEEP_DIVE}


def follow_the_content(scopes: set[str], **kwargs) -> None:
    if ALL in scopes:
        rebuild()
        return
    records: dict[str, set[int]] = defaultdict(set)
    themes: set[int] = set()
    for scope in scopes:
        name, _, identifier = scope.partition(":")
        if not identifier.isdigit():
            continue
        if name in RECORD_SCOPES:
            records[RECORD_SCOPES[name]].add(int(identifier))
        elif name == "theme":
            themes.add(int(identifier))
    if records[CITY]:
        _add_mentions(records, _mentions_of_cities(records[CITY]))
    if themes:
        add_theme_terms(themes)
        _add_mentions(records, _mentions_of_themes(themes))
    for kind in KINDS:
        reindex(kind, records[kind])
    if any(records.values()):
        renew([SEARCH_SCOPE])
        forget_old_changes()


def _add_mentions(records: dict[str, set[int]], mentions: dict[str, list[int]]) -> None:
    for kind, ids in mentions.items():
        records[kind].update(ids)


def _mentions_of_cities(city_ids: set[int]) -> dict[str, list[int]]:
    return {
        OUTPUT: list(
            Output.cities.through.objects.filter(city_id__in=city_ids).values_list("output_id", flat=True)
        ),
        LESSON: list(Lesson.objects.filter(city_id__in=city_ids).values_list("pk", flat=True)),
        DEEP_DIVE: list(
            DeepDive.host_cities.through.objects.filter(city_id__in=city_ids).values_list(
                "deepdive_id", flat=True
            )
        ),
    }


def _mentions_of_themes(theme_ids: set[int]) -> dict[str, list[int]]:
    return {
        OUTPUT: list(
            Output.themes.through.objects.filter(theme_id__in=theme_ids).values_list("output_id", flat=True)
        ),
        LESSON: list(
            Lesson.themes.through.objects.filter(theme_id__in=theme_ids).values_list("lesson_id", flat=True)
        ),
        CITY: list(
            City.themes.through.objects.filter(theme_id__in=theme_ids).values_list("city_id", flat=True)
        ),
        DEEP_DIVE: list(
            DeepDive.themes.through.objects.filter(theme_id__in=theme_ids).values_list(
                "deepdive_id", flat=True
            )
        ),
    }
