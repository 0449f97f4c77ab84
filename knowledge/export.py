"""The library's current selection as a file for curators: CSV (for a spreadsheet) or JSON Lines (for a
script), one row per work as the library lists them, in its order, streamed in chunks so that 100,000
rows cost bounded memory and a fixed number of queries per chunk."""

import csv
import json
from collections.abc import Iterator

from django.db.models import Count, Q

from cpp_portal.site_url import absolute_url
from knowledge.filters import OutputFilter
from knowledge.library import library_selection
from knowledge.models import FileProcessing, Output

COLUMNS = (
    "title",
    "kind",
    "language",
    "publication_date",
    "authors",
    "themes",
    "cities",
    "deep_dive",
    "licence",
    "files",
    "summary",
    "url",
)
CHUNK = 500
# A cell a spreadsheet would run as a formula (OWASP's CSV injection) starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def selection(filterset: OutputFilter) -> list[int]:
    """The ids of the works the library shows for these filters and keywords, in its order."""
    _query, library = library_selection(filterset)
    return [int(pk) for pk in library.result.ordered_ids]


def records(ids: list[int]) -> Iterator[dict]:
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        outputs = (
            Output.objects.filter(pk__in=chunk)
            .select_related("deep_dive")
            .prefetch_related("themes", "cities")
            .annotate(files=Count("attachments", filter=Q(attachments__processing=FileProcessing.READY)))
        )
        by_id = {output.pk: output for output in outputs}
        for pk in chunk:
            if pk in by_id:
                yield record(by_id[pk])


def record(output: Output) -> dict:
    return {
        "title": output.title,
        "kind": output.kind,
        "language": output.language,
        "publication_date": output.publication_date.isoformat() if output.publication_date else None,
        "authors": output.author_list,
        "themes": [theme.name for theme in output.themes.all()],
        "cities": [city.name for city in output.cities.all()],
        "deep_dive": output.deep_dive.title if output.deep_dive else None,
        "licence": output.licence,
        "files": output.files,
        "summary": output.summary,
        "url": absolute_url(output.get_canonical_url()),
    }


def json_lines(rows: Iterator[dict]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


class _Line:
    def write(self, value: str) -> str:
        return value


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_lines(rows: Iterator[dict]) -> Iterator[str]:
    writer = csv.writer(_Line())
    # The byte order mark tells Excel the file is UTF-8, so Japanese titles open as they are.
    yield "\ufeff" + writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow([csv_cell(row[column]) for column in COLUMNS])
