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
import fcntl
import hashlib
import json
import logging
import os
import shutil
import threading
import time
from dataclasses import astuple, dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection, connections
from django.db.models import Count
from django.utils.functional import cached_property

from cities.models import City, Theme
from content_state import rendering, versions
from cpp_portal.search import SearchResult
from deep_dives.models import DeepDive
from knowledge.models import Language, Lesson, Output, Sort

logger = logging.getLogger(__name__)

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
    """A many-to-many relation of rows (themes or cities): each link's row and target, in row order, and
    the rows of each target."""

    rows: np.ndarray
    targets: np.ndarray
    # The links of row r are [row_starts[r], row_starts[r + 1]).
    row_starts: np.ndarray
    # The rows linked to target t are target_rows[target_starts[t] : target_starts[t + 1]].
    target_rows: np.ndarray
    target_starts: np.ndarray

    def rows_of_target(self, code: int) -> np.ndarray:
        return self.target_rows[self.target_starts[code] : self.target_starts[code + 1]]


# The arrays a catalogue is made of, saved one file each (and memory-mapped when loaded).
ARRAYS = (
    "pk",
    "work",
    "is_original",
    "featured",
    "kind",
    "language",
    "year",
    "deep_dive",
    "row_of_pk_order",
    "sorted_pk",
    "by_work",
    "deep_dive_title_rank",
    "order_newest",
    "order_oldest",
    "order_title",
    *(
        f"{name}_{part}"
        for name in ("theme", "city")
        for part in ("rows", "targets", "row_starts", "target_rows", "target_starts")
    ),
)


