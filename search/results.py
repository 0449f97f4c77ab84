"""What the `/search/` page shows: for each kind of record, its count and its best results with their
snippets, in a fixed number of queries (per kind with results: the search, the records, the snippets)."""

import hashlib
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from cities.models import City
from content_state import rendering
from cpp_portal import search
from cpp_portal.search import SearchResult
from deep_dives.models import DeepDive
from knowledge.library import works_matching
from knowledge.models import Lesson, Output
from search.indexing import SEARCH_SCOPE

SHOWN_PER_GROUP = 10


@dataclass
class Result:
    record: Model
    title: str
    url: str
    label: str
    language: str
    snippet: str


@dataclass
class Group:
    kind: str
    heading: str
    total: int
    is_estimate: bool
    results: list[Result]
    more_url: str = ""

    @property
    def count_label(self) -> str:
        """ "12 outputs", "about 45,000 outputs"."""
        label = COUNT_LABELS[self.kind] % {"total": self.total, "count": intcomma(self.total)}
        return _("about %(count)s") % {"count": label} if self.is_estimate else label


# The scope of a record of each kind (content_state/triggers.py).
RECORD_SCOPES = {"output": "output", "lesson": "lesson", "city": "city", "deep_dive": "deep-dive"}


def _records(kind: str, ids: list[int]) -> dict[int, Model]:
    rendering.depends_on("taxonomy", *(f"{RECORD_SCOPES[kind]}:{pk}" for pk in ids))
    if kind == "output":
        queryset = Output.objects.only("title", "slug", "kind", "language")
    elif kind == "lesson":
        queryset = Lesson.objects.select_related("output").only("title", "slug", "output__language")
    elif kind == "city":
        queryset = City.objects.only("name", "slug", "role", "country")
    else:
        queryset = DeepDive.objects.only("title", "slug")
    return queryset.in_bulk(ids)


def _result(kind: str, record: Model, snippet: str) -> Result:
    if kind == "output":
        return Result(
            record,
            record.title,
            record.get_absolute_url(),
            record.get_kind_display(),
            record.language,
            snippet,
        )
    if kind == "lesson":
        return Result(
            record, record.title, record.get_absolute_url(), _("Lesson"), record.output.language, snippet
        )
    if kind == "city":
        label = f"{record.get_role_display()} · {record.country}"
        return Result(record, record.name, record.get_absolute_url(), label, "en", snippet)
    return Result(record, record.title, record.get_absolute_url(), _("Technical Deep Dive"), "en", snippet)


COUNT_LABELS = {
    "output": ngettext_lazy("%(count)s output", "%(count)s outputs", "total"),
    "lesson": ngettext_lazy("%(count)s lesson", "%(count)s lessons", "total"),
    "city": ngettext_lazy("%(count)s city", "%(count)s cities", "total"),
    "deep_dive": ngettext_lazy("%(count)s deep dive", "%(count)s deep dives", "total"),
}

HEADINGS = {
    "output": _("Knowledge outputs"),
    "lesson": _("Lessons"),
    "city": _("Cities"),
    "deep_dive": _("Technical Deep Dives"),
}


class SearchPage:
    """What `/search/?q=` shows. The matches of each kind come from the engine's cache; the rendered
    results are kept in the shared cache for those matches, until a record they show changes, so a
    repeated search loads no record and cuts no passage."""

    def __init__(self, q: str):
        self.query = search.parse(q)

    @cached_property
    def hits(self) -> dict[str, SearchResult]:
        return {kind: search.search(self.query, kind) for kind in search.KINDS}

    @property
    def results_html(self) -> str:
        if self.query.is_empty:
            return ""
        shown = [
            (kind, hits.ids[:SHOWN_PER_GROUP], hits.total, hits.total_is_exact)
            for kind, hits in self.hits.items()
        ]
        digest = hashlib.sha256(repr((self.query.text, shown)).encode()).hexdigest()
        return rendering.cached_html(
            f"search-page:{get_language()}:{digest}",
            lambda: render_to_string("search/results.html", {"page": self, "query": self.query}),
        )

    @cached_property
    def groups(self) -> list[Group]:
        return [self._group(kind) for kind in search.KINDS]

    def _group(self, kind: str) -> Group:
        hits = self.hits[kind]
        shown, total, is_estimate = hits.ids[:SHOWN_PER_GROUP], hits.total, not hits.total_is_exact
        if kind == search.OUTPUT and hits.total:
            # Outputs are listed as the library lists them, where "See all" leads: one per work.
            works = works_matching(hits)
            shown = [int(pk) for pk in works.ordered_ids[:SHOWN_PER_GROUP]]
            total, is_estimate = works.shown_total, works.is_estimate
        results = []
        if shown:
            records = _records(kind, shown)
            snippets = search.snippets(self.query, kind, shown)
            results = [_result(kind, records[pk], snippets.get(pk, "")) for pk in shown if pk in records]
        more_url = ""
        if kind == search.OUTPUT and total > len(results):
            more_url = f"{reverse('knowledge:library')}?{urlencode({'q': self.query.text})}"
        return Group(kind, HEADINGS[kind], total, is_estimate, results, more_url)

    @cached_property
    def has_results(self) -> bool:
        return any(group.total for group in self.groups)

    @cached_property
    def suggestion(self) -> str | None:
        if self.has_results:
            return None
        # Offered from the words of what is public: any change of the index may change it.
        rendering.depends_on(SEARCH_SCOPE)
        return search.did_you_mean(self.query)

    @property
    def suggestion_url(self) -> str:
        return f"{reverse('search')}?{urlencode({'q': self.suggestion})}" if self.suggestion else ""
