"""Suggestion terms for "Did you mean": the words of public titles, city names and theme names."""

import re
from collections.abc import Iterable

from search import cjk
from search.models import SearchTerm

# A word is offered as a correction only if it is plain letters, at least 3 of them.
TERM_PATTERN = re.compile(r"[^\W\d_]{3,}")


def add_terms(titles: Iterable[str]) -> None:
    """The words of these titles (or names) as suggestion terms."""
    found: dict[str, str] = {}
    for title in titles:
        for word in TERM_PATTERN.findall(title):
            if len(word) <= 100 and not cjk.runs(word):
                found.setdefault(word.lower(), word)
    if found:
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=word, display=display) for word, display in found.items()], ignore_conflicts=True
        )
