"""Whatever a visitor types becomes a valid FTS5 query (search/fts5.py), read as plain words: checked
against SQLite's own FTS5 table, as migration search.0003 creates it, in memory."""

import importlib
import random
import sqlite3

import pytest

from search import fts5
from search.query import parse

migration = importlib.import_module("search.migrations.0003_sqlite_full_text")

SYNTAX = ['"', "*", "^", ":", "(", ")", "{", "}", "-", "+", " ", "NEAR", "AND", "OR", "NOT", "title", "富山"]


@pytest.fixture(scope="module")
def table():
    database = sqlite3.connect(":memory:")
    database.execute(migration.CREATE_TABLE)
    database.execute(
        f"INSERT INTO {fts5.TABLE} ({', '.join(fts5.COLUMNS)}) VALUES ({', '.join('?' * len(fts5.COLUMNS))})",
        ["Compact city NEAR the station", "title: a summary", "", "", "", "", "", ""],
    )
    yield database
    database.close()


def found(table, q: str) -> list[int]:
    expression = fts5.match_expression(parse(q).clauses)
    if not expression:
        return []
    return [
        row[0]
        for row in table.execute(f"SELECT rowid FROM {fts5.TABLE} WHERE {fts5.TABLE} MATCH ?", [expression])
    ]


def test_random_mixtures_of_fts5_syntax_are_valid_queries(table):
    generator = random.Random(13)
    for _ in range(2000):
        q = "".join(generator.choice(SYNTAX) for _ in range(generator.randint(1, 12)))
        found(table, q)  # raises sqlite3.OperationalError if FTS5 cannot read it


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("NEAR( compact station )", [1]),  # the words, not FTS5's NEAR group
        ("NEAR( compact ferry )", []),
        ("title: summary", [1]),  # the words, not a column filter
        ("title:station", []),  # one token, so a phrase (as on PostgreSQL)
        ("compact*", [1]),
        ("compac*", []),  # no prefix search
        ("^compact", [1]),
        ('"city near the"', [1]),
        ('"near city"', []),
        ("compact -summary", []),  # excluded wherever it is
        ("compact NOT station", [1]),  # NOT is a word here, and a stop word for PostgreSQL
    ],
)
def test_fts5_syntax_typed_in_the_box_is_read_as_words(table, q, expected):
    assert found(table, q) == expected
