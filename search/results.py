"""What the `/search/` page shows: for each kind of record, its count and its best results with their
snippets, in a fixed number of queries (per kind with results: the search, the records, the snippets)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cities.models import City
from deep_dives.models import DeepDive
from knowledge.models import Lesson, Output
from search import engine

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
        count = intcomma(self.total)
        singular, plural = COUNT_LABELS[self.kind]
        label = ngettext(singular, plural, self.total) % {"count": count}
        return _("about %(count)s") % {"count": label} if self.is_estimate else label


def _records(kind: str, ids: list[int]) -> dict[int, Model]:
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
    "output": ("%(count)s output", "%(count)s outputs"),
    "lesson": ("%(count)s lesson", "%(count)s lessons"),
    "city": ("%(count)s city", "%(count)s cities"),
    "deep_dive": ("%(count)s deep dive", "%(count)s deep dives"),
}

HEADINGS = {
    "output": _("Knowledge outputs"),
    "lesson": _("Lessons"),
    "city": _("Cities"),
    "deep_dive": _("Technical Deep Dives"),
}


def grouped_results(q: str) -> dict:
    query = engine.parse(q)
    if query.is_empty:
        return {"query": query, "groups": [], "suggestion": None, "has_results": False}
    groups = []
    for kind in engine.KINDS:
        hits = engine.search(query, kind)
        shown = hits.ids[:SHOWN_PER_GROUP]
        results = []
        if shown:
            records = _records(kind, shown)
            snippets = engine.snippets(query, kind, shown)
            results = [_result(kind, records[pk], snippets.get(pk, "")) for pk in shown if pk in records]
        more_url = ""
        if kind == "output" and hits.total > len(results):
            more_url = f"{reverse('knowledge:library')}?{urlencode({'q': query.text})}"
        groups.append(Group(kind, HEADINGS[kind], hits.total, not hits.total_is_exact, results, more_url))
    has_results = any(group.total for group in groups)
    suggestion = None if has_results else engine.did_you_mean(query)
    return {
        "query": query,
        "groups": groups,
        "has_results": has_results,
        "suggestion": suggestion,
        "suggestion_url": f"{reverse('search')}?{urlencode({'q': suggestion})}" if suggestion else "",
    }