class Catalogue:
    """Published output versions as arrays, each version a row.

    Rows are in title order (the database's collation, which orders `Sort.TITLE`). Codes of
    kinds, languages, years and deep dives index `choices[facet]`; for deep dives and years code 0 is
    "none". Themes and cities are CSR-style link arrays in both directions.
    """

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict):
        self.version: str = meta["version"]
        self.fingerprint: str = meta["fingerprint"]
        # How long building it took, which tells whether the next one is built at once or in the background.
        self.build_seconds: float = meta.get("build_seconds", 0.0)
        self.choices: dict[str, list] = {
            "kind": meta["kinds"],
            "language": meta["languages"],
            "theme": [Label(*label) for label in meta["themes"]],
            "city": [Label(*label) for label in meta["cities"]],
            "deep_dive": [None, *(Label(*label) for label in meta["deep_dives"])],
            "year": [None, *meta["years"]],
        }
        self.lesson_counts_by_theme: dict[int, int] = {
            int(pk): count for pk, count in meta["lesson_counts"].items()
        }
        self.pk = arrays["pk"]
        self.size = len(self.pk)
        self.work, self.is_original, self.featured = arrays["work"], arrays["is_original"], arrays["featured"]
        self.kind, self.language, self.year = arrays["kind"], arrays["language"], arrays["year"]
        self.deep_dive = arrays["deep_dive"]
        self._row_of_pk_order, self._sorted_pk = arrays["row_of_pk_order"], arrays["sorted_pk"]
        # Versions grouped by work, each work's original first, then its translations by id: the first
        # version of a group that passes the filters is the one that stands for the work.
        self._by_work = arrays["by_work"]
        self.deep_dive_title_rank = arrays["deep_dive_title_rank"]
        self.order = {
            Sort.NEWEST: arrays["order_newest"],
            Sort.OLDEST: arrays["order_oldest"],
            Sort.TITLE: arrays["order_title"],
        }
        self.links = {
            name: Links(
                *(
                    arrays[f"{name}_{part}"]
                    for part in ("rows", "targets", "row_starts", "target_rows", "target_starts")
                )
            )
            for name in ("theme", "city")
        }
        self._code_of = {
            name: {label.pk: code for code, label in enumerate(self.choices[name])}
            for name in ("theme", "city")
        }
        self._unfiltered_orders: dict[str, np.ndarray] = {}

    @classmethod
    def from_database(cls, version: str = "") -> "Catalogue":
        arrays, meta = _read_database()
        return cls(arrays, {**meta, "version": version})

    def save(self, directory: Path) -> None:
        """Write the arrays and the rest to `directory` (which must not exist yet), all or nothing."""
        building = directory.with_name(f"{directory.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        building.mkdir(parents=True)
        for name in ARRAYS:
            np.save(building / f"{name}.npy", self._array(name), allow_pickle=False)
        meta = {
            "version": self.version,
            "fingerprint": self.fingerprint,
            "build_seconds": self.build_seconds,
            "kinds": self.choices["kind"],
            "languages": self.choices["language"],
            "themes": [list(astuple(label)) for label in self.choices["theme"]],
            "cities": [list(astuple(label)) for label in self.choices["city"]],
            "deep_dives": [list(astuple(label)) for label in self.choices["deep_dive"][1:]],
            "years": self.choices["year"][1:],
            "lesson_counts": {str(pk): count for pk, count in self.lesson_counts_by_theme.items()},
        }
        (building / "meta.json").write_text(json.dumps(meta))
        try:
            building.rename(directory)
        except OSError:  # another process of this machine saved the same version first
            shutil.rmtree(building, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> "Catalogue":
        """A saved catalogue, its arrays memory-mapped: the processes of a machine share one copy."""
        meta = json.loads((directory / "meta.json").read_text())
        # Plain arrays over the mapped files: indexing a `memmap` object costs more than the work itself.
        arrays = {
            name: np.asarray(np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False))
            for name in ARRAYS
        }
        return cls(arrays, meta)

    def _array(self, name: str) -> np.ndarray:
        if name.startswith(("theme_", "city_")):
            facet, part = name.split("_", 1)
            return getattr(self.links[facet], part)
        if name.startswith("order_"):
            return self.order[name.removeprefix("order_")]
        attribute = {"row_of_pk_order": "_row_of_pk_order", "sorted_pk": "_sorted_pk", "by_work": "_by_work"}
        return getattr(self, attribute.get(name, name))

    def rows_of(self, pks) -> np.ndarray:
        """The rows of the given output ids, in their order; ids not in the catalogue are left out."""
        pks = np.asarray(pks, dtype=np.int64)
        if not self.size or not len(pks):
            return np.empty(0, dtype=np.int64)
        positions = np.searchsorted(self._sorted_pk, pks)
        positions[positions >= self.size] = 0
        found = self._sorted_pk[positions] == pks
        return self._row_of_pk_order[positions[found]]

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
        links = self.links["theme"]
        for theme_id in theme_ids:
            code = self._code_of["theme"].get(theme_id)
            if code is not None:
                closeness[links.rows_of_target(code)] += 1
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

    def _masks(self, filters: dict[str, list]) -> dict[str, np.ndarray]:
        """The rows each chosen filter lets through, by facet (filters with no value chosen left out)."""
        return {name: self._filter_mask(name, values) for name, values in filters.items() if values}

    def _filter_mask(self, name: str, values: list) -> np.ndarray:
        if name in ("theme", "city"):
            links = self.links[name]
            index = self._code_of[name]
            mask = np.zeros(self.size, dtype=bool)
            for value in values:
                if value in index:
                    mask[links.rows_of_target(index[value])] = True
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


# -- building from the database -------------------------------------------------------------------------


def _read_database() -> tuple[dict[str, np.ndarray], dict]:
    """Every published output version, its links and the labels, as arrays: six queries, and one for the
    lessons per theme (shown beside each theme)."""
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
    # In name order (the database's collation), so that cities with equal counts are listed by name.
    cities = [Label(*row) for row in City.objects.order_by("name", "pk").values_list("pk", "slug", "name")]
    deep_dives = [Label(*row) for row in DeepDive.objects.order_by("pk").values_list("pk", "slug", "title")]
    theme_links = list(Output.themes.through.objects.values_list("output_id", "theme_id"))
    city_links = list(Output.cities.through.objects.values_list("output_id", "city_id"))
    lessons = Lesson.objects.published().values("pk")
    lesson_counts = dict(
        Lesson.themes.through.objects.filter(lesson__in=lessons)
        .values_list("theme_id")
        .annotate(total=Count("pk"))
        .order_by()
    )

    count = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * 8
    pks, originals, kinds, languages, dates, published, deep_dive_ids, featured = columns
    arrays: dict[str, np.ndarray] = {}
    arrays["pk"] = pk = np.fromiter(pks, dtype=np.int64, count=count)
    arrays["work"] = work = np.fromiter(
        (original or pk for pk, original in zip(pks, originals, strict=True)), dtype=np.int64, count=count
    )
    arrays["is_original"] = is_original = np.fromiter(
        (original is None for original in originals), dtype=bool, count=count
    )
    arrays["featured"] = np.fromiter(featured, dtype=bool, count=count)
    kind_choices = [value for value, _label in Output.Kind.choices]
    language_choices = [value for value, _label in Language.choices]
    arrays["kind"] = _codes(kinds, kind_choices)
    arrays["language"] = _codes(languages, language_choices)
    years = [date.year if date else None for date in dates]
    year_choices = sorted({year for year in years if year is not None})
    arrays["year"] = _codes(years, [None, *year_choices])
    arrays["deep_dive"] = _codes(deep_dive_ids, [None, *(label.pk for label in deep_dives)])
    arrays["row_of_pk_order"] = row_of_pk_order = np.argsort(pk, kind="stable")
    arrays["sorted_pk"] = sorted_pk = pk[row_of_pk_order]
    for name, links, labels in (("theme", theme_links, themes), ("city", city_links, cities)):
        for part, array in _links(links, labels, sorted_pk, row_of_pk_order).items():
            arrays[f"{name}_{part}"] = array
    arrays.update(_sort_orders(pk, dates, published))
    arrays["by_work"] = np.lexsort((pk, ~is_original, work))
    # Deep dives with equal counts are listed by title (a Python sort).
    titles = sorted(range(len(deep_dives)), key=lambda code: deep_dives[code].name)
    rank = np.empty(len(deep_dives) + 1, dtype=np.int64)
    rank[0] = -1
    rank[np.array(titles, dtype=np.int64) + 1] = np.arange(len(deep_dives))
    arrays["deep_dive_title_rank"] = rank

    meta = {
        "kinds": kind_choices,
        "languages": language_choices,
        "themes": [astuple(label) for label in themes],
        "cities": [astuple(label) for label in cities],
        "deep_dives": [astuple(label) for label in deep_dives],
        "years": year_choices,
        "lesson_counts": {str(pk): total for pk, total in lesson_counts.items()},
    }
    digest = hashlib.sha256(json.dumps(meta, sort_keys=True, default=str).encode())
    for name in ARRAYS:
        digest.update(np.ascontiguousarray(arrays[name]).tobytes())
    meta["fingerprint"] = digest.hexdigest()[:16]
    return arrays, meta


def _codes(values, choices) -> np.ndarray:
    """Each value's index in `choices`, or -1 for a value that is not one of them."""
    index = {choice: code for code, choice in enumerate(choices)}
    return np.fromiter((index.get(value, -1) for value in values), dtype=np.int32, count=len(values))


def _links(
    links, labels: list[Label], sorted_pk: np.ndarray, row_of_pk_order: np.ndarray
) -> dict[str, np.ndarray]:
    """The links of published rows to `labels`, both ways."""
    size = len(sorted_pk)
    index = {label.pk: code for code, label in enumerate(labels)}
    owners = np.fromiter((owner for owner, _target in links), dtype=np.int64, count=len(links))
    targets = np.fromiter(
        (index.get(target, -1) for _owner, target in links), dtype=np.int64, count=len(links)
    )
    if size and len(links):
        positions = np.searchsorted(sorted_pk, owners)
        positions[positions >= size] = 0
        published = (sorted_pk[positions] == owners) & (targets >= 0)
        rows = row_of_pk_order[positions[published]]
        targets = targets[published]
    else:
        rows = np.empty(0, dtype=np.int64)
        targets = np.empty(0, dtype=np.int64)
    by_row = np.argsort(rows, kind="stable")
    rows, targets = rows[by_row], targets[by_row]
    by_target = np.argsort(targets, kind="stable")
    return {
        "rows": rows,
        "targets": targets,
        "row_starts": np.searchsorted(rows, np.arange(size + 1)),
        "target_rows": rows[by_target],
        "target_starts": np.searchsorted(targets[by_target], np.arange(len(labels) + 1)),
    }


def _sort_orders(pk: np.ndarray, dates, published) -> dict[str, np.ndarray]:
    """Rows in the order of each of `SORTS` (see `Sort`), ties included; the rows are in title order."""
    count = len(pk)
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
        "order_newest": np.lexsort((-pk, -micro, no_time, -day, no_date)),
        "order_oldest": np.lexsort((pk, micro, no_time, day, no_date)),
        "order_title": np.arange(count),
    }


