"""The library's catalogue in memory: every published output version as columns of NumPy arrays.

Counting every facet with a GROUP BY per request cost hundreds of milliseconds at 100,000 outputs.
Here the published versions are read once per content state (`content_state.tokens.content_version`,
which a publish, an edit or a passing embargo renews) in a fixed number of queries, and a library
query is a few vectorised passes over the arrays: which versions pass the filters, which version
stands for each work (the rule of `OutputQuerySet.works`), their order, and the facet counts.

The answers are those of the database, which the tests keep as the reference
(tests/knowledge/library_reference.py): each facet counts what its choices would give under the OTHER
active filters, one per work, except the language facet, which counts versions.
"""

import datetime
import threading
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count
from django.utils.functional import cached_property

from cities.models import City, Theme
from content_state.tokens import content_version
from cpp_portal.search import SearchResult
from deep_dives.models import DeepDive
from knowledge.models import Language, Lesson, Output, Sort

FACETS = ("kind", "theme", "city", "deep_dive", "language", "year")
SORTS = (Sort.NEWEST, Sort.OLDEST, Sort.TITLE)

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


@dataclass(frozen=True)
class Label:
    pk: int
    slug: str
    name: str


@dataclass
class CatalogueResult:
    """One library query answered: the works in order, and the facet counts."""

    # Output ids of the version standing for each work, in the order of the page.
    ordered_ids: np.ndarray
    # The number of works found (of the candidates given, when the search gave a bounded subset).
    total: int
    # What to announce: `total`, or the search's estimate scaled to the works when `is_estimate`.
    shown_total: int
    is_estimate: bool
    # Facet name -> counts indexed like the catalogue's choices of that facet (`Catalogue.choices`).
    counts: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class Links:
    """A many-to-many relation of rows (themes or cities): each link's row and target, in row order."""

    rows: np.ndarray
    targets: np.ndarray
    # The links of row r are [row_starts[r], row_starts[r + 1]).
    row_starts: np.ndarray
    # Target code -> its rows.
    rows_of_target: list[np.ndarray]


