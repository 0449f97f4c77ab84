"""Web-search syntax, read by hand so that nothing a visitor types can reach PostgreSQL as syntax.

`"exact phrase"`, `OR` between alternatives, `-word` or `-"phrase"` to exclude; everything else is
words that must all be found. Words are handed to PostgreSQL only as parameters of
`phraseto_tsquery`, which reads any text as plain words; Japanese runs become phrases of character
pairs built here from CJK characters only.
"""

import re
from dataclasses import dataclass, field, replace

from search import cjk

MAX_QUERY_LENGTH = 200

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ue000-\uf8ff]")


@dataclass(frozen=True)
class Term:
    """One word or phrase: its text outside CJK runs, and the CJK runs in it."""

    text: str
    cjk_runs: tuple[str, ...]
    negated: bool = False
    is_phrase: bool = False

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)

    @property
    def is_searchable(self) -> bool:
        return bool(self.words or self.cjk_runs)


# A query is a list of clauses that must all match; a clause is a list of alternatives (joined by OR).
Clauses = tuple[tuple[Term, ...], ...]


def clean(q: str) -> str:
    text = _CONTROL.sub(" ", str(q))
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _term(text: str, *, negated: bool, is_phrase: bool) -> Term:
    runs = tuple(cjk.runs(text))
    outside = cjk.CJK_RUN.sub(" ", text)
    return Term(text=" ".join(outside.split()), cjk_runs=runs, negated=negated, is_phrase=is_phrase)


def read_clauses(text: str) -> Clauses:
    clauses: list[list[Term]] = []
    join_next = False
    for match in _TOKEN.finditer(text):
        dash, phrase, word = match.groups()
        if word is not None and word.upper() == "OR":
            join_next = bool(clauses)
            continue
        if phrase is not None:
            term = _term(phrase, negated=bool(dash), is_phrase=True)
        else:
            negated = word.startswith("-") and len(word) > 1
            term = _term(word[1:] if negated else word, negated=negated, is_phrase=False)
        if not term.is_searchable:
            continue
        if join_next and clauses:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    return tuple(_usable(clause) for clause in clauses if _usable(clause))


def _usable(clause: list[Term]) -> tuple[Term, ...]:
    """An exclusion only stands alone: "a OR -b" would match nearly everything, so it reads "a"."""
    if len(clause) == 1:
        return tuple(clause)
    return tuple(term for term in clause if not term.negated)


def has_positive_terms(clauses: Clauses) -> bool:
    return any(not term.negated for clause in clauses for term in clause)


def excluded(clauses: Clauses) -> Clauses:
    """What the query excludes, as one clause of alternatives: a record holding any of them is left out.
    (An exclusion always stands alone in its clause: see _usable.)"""
    terms = tuple(replace(term, negated=False) for clause in clauses for term in clause if term.negated)
    return (terms,) if terms else ()


def positive_words(clauses: Clauses) -> list[str]:
    return [word for clause in clauses for term in clause if not term.negated for word in term.words]


def cjk_tsquery(run: str, *, in_order: bool = True) -> str:
    """A tsquery (as text) that finds `run` in the character pairs of a document (or, not `in_order`,
    the documents that hold all of its pairs)."""
    if len(run) == 1:
        return f"'{run}':*"
    pairs = [run[i : i + 2] for i in range(len(run) - 1)]
    return (" <-> " if in_order else " & ").join(f"'{pair}'" for pair in pairs)


def tsquery_sql(
    clauses: Clauses, *, name: str = "q", with_cjk: bool = True, loose: bool = False
) -> tuple[str, dict[str, str]]:
    """An SQL expression of type tsquery for the clauses, with named parameters (`%(q0)s`, ...) and
    their values, so that a statement can use it several times and the driver binds each value.

    `loose` asks for what every match holds, which the index alone can answer without reading any
    document: each phrase's words in any order, and no exclusions."""
    params: dict[str, str] = {}

    def bound(value: str) -> str:
        key = f"{name}{len(params)}"
        params[key] = value
        return f"%({key})s"

    def term_sql(term: Term) -> str:
        if loose and term.negated:
            return ""
        parts = []
        if term.words:
            function = (
                "phraseto_tsquery"
                if (term.is_phrase or len(term.words) > 1) and not loose
                else "plainto_tsquery"
            )
            parts.append(f"{function}('english', {bound(' '.join(term.words))})")
        if with_cjk:
            for run in term.cjk_runs:
                parts.append(f"{bound(cjk_tsquery(run, in_order=not loose))}::tsquery")
        if not parts:
            return ""
        joined = "(" + " && ".join(parts) + ")"
        return f"!!{joined}" if term.negated else joined

    clause_sql = []
    for clause in clauses:
        alternatives = [sql for sql in (term_sql(term) for term in clause) if sql]
        if alternatives:
            clause_sql.append("(" + " || ".join(alternatives) + ")")
    if not clause_sql:
        return "''::tsquery", {}
    return "(" + " && ".join(clause_sql) + ")", params


@dataclass(frozen=True)
class ParsedQuery:
    """What the visitor typed, made safe (cpp_portal.search.Query)."""

    text: str
    is_empty: bool
    clauses: Clauses = field(default=(), compare=False, repr=False)

    @property
    def has_phrases(self) -> bool:
        """Whether telling a match needs word positions: a phrase, or a Japanese run of three or more."""
        return any(
            len(term.words) > 1 or any(len(run) > 2 for run in term.cjk_runs)
            for clause in self.clauses
            for term in clause
        )

    @property
    def marked_pieces(self) -> set[str]:
        """The pieces of text that a passage marks: every word and Japanese run looked for."""
        return {
            piece
            for clause in self.clauses
            for term in clause
            if not term.negated
            for piece in (*term.words, *term.cjk_runs)
        }


def parse(q: str) -> ParsedQuery:
    try:
        text = clean(q or "")
        clauses = read_clauses(text)
    except Exception:  # noqa: BLE001 - whatever a visitor types is a query, never an error
        return ParsedQuery(text="", is_empty=True)
    return ParsedQuery(text=text, is_empty=not has_positive_terms(clauses), clauses=clauses)
