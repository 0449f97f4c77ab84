"""The search engine behind `cpp_portal.search` (settings.SEARCH_ENGINE): the library's keywords, the
/search/ page and every other page that shows results. What is the same on every database lives here
(parsing, the cache of results, escaping and marking passages, choosing the words to correct); the rest
is the backend's (search/backends/)."""

import hashlib
import html
import re

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from content_state import versions
from cpp_portal.search import KINDS, NO_RESULT, SearchResult
from search import cjk
from search.backends import backend
from search.backends.postgresql import MARK_END, MARK_START
from search.indexing import SEARCH_SCOPE
from search.query import ParsedQuery, parse, positive_words

# Bodies are Markdown: a passage reads better without its heading and emphasis markers.
_MARKDOWN_MARKERS = re.compile(r"(?<!\S)#{1,6} |\*\*?(?=\S)|(?<=\S)\*\*?")
# Did you mean: at most this many words of a query are looked at, each at least 3 letters long.
CORRECTED_WORDS = 8


class Engine:
    def parse(self, q: str) -> ParsedQuery:
        return parse(q)

    def search(self, query: ParsedQuery, kind: str) -> SearchResult:
        """The matches, from the shared cache while no record changed since that matches the query now,
        matched it before, or is among the results; else searched again."""
        if kind not in KINDS:
            raise ValueError(f"Unknown kind of search entry: {kind!r}")
        if query.is_empty:
            return NO_RESULT
        key = f"search:{kind}:{hashlib.sha256(query.text.encode()).hexdigest()}"
        found, current = versions.fetch_with_versions([key], [SEARCH_SCOPE])
        entry = found.get(key)
        if entry is not None and entry["all"] == current[versions.ALL]:
            if entry["search"] == current[SEARCH_SCOPE]:
                return entry["result"]
            position, affected = backend().affected(
                query, kind, since=entry["journal"], ids=entry["result"].ids
            )
            if not affected:
                self._keep(key, entry["result"], current, position)
                return entry["result"]
        position = backend().journal_position(kind)
        result = backend().find(query, kind)
        self._keep(key, result, current, position)
        return result

    @staticmethod
    def _keep(key: str, result: SearchResult, current: dict[str, int], position: int) -> None:
        cache.set(
            key,
            {
                "result": result,
                "all": current[versions.ALL],
                "search": current[SEARCH_SCOPE],
                "journal": position,
            },
            settings.FRAGMENT_CACHE_SECONDS,
        )

    def snippets(self, query: ParsedQuery, kind: str, ids: list[int]) -> dict[int, SafeString]:
        """A short passage of each record that shows why it matched, with the matches in <mark> and
        everything else escaped. One query for all ids."""
        ids = [int(pk) for pk in ids]
        if not ids or kind not in KINDS or query.is_empty:
            return {}
        marks_words = backend().marks_words
        passages = backend().passages(query, kind, ids)
        return {pk: _highlight(text, query, marks_words=marks_words) for pk, text in passages.items()}

    def did_you_mean(self, query: ParsedQuery) -> str | None:
        """The query with each word that finds nothing replaced by the nearest word of a public title,
        city or theme name, if that word finds public content, and only if the corrected query finds
        more than the query; None when there is nothing better. A word that finds content is never
        corrected."""
        if query.is_empty:
            return None
        words = [word for word in positive_words(query.clauses) if not cjk.runs(word) and len(word) >= 3]
        words = list(dict.fromkeys(word.lower() for word in words))[:CORRECTED_WORDS]
        corrections = backend().corrections(words) if words else {}
        if not corrections:
            return None
        corrected = re.sub(r"[^\W_]+", lambda match: _in_case_of(match.group(0), corrections), query.text)
        if corrected == query.text or self._found(parse(corrected)) <= self._found(query):
            return None
        return corrected

    def _found(self, query: ParsedQuery) -> int:
        return sum(self.search(query, kind).total for kind in KINDS)


def _in_case_of(word: str, corrections: dict[str, str]) -> str:
    """The correction of `word`, in lower case if the visitor wrote in lower case."""
    correction = corrections.get(word.lower())
    if correction is None:
        return word
    return correction.lower() if word.islower() else correction


def _highlight(text: str, query: ParsedQuery, *, marks_words: bool) -> SafeString:
    """Escape everything, then mark the matches: the backend's markers, and the pieces of the query it
    cannot mark (Japanese runs; where the backend marks nothing, every word)."""
    if marks_words:
        text = text.replace(MARK_START, "").replace(MARK_END, "")
    text = _MARKDOWN_MARKERS.sub("", text)
    escaped = _mark_pieces(html.escape(" ".join(text.split())), query, words=marks_words)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


def _mark_pieces(escaped: str, query: ParsedQuery, *, words: bool) -> str:
    pieces = set()
    for clause in query.clauses:
        for term in clause:
            if not term.negated:
                pieces.update(term.cjk_runs)
                if words:
                    pieces.update(term.words)
    if not pieces:
        return escaped
    alternatives = "|".join(re.escape(html.escape(piece)) for piece in sorted(pieces, key=len, reverse=True))
    # Entities (&amp;) are skipped whole, so that a word never cuts one in two.
    pattern = re.compile(rf"(&#?\w+;)|({alternatives})", re.IGNORECASE)
    return pattern.sub(lambda m: m.group(1) or f"{MARK_START}{m.group(2)}{MARK_END}", escaped)