class Catalogue:
    """Published output versions as arrays, each version a row.

    Rows are in title order (the database's collation, which orders `Sort.TITLE`). Codes of
    kinds, languages, years and deep dives index `choices[facet]`; for deep dives and years code 0 is
    "none". Themes and cities are CSR-style link arrays in both directions.
    """

    def __init__(self, *, version: str = ""):
        self.version = version
        now = datetime.datetime.now(datetime.UTC)
        rows = list(
            Output.objects.published()
            .order_by("title", "pk")
            .values_list(
                "pk",
                "translation_of_id",
                "kind",
                "language",
                "publication_date",
                "published_at",
                "deep_dive_id",
                "featured",
            )
        )
        themes = [Label(*row) for row in Theme.objects.values_list("pk", "slug", "name")]
        # In name order (the database's collation), so that cities with equal counts are listed by name
        # as `linked_counts` lists them.
        cities = [
            Label(*row) for row in City.objects.order_by("name", "pk").values_list("pk", "slug", "name")
        ]
        deep_dives = [
            Label(*row) for row in DeepDive.objects.order_by("pk").values_list("pk", "slug", "title")
        ]
        theme_links = list(Output.themes.through.objects.values_list("output_id", "theme_id"))
        city_links = list(Output.cities.through.objects.values_list("output_id", "city_id"))

        count = len(rows)
        columns = list(zip(*rows, strict=True)) if rows else [()] * 8
        pks, originals, kinds, languages, dates, published, deep_dive_ids, featured = columns
        self.size = count
        self.built_at = now
        self.pk = np.fromiter(pks, dtype=np.int64, count=count)
        self.work = np.fromiter(
            (original or pk for pk, original in zip(pks, originals, strict=True)), dtype=np.int64, count=count
        )
        self.is_original = np.fromiter((original is None for original in originals), dtype=bool, count=count)
        self.featured = np.fromiter(featured, dtype=bool, count=count)

        self.choices: dict[str, list] = {
            "kind": [value for value, _label in Output.Kind.choices],
            "language": [value for value, _label in Language.choices],
            "theme": themes,
            "city": cities,
            "deep_dive": [None, *deep_dives],
        }
        self.kind = self._codes(kinds, self.choices["kind"])
        self.language = self._codes(languages, self.choices["language"])
        years = [date.year if date else None for date in dates]
        self.choices["year"] = [None, *sorted({year for year in years if year is not None})]
        self.year = self._codes(years, self.choices["year"])
        self.deep_dive = self._codes(deep_dive_ids, [None, *(label.pk for label in deep_dives)])

        self._row_of_pk_order = np.argsort(self.pk, kind="stable")
        self._sorted_pk = self.pk[self._row_of_pk_order]
        self.links = {"theme": self._links(theme_links, themes), "city": self._links(city_links, cities)}
        self._code_of = {
            name: {label.pk: code for code, label in enumerate(self.choices[name])}
            for name in ("theme", "city")
        }

        self.order = self._sort_orders(dates, published)
        self._unfiltered_orders: dict[str, np.ndarray] = {}
        # Versions grouped by work, each work's original first, then its translations by id: the first
        # version of a group that passes the filters is the one that stands for the work.
        self._by_work = np.lexsort((self.pk, self.is_original == False, self.work))  # noqa: E712
        # Deep dives with equal counts are listed by title (a Python sort).
        titles = sorted(range(len(deep_dives)), key=lambda code: deep_dives[code].name)
        self.deep_dive_title_rank = np.empty(len(deep_dives) + 1, dtype=np.int64)
        self.deep_dive_title_rank[0] = -1
        self.deep_dive_title_rank[np.array(titles, dtype=np.int64) + 1] = np.arange(len(deep_dives))

    # -- building -------------------------------------------------------------------------------------

    @staticmethod
    def _codes(values, choices) -> np.ndarray:
        """Each value's index in `choices`, or -1 for a value that is not one of them."""
        index = {choice: code for code, choice in enumerate(choices)}
        return np.fromiter((index.get(value, -1) for value in values), dtype=np.int32, count=len(values))

    def rows_of(self, pks) -> np.ndarray:
        """The rows of the given output ids, in their order; ids not in the catalogue are left out."""
        pks = np.asarray(pks, dtype=np.int64)
        if not self.size or not len(pks):
            return np.empty(0, dtype=np.int64)
        positions = np.searchsorted(self._sorted_pk, pks)
        positions[positions >= self.size] = 0
        found = self._sorted_pk[positions] == pks
        return self._row_of_pk_order[positions[found]]

    def _links(self, links, labels: list[Label]) -> "Links":
        """The links of published rows to `labels`, both ways."""
        index = {label.pk: code for code, label in enumerate(labels)}
        owners = np.fromiter((owner for owner, _target in links), dtype=np.int64, count=len(links))
        targets = np.fromiter(
            (index.get(target, -1) for _owner, target in links), dtype=np.int64, count=len(links)
        )
        if self.size and len(links):
            positions = np.searchsorted(self._sorted_pk, owners)
            positions[positions >= self.size] = 0
            published = (self._sorted_pk[positions] == owners) & (targets >= 0)
            rows = self._row_of_pk_order[positions[published]]
            targets = targets[published]
        else:
            rows = np.empty(0, dtype=np.int64)
            targets = np.empty(0, dtype=np.int64)
        by_row = np.argsort(rows, kind="stable")
        rows, targets = rows[by_row], targets[by_row]
        by_target = np.argsort(targets, kind="stable")
        bounds = np.searchsorted(targets[by_target], np.arange(len(labels) + 1))
        return Links(
            rows=rows,
            targets=targets,
            row_starts=np.searchsorted(rows, np.arange(self.size + 1)),
            rows_of_target=[rows[by_target[bounds[code] : bounds[code + 1]]] for code in range(len(labels))],
        )

    def _sort_orders(self, dates, published) -> dict[str, np.ndarray]:
        """Rows in the order of each of `SORTS` (see `Sort`), ties included; the rows are in title order."""
        count = self.size
        no_date = np.fromiter((date is None for date in dates), dtype=bool, count=count)
        day = np.fromiter((date.toordinal() if date else 0 for date in dates), dtype=np.int64, count=count)
        no_time = np.fromiter((moment is None for moment in published), dtype=bool, count=count)
        micro = np.fromiter(
            ((moment - _EPOCH) // _MICROSECOND if moment else 0 for moment in published),
            dtype=np.int64,
            count=count,
        )
        # np.lexsort sorts by its last key first; nulls last in both directions.
        return {
            Sort.NEWEST: np.lexsort((-self.pk, -micro, no_time, -day, no_date)),
            Sort.OLDEST: np.lexsort((self.pk, micro, no_time, day, no_date)),
            Sort.TITLE: np.arange(count),
        }

    # -- querying -------------------------------------------------------------------------------------

    def query(
        self, filters: dict[str, list], *, sort: str | None = None, matches: SearchResult | None = None
    ):
        """The works under `filters` (facet -> chosen values, "any of"; themes, cities and deep dives
        by id, years as numbers), in the order of `sort`, with every facet's counts.

        With `matches` (from the search engine), only the matching versions count, and the default
        order is theirs: the works in the order of the version standing for each of them.
        """
        masks = self._masks(filters)
        match_rank = None
        if matches is not None:
            match_rank = np.full(self.size, np.iinfo(np.int64).max, dtype=np.int64)
            rows = self.rows_of(matches.ids)
            # A version listed twice keeps its best rank.
            match_rank[rows[::-1]] = np.arange(len(rows))[::-1]
            masks["q"] = match_rank != np.iinfo(np.int64).max

        def active(left_out: str | None) -> list[str]:
            return [name for name in masks if name != left_out]

        representatives_without: dict[str | None, np.ndarray] = {}

        def representatives(left_out: str | None) -> np.ndarray:
            key = left_out if left_out in masks else None
            if not active(key):
                return self._unfiltered_works
            if key not in representatives_without:
                representatives_without[key] = self._works(self._combined(masks, key))
            return representatives_without[key]

        if masks:
            ordered = self._ordered(representatives(None), sort, match_rank)
        else:
            ordered = self._unfiltered_order(sort if sort in SORTS else Sort.NEWEST)
        counts = {}
        for name in FACETS:
            if not active(name):
                counts[name] = self._unfiltered_counts[name]
            elif name == "language":
                passing = self._combined(masks, name)
                counts[name] = np.bincount(
                    self.language[passing & (self.language >= 0)], minlength=len(self.choices[name])
                )
            else:
                counts[name] = self._count(name, representatives(name))
        total = len(ordered)
        shown_total, is_estimate = total, False
        if matches is not None and not matches.is_complete:
            is_estimate = True
            candidates = len(matches.ids)
            if candidates and matches.total > candidates:
                shown_total = max(total, round(total * matches.total / candidates))
        return CatalogueResult(
            ordered_ids=self.pk[ordered],
            total=total,
            shown_total=shown_total,
            is_estimate=is_estimate,
            counts=counts,
        )

    @cached_property
    def _unfiltered_works(self) -> np.ndarray:
        return self._works(np.ones(self.size, dtype=bool))

    @cached_property
    def _unfiltered_counts(self) -> dict[str, np.ndarray]:
        counts = {name: self._count(name, self._unfiltered_works) for name in FACETS if name != "language"}
        counts["language"] = np.bincount(
            self.language[self.language >= 0], minlength=len(self.choices["language"])
        )
        return counts

    def _unfiltered_order(self, sort: str) -> np.ndarray:
        if sort not in self._unfiltered_orders:
            self._unfiltered_orders[sort] = self._ordered(self._unfiltered_works, sort, None)
        return self._unfiltered_orders[sort]

    @cached_property
    def _deep_dive_code(self) -> dict[int, int]:
        return {label.pk: code for code, label in enumerate(self.choices["deep_dive"]) if label is not None}

    @cached_property
    def _newest_position(self) -> np.ndarray:
        """Each row's place in the newest-first order."""
        position = np.empty(self.size, dtype=np.int64)
        position[self.order[Sort.NEWEST]] = np.arange(self.size)
        return position

    def newest_works(self, filters: dict[str, list] | None = None, *, featured: bool = False) -> "WorkList":
        """The works passing `filters` (as in `query`), newest first, one version per work
        (for a city's or a deep dive's page, and the home page); with `featured`, only featured works."""
        rows = self._works(self._combined(self._masks(filters), None)) if filters else self._unfiltered_works
        if featured:
            rows = rows[self.featured[rows]]
        rows = rows[np.argsort(self._newest_position[rows], kind="stable")]
        return WorkList(self.pk[rows])

    def related_to(
        self, pk: int, work: int, theme_ids: list[int], deep_dive_id: int | None, *, limit: int | None = None
    ) -> "WorkList":
        """Other works sharing themes or the deep dive with an output, the closest first (as
        `OutputQuerySet.related_to`): closeness is the number of shared themes, plus one for the same deep
        dive; then the newest first. With `limit`, only the first `limit` of them."""
        closeness = np.zeros(self.size, dtype=np.int64)
        rows_of = self.links["theme"].rows_of_target
        for theme_id in theme_ids:
            code = self._code_of["theme"].get(theme_id)
            if code is not None:
                closeness[rows_of[code]] += 1
        deep_dive_code = self._deep_dive_code.get(deep_dive_id)
        if deep_dive_code is not None:
            closeness += self.deep_dive == deep_dive_code
        rows = self._unfiltered_works
        rows = rows[(closeness[rows] > 0) & (self.work[rows] != work) & (self.pk[rows] != pk)]
        # One key in the order wanted, closest first, then newest: a partial sort finds the first few.
        key = (self.size - closeness[rows]) * self.size + self._newest_position[rows]
        if limit is not None and len(rows) > limit:
            first = np.argpartition(key, limit)[:limit]
            rows, key = rows[first], key[first]
        return WorkList(self.pk[rows[np.argsort(key, kind="stable")]])

    @cached_property
    def counts_by_theme(self) -> dict[int, int]:
        """Theme id -> works linked to it, as the library counts them without filters."""
        counts = self._unfiltered_counts["theme"]
        return {label.pk: int(count) for label, count in zip(self.choices["theme"], counts, strict=True)}

    @cached_property
    def lesson_counts_by_theme(self) -> dict[int, int]:
        """Theme id -> published lessons linked to it (lessons change the content state too)."""
        lessons = Lesson.objects.published().values("pk")
        return dict(
            Lesson.themes.through.objects.filter(lesson__in=lessons)
            .values_list("theme_id")
            .annotate(total=Count("pk"))
            .order_by()
        )

    def _masks(self, filters: dict[str, list]) -> dict[str, np.ndarray]:
        """The rows each chosen filter lets through, by facet (filters with no value chosen left out)."""
        return {name: self._filter_mask(name, values) for name, values in filters.items() if values}

    def _filter_mask(self, name: str, values: list) -> np.ndarray:
        if name in ("theme", "city"):
            rows_of = self.links[name].rows_of_target
            index = self._code_of[name]
            mask = np.zeros(self.size, dtype=bool)
            for value in values:
                if value in index:
                    mask[rows_of[index[value]]] = True
            return mask
        choices = self.choices[name]
        if name == "deep_dive":
            choices = [None, *(label.pk for label in choices[1:])]
        wanted = np.zeros(len(choices) + 1, dtype=bool)  # the last one stands for code -1
        for code, choice in enumerate(choices):
            if choice is not None and choice in values:
                wanted[code] = True
        return wanted[getattr(self, name)]

    def _combined(self, masks: dict[str, np.ndarray], left_out: str | None) -> np.ndarray:
        passing = np.ones(self.size, dtype=bool)
        for name, mask in masks.items():
            if name != left_out:
                passing &= mask
        return passing

    def _works(self, passing: np.ndarray) -> np.ndarray:
        """The rows standing for each work among the passing rows (see `OutputQuerySet.works`)."""
        rows = self._by_work[passing[self._by_work]]
        works = self.work[rows]
        first = np.empty(len(rows), dtype=bool)
        if len(rows):
            first[0] = True
            np.not_equal(works[1:], works[:-1], out=first[1:])
        return rows[first]

    def _ordered(self, rows: np.ndarray, sort: str | None, match_rank: np.ndarray | None) -> np.ndarray:
        if match_rank is not None and sort in (None, "", Sort.RELEVANCE):
            return rows[np.argsort(match_rank[rows], kind="stable")]
        order = self.order.get(sort or Sort.NEWEST, self.order[Sort.NEWEST])
        chosen = np.zeros(self.size, dtype=bool)
        chosen[rows] = True
        return order[chosen[order]]

    def _count(self, name: str, rows: np.ndarray) -> np.ndarray:
        size = len(self.choices[name])
        if name in self.links:
            links = self.links[name]
            if len(rows) * 8 < self.size:
                # Few rows: gather their links rather than pass over every link.
                starts = links.row_starts[rows]
                lengths = links.row_starts[rows + 1] - starts
                offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
                return np.bincount(links.targets[offsets + np.arange(len(offsets))], minlength=size)
            chosen = np.zeros(self.size, dtype=bool)
            chosen[rows] = True
            return np.bincount(links.targets[chosen[links.rows]], minlength=size)
        codes = getattr(self, name)[rows]
        return np.bincount(codes[codes >= 0], minlength=size)


@dataclass(frozen=True)
class WorkList:
    """Output ids of works in order; `len()` is how many there are."""

    ids: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def first(self, count: int) -> list[int]:
        return [int(pk) for pk in self.ids[:count]]


_lock = threading.Lock()
_current: Catalogue | None = None


def current_catalogue() -> Catalogue:
    """This process's catalogue of the current content state, built again when that state changes."""
    global _current
    version = content_version()
    catalogue = _current
    if catalogue is not None and catalogue.version == version:
        return catalogue
    with _lock:
        if _current is None or _current.version != version:
            _current = Catalogue(version=version)
        return _current