# -- the catalogue of the current content state, one per machine ------------------------------------------

# The content the catalogue is made of.
SCOPES = ("outputs", "lessons", "taxonomy")

_current: Catalogue | None = None
# The version this process has started building in the background, if any.
_building_version: str | None = None


def wanted_version() -> str:
    current = versions.versions(SCOPES)
    return "-".join(str(current[scope]) for scope in (versions.ALL, *SCOPES))


def current_catalogue() -> Catalogue:
    """The catalogue of the current content state, built once per machine.

    The first process of a machine that needs a new catalogue builds it and saves it in CATALOGUE_DIR,
    where the others load it (memory-mapped) instead of building it again. A small catalogue is built
    at once; a large one in the background, while the previous one keeps serving (and what is made
    from it is kept only until the new one is built: `content_state.rendering.behind`).
    """
    global _current
    wanted = wanted_version()
    if _current is not None and _current.version == wanted:
        return _current
    saved = _saved(wanted)
    if saved is not None:
        _current = saved
        return saved
    serving = _current or _newest_saved()
    if (
        serving is None
        or serving.build_seconds <= settings.CATALOGUE_BUILD_INLINE_SECONDS
        or connection.in_atomic_block
    ):
        # Nothing to serve meanwhile, or quick to build, or inside a transaction (which another
        # thread's connection would not see).
        _current = _build(wanted)
        return _current
    global _building_version
    if _building_version != wanted:
        _building_version = wanted
        threading.Thread(target=_build_in_background, args=(wanted,), daemon=True).start()
    rendering.behind(_source(wanted))
    _current = serving
    return serving


