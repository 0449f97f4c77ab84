"""How to cite an output: the formatted reference on its page, and BibTeX and RIS for reference managers.

Both file formats are a handful of lines, written here rather than with a library: what needs care is
BibTeX's escaping (below); the suite reads both back with independent parsers (bibtexparser, rispy).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from knowledge.metadata import PUBLISHER, OutputMetadata, is_organisation


@dataclass(frozen=True)
class Citation:
    """A reference in author–date style; authors' names are kept as written, since they are free text."""

    authors: str
    year: str
    title: str
    kind: str
    publisher: str
    url: str


def join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " & ".join(names)
    return ", ".join(names[:-1]) + ", & " + names[-1]


def citation(metadata: OutputMetadata) -> Citation:
    authors = metadata.authors
    return Citation(
        authors=join_names(authors) if authors else PUBLISHER,
        year=str(metadata.issued.year) if metadata.issued else _("n.d."),
        title=metadata.output.title,
        kind=metadata.kind_label,
        # A work without named authors is cited under its publisher, which is then not repeated.
        publisher=PUBLISHER if authors else "",
        url=metadata.url,
    )


def citation_key(metadata: OutputMetadata) -> str:
    year = str(metadata.issued.year) if metadata.issued else "nd"
    return f"{metadata.output.slug[:50].rstrip('-_')}-{year}"


BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(character) for character in _BIBTEX_SPECIALS))


def bibtex_text(value: str) -> str:
    """A value LaTeX prints as written: specials escaped (so braces always balance), on one line."""
    one_line = " ".join(value.split())
    return _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX_SPECIALS[match.group()], one_line)


def bibtex_name(name: str) -> str:
    # Braces make BibTeX keep a body's name whole instead of reading "Smith" out of "Smith Foundation".
    return f"{{{bibtex_text(name)}}}" if is_organisation(name) else bibtex_text(name)


def bibtex(metadata: OutputMetadata) -> str:
    output = metadata.output
    fields = []
    if metadata.authors:
        fields.append(("author", " and ".join(bibtex_name(name) for name in metadata.authors)))
    # Double braces keep the title's capitals (place names) in styles that lower-case titles.
    fields.append(("title", f"{{{bibtex_text(output.title)}}}"))
    if metadata.issued:
        fields.append(("year", str(metadata.issued.year)))
        fields.append(("month", BIBTEX_MONTHS[metadata.issued.month - 1]))
    if metadata.terms.bibtex == "techreport":
        fields.append(("institution", bibtex_text(PUBLISHER)))
        fields.append(("type", bibtex_text(metadata.kind_label)))
    else:
        # @misc has no publisher, institution or organization field that styles print: howpublished is
        # where the standard styles show who published it.
        fields.append(("howpublished", bibtex_text(f"{metadata.kind_label}, {PUBLISHER}")))
    fields.append(("abstract", bibtex_text(output.summary)))
    if metadata.themes:
        fields.append(("keywords", bibtex_text(", ".join(theme.name for theme in metadata.themes))))
    fields.append(("language", output.language))
    fields.append(("url", metadata.url))
    body = ",\n".join(
        # The month is a BibTeX macro (`mar`), every other value a braced string.
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@{metadata.terms.bibtex}{{{citation_key(metadata)},\n{body}\n}}\n"


def ris(metadata: OutputMetadata) -> str:
    output = metadata.output
    lines = [("TY", metadata.terms.ris), ("TI", output.title)]
    lines += [("AU", name) for name in metadata.authors]
    if metadata.issued:
        lines.append(("PY", str(metadata.issued.year)))
        lines.append(("DA", metadata.issued.strftime("%Y/%m/%d")))
    lines.append(("PB", PUBLISHER))
    lines.append(("M3", metadata.kind_label))
    lines.append(("AB", output.summary))
    lines += [("KW", theme.name) for theme in metadata.themes]
    lines.append(("LA", output.language))
    lines.append(("UR", metadata.url))
    lines += [("L1", url) for _attachment, url in metadata.files]
    lines.append(("ER", ""))
    # One tag a line, so a value never spans lines; RIS wants CRLF.
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)
