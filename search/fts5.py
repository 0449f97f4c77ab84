"""SQLite's full-text engine (FTS5), as search on the embedded database uses it.

One FTS5 table beside `search_searchentry`, a row per entry under the same rowid (created by migration
0003 on SQLite only). Its columns are a document's parts (search/documents.py PARTS), which the porter
tokenizer reads as stemmed English words, then each part's Japanese as character pairs (search/cjk.py)
in a column of its own, so that both databases find Japanese the same way and weigh it as its part.

A query reaches FTS5 only as the expression written here from the parsed query: every word, phrase
and pair is a quoted FTS5 string (its own quotes doubled), so nothing a visitor types is read as
FTS5 syntax (NEAR, column filters, *, ^, parentheses).
"""

from dataclasses import replace

from search import cjk
from search.documents import PARTS
from search.query import Clauses, Term

TABLE = "search_entry_fts"
TEXT_COLUMNS = tuple(name for name, _weight in PARTS)
PAIR_COLUMNS = tuple(f"{name}_pairs" for name in TEXT_COLUMNS)
COLUMNS = TEXT_COLUMNS + PAIR_COLUMNS
# The title and the summary: what a match must be in to come first, as PostgreSQL's `head` vector.
HEAD_PARTS = TEXT_COLUMNS[:2]

# PostgreSQL's default weights in ts_rank, so that bm25 weighs the parts as PostgreSQL does.
RANK_WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}

# PostgreSQL's English stop words (tsearch_data/english.stop): its parser drops them from a query, and
# FTS5 has no stop words, so they are dropped here to find the same records.
_ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
    hers herself it its itself they them their theirs themselves what which who whom this that these
    those am is are was were be been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where
    why how all any both each few more most other some such no nor not only own same so than too very s
    t can will just don should now"""
STOP_WORDS = frozenset(_ENGLISH_STOP.split())


def pairs_text(text: str) -> str:
    """The character pairs of the Japanese in `text`, separated by spaces (the tokens FTS5 indexes)."""
    return " ".join(cjk.document_tokens(text))


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def weights(parts: tuple[str, ...] = TEXT_COLUMNS) -> str:
    """bm25's weights for every column, in the table's order: those of `parts`, the others 0; the pairs
    of a part weigh as the part."""
    weight_of = {name: RANK_WEIGHTS[weight] for name, weight in PARTS if name in parts}
    return ", ".join(str(weight_of.get(name, 0.0)) for name in TEXT_COLUMNS * 2)


def _term_expression(term: Term, parts: tuple[str, ...], *, with_cjk: bool) -> str:
    pieces = []
    words = term.words
    if words and not all(word.lower() in STOP_WORDS for word in words):
        pieces.append(f"{{{' '.join(parts)}}} : {quoted(' '.join(words))}")
    if with_cjk:
        pair_parts = " ".join(f"{name}_pairs" for name in parts)
        for run in term.cjk_runs:
            if len(run) == 1:
                # A prefix of the pairs, as PostgreSQL's '富':*.
                pieces.append(f"{{{pair_parts}}} : {quoted(run)}*")
            else:
                pairs = " ".join(run[i : i + 2] for i in range(len(run) - 1))
                pieces.append(f"{{{pair_parts}}} : {quoted(pairs)}")
    return "(" + " AND ".join(pieces) + ")" if pieces else ""


def match_expression(
    clauses: Clauses, *, parts: tuple[str, ...] = TEXT_COLUMNS, with_cjk: bool = True, exclusions: bool = True
) -> str:
    """The FTS5 query of the clauses over the columns of `parts` ('' when nothing is left to look for).
    Exclusions always stand alone in their clause (query._usable), so they become one NOT."""
    required, left_out = [], []
    for clause in clauses:
        if len(clause) == 1 and clause[0].negated:
            expression = _term_expression(replace(clause[0], negated=False), TEXT_COLUMNS, with_cjk=with_cjk)
            if expression:
                left_out.append(expression)
            continue
        alternatives = [
            expression
            for expression in (_term_expression(term, parts, with_cjk=with_cjk) for term in clause)
            if expression
        ]
        if alternatives:
            required.append("(" + " OR ".join(alternatives) + ")")
    if not required:
        return ""
    expression = " AND ".join(required)
    if exclusions and left_out:
        expression = f"({expression}) NOT ({' OR '.join(left_out)})"
    return expression