def _directory() -> Path:
    return Path(settings.CATALOGUE_DIR)


def _saved(version: str) -> Catalogue | None:
    path = _directory() / version
    if not (path / "meta.json").exists():
        return None
    try:
        return Catalogue.load(path)
    except (OSError, ValueError):
        return None


def _newest_saved() -> Catalogue | None:
    directory = _directory()
    if not directory.exists():
        return None
    candidates = sorted(
        (path for path in directory.iterdir() if (path / "meta.json").exists()),
        key=lambda path: path.stat().st_mtime,
        reverse=True,
    )
    return _saved(candidates[0].name) if candidates else None


def _source(version: str) -> str:
    return f"catalogue:{version}"


def _build(version: str) -> Catalogue:
    started = time.monotonic()
    catalogue = Catalogue.from_database(version)
    catalogue.build_seconds = time.monotonic() - started
    _directory().mkdir(parents=True, exist_ok=True)
    if not (_directory() / version).exists():
        catalogue.save(_directory() / version)
        _forget_old()
    rendering.caught_up(_source(version))
    return catalogue


def _build_in_background(version: str) -> None:
    """One build at a time per machine: the lock file tells the other processes that one is running."""
    _directory().mkdir(parents=True, exist_ok=True)
    with open(_directory() / "build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        try:
            if _saved(version) is None:
                _build(version)
        except Exception:  # noqa: BLE001 - the next request tries again; this thread has nobody to tell
            logger.exception("Could not build the library's catalogue")
        finally:
            connections.close_all()
            fcntl.flock(lock, fcntl.LOCK_UN)


def _forget_old(keep: int = 3) -> None:
    """Delete all but the newest saved catalogues (a process still reading an older one keeps its
    memory-mapped files until it lets them go)."""
    saved = sorted(
        (path for path in _directory().iterdir() if path.is_dir()), key=lambda path: path.stat().st_mtime
    )
    for path in saved[:-keep]:
        shutil.rmtree(path, ignore_errors=True)
