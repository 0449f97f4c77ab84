"""Japanese (and Chinese) text has no spaces between words, so it is indexed as overlapping character
pairs: 富山市 becomes 富山 山市 市, and any word inside it is found as the phrase of its pairs.

The same split runs in PostgreSQL while indexing (the function `search_cjk_bigrams`, created by the
migration from `SQL_FUNCTION`), so that reindexing stays one set-based statement; `bigrams` is its
Python twin, used for queries and tested against it.
"""

import re

# Kana, CJK ideographs (with extension A and compatibility forms), 々 〆 and half-width katakana.
CJK_CLASS = "[\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
CJK_RUN = re.compile(CJK_CLASS + "+")

# The same class for PostgreSQL's regular expressions (\\uXXXX escapes, read by the regex engine).
_PG_CLASS = r"[\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"

SQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION search_cjk_bigrams(doc text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN doc !~ '{_PG_CLASS}' THEN '' ELSE (
    SELECT coalesce(string_agg(
      CASE WHEN i < length(run) THEN substr(run, i, 2) ELSE substr(run, i, 1) END, ' ' ORDER BY n, i), '')
    FROM regexp_matches(doc, '{_PG_CLASS}+', 'g') WITH ORDINALITY AS runs(m, n),
         LATERAL (SELECT runs.m[1] AS run) r,
         LATERAL generate_series(1, length(r.run)) AS i
  ) END
$$;
"""


def runs(text: str) -> list[str]:
    return CJK_RUN.findall(text)


def bigrams(run: str) -> list[str]:
    """The pairs of a run of CJK characters, then its last character alone (so that a one-character
    query, a prefix of the pairs, also finds the character at the end of a run)."""
    return [run[i : i + 2] if i < len(run) - 1 else run[i] for i in range(len(run))]


def document_tokens(text: str) -> list[str]:
    return [token for run in runs(text) for token in bigrams(run)]
