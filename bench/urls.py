"""The addresses each page type is measured on, drawn from the database the portal serves.

Every page type but the floor and the home page gets at least `MINIMUM` distinct addresses, so that a
cache holding one rendered page cannot pass for a fast page. Works on any dataset with enough content
(the benchmark's, or a few hundred rows in the tests).
"""

import itertools
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
from django.urls import reverse

from bench.text import PROGRAM_WORDS, Vocabulary

MINIMUM = 200
TARGET = 250
PAGE_TYPES = (
    "healthz",
    "home",
    "library",
    "library_one_filter",
    "library_two_filters",
    "library_search",
    "global_search",
    "output",
    "city",
    "deep_dive",
)


def search_terms(count: int, *, rng: np.random.Generator, phrases: list[str]) -> list[str]:
    """A realistic mix: very common words, the program's words, rare words, two-word queries and
    quoted phrases (taken from published text, so that they match)."""
    vocabulary = Vocabulary()
    words = vocabulary.words
    common = words[vocabulary.first_content_rank : vocabulary.first_content_rank + 150]
    rare = words[3000:]
    program = [word for word in PROGRAM_WORDS if word in set(words)]
    terms: set[str] = set()
    makers = [
        lambda: str(rng.choice(common)),
        lambda: str(rng.choice(program)),
        lambda: str(rng.choice(rare)),
        lambda: f"{rng.choice(common)} {rng.choice(program + rare)}",
        lambda: f'"{rng.choice(phrases)}"' if phrases else str(rng.choice(program)),
    ]
    weights = [0.25, 0.2, 0.25, 0.2, 0.1]
    attempts = 0
    while len(terms) < count and attempts < count * 50:
        attempts += 1
        terms.add(makers[rng.choice(len(makers), p=weights)]())
    return sorted(terms)


def phrases_from(texts: list[str], *, rng: np.random.Generator, count: int) -> list[str]:
    phrases = []
    for text in texts[:count]:
        words = [word.strip(".,").lower() for word in text.split()]
        if len(words) >= 3:
            start = int(rng.integers(0, len(words) - 2))
            phrases.append(" ".join(words[start : start + 2 + int(rng.integers(0, 2))]))
    return phrases


def sample(queryset, count: int, *, rng: np.random.Generator) -> list[int]:
    """Up to `count` primary keys of `queryset`, chosen at random but reproducibly."""
    keys = np.array(queryset.order_by("pk").values_list("pk", flat=True))
    return rng.choice(keys, size=min(count, len(keys)), replace=False).tolist()


def slugs(queryset) -> list[str]:
    return list(queryset.order_by("pk").values_list("slug", flat=True))


def library_url(**params) -> str:
    query = urlencode([(key, value) for key, value in params.items() if value is not None])
    return f"{reverse('knowledge:library')}?{query}" if query else reverse("knowledge:library")


def generate(*, seed: int = 8) -> dict[str, list[str]]:
    """Addresses per page type, deterministic for a given database and seed."""
    from django.conf import settings

    from cities.models import City, Theme
    from deep_dives.models import DeepDive
    from knowledge.models import Language, Output

    rng = np.random.default_rng(seed)
    published = Output.objects.published()
    chosen = sample(published, TARGET, rng=rng)
    outputs = list(published.filter(pk__in=chosen).order_by("pk").values_list("slug", "summary"))
    works = published.filter(translation_of=None).count()
    last_page = max(1, -(-works // settings.LIBRARY_PAGE_SIZE))
    pages_per_sort = max(1, -(-TARGET // 3))
    later_pages = rng.choice(
        np.arange(2, last_page + 1), size=min(pages_per_sort, last_page) - 1, replace=False
    )
    pages = [1, *sorted(later_pages.tolist())]
    library = [
        library_url(sort=sort, page=page if page > 1 else None)
        for sort in ("newest", "oldest", "title")
        for page in pages
    ]

    facet_values = {
        "kind": list(Output.Kind.values),
        "theme": list(Theme.objects.values_list("slug", flat=True)),
        "language": list(Language.values),
        "year": [str(year) for year in range(2016, 2027)],
        "city": slugs(City.objects.filter(pk__in=sample(City.objects, 150, rng=rng))),
        "deep_dive": slugs(DeepDive.objects.filter(pk__in=sample(DeepDive.objects, 100, rng=rng))),
    }
    one_filter = [library_url(**{facet: value}) for facet, values in facet_values.items() for value in values]
    two_filters = []
    facet_pairs = list(itertools.combinations(facet_values, 2))
    while len(set(two_filters)) < TARGET:
        first, second = facet_pairs[int(rng.integers(len(facet_pairs)))]
        two_filters.append(
            library_url(
                **{
                    first: str(rng.choice(facet_values[first])),
                    second: str(rng.choice(facet_values[second])),
                }
            )
        )

    phrases = phrases_from([summary for _, summary in outputs], rng=rng, count=60)
    terms = search_terms(TARGET, rng=rng, phrases=phrases)
    return {
        "healthz": [reverse("healthz")],
        "home": [reverse("home")],
        "library": library,
        "library_one_filter": one_filter,
        "library_two_filters": list(dict.fromkeys(two_filters)),
        "library_search": [library_url(q=term) for term in terms],
        "global_search": [f"/search/?{urlencode({'q': term})}" for term in terms],
        "output": [reverse("knowledge:output_detail", kwargs={"slug": slug}) for slug, _ in outputs],
        "city": [
            reverse("cities:city_detail", kwargs={"slug": slug})
            for slug in slugs(City.objects.filter(pk__in=sample(City.objects, TARGET, rng=rng)))
        ],
        "deep_dive": [
            reverse("deep_dives:deep_dive_detail", kwargs={"slug": slug})
            for slug in slugs(DeepDive.objects.filter(pk__in=sample(DeepDive.objects, TARGET, rng=rng)))
        ],
    }


def write(urls: dict[str, list[str]], directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for page_type, addresses in urls.items():
        files[page_type] = directory / f"{page_type}.txt"
        files[page_type].write_text("".join(f"{address}\n" for address in addresses))
    return files
