"""Harvesting in: Dublin Core records of an OAI-PMH repository (the World Bank's Open Knowledge
Repository, another portal) become outputs waiting in the curators' review queue.

The whole list is read and checked first (bounded: HARVEST_MAX_PAGES pages of at most
HARVEST_MAX_RESPONSE_BYTES, no DTD or entity, no resumption token twice), so that a broken or endless
source imports nothing. Then each record is written in a transaction of its own, with the PDFs it links
(through the upload checks): a refused record leaves nothing behind. The record's identifier and
datestamp are kept, so a second harvest updates what is still waiting for review and changes nothing
where the source did not change; an output a curator has reviewed is never overwritten."""

import datetime
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils import timezone, translation

from cities.models import City, Theme
from cpp_portal.files import atomic_with_files
from deep_dives.models import DeepDive
from knowledge.models import Language, Output
from knowledge.services import attachment_add
from knowledge.uploads import PreparedFile, prepare_upload

OAI = "{http://www.openarchives.org/OAI/2.0/}"
OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
USER_AGENT = "CPP-Knowledge-Portal-harvester/1"
# What may be overwritten by a later harvest: what no curator has looked at yet.
UPDATABLE = (Output.Status.DRAFT, Output.Status.SUBMITTED)
MAX_FILES_PER_RECORD = 5


class HarvestError(Exception):
    """The source cannot be harvested (unreachable, not OAI-PMH, malformed, endless): nothing was written."""


@dataclass
class SourceRecord:
    identifier: str
    datestamp: str
    deleted: bool
    elements: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # element → (value, xml:lang)

    def values(self, element: str) -> list[str]:
        return [value for value, _language in self.elements.get(element, [])]


@dataclass
class HarvestReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # reviewed already: the portal's copy stays as it is
    removed: list[str] = field(default_factory=list)  # deleted at the source while waiting for review
    refused: list[tuple[str, str]] = field(default_factory=list)  # (identifier, why)


# Reading the source


def fetch(url: str, *, limit: int) -> bytes:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise HarvestError(f"Only http and https addresses can be harvested, not {url!r}.")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=settings.HARVEST_TIMEOUT_SECONDS) as response:
            body = response.read(limit + 1)
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise HarvestError(f"{url} could not be read: {error}.") from None
    if len(body) > limit:
        raise HarvestError(f"{url} answered with more than {limit:,} bytes.")
    return body


def parse(body: bytes, url: str) -> Element:
    try:
        root = ElementTree.fromstring(body, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as error:
        raise HarvestError(f"{url} did not answer with well-formed XML without a DTD: {error}.") from None
    if root.tag != f"{OAI}OAI-PMH":
        raise HarvestError(f"{url} did not answer with an OAI-PMH response.")
    return root


def list_records(
    base_url: str, *, set_spec: str = "", since: datetime.date | None = None
) -> list[SourceRecord]:
    """Every record of ListRecords in oai_dc, all pages read before anything is written."""
    arguments = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    if set_spec:
        arguments["set"] = set_spec
    if since:
        arguments["from"] = since.isoformat()
    records, seen_tokens = [], set()
    for _page in range(settings.HARVEST_MAX_PAGES):
        url = f"{base_url}?{urllib.parse.urlencode(arguments)}"
        root = parse(fetch(url, limit=settings.HARVEST_MAX_RESPONSE_BYTES), url)
        error = root.find(f"{OAI}error")
        if error is not None:
            if error.get("code") == "noRecordsMatch":
                return records
            raise HarvestError(f"The repository refused: {error.get('code')}: {(error.text or '').strip()}")
        list_element = root.find(f"{OAI}ListRecords")
        if list_element is None:
            raise HarvestError(f"{url} answered without a ListRecords element.")
        records += [source_record(element) for element in list_element.findall(f"{OAI}record")]
        token_element = list_element.find(f"{OAI}resumptionToken")
        token = (token_element.text or "").strip() if token_element is not None else ""
        if not token:
            return records
        if token in seen_tokens:
            raise HarvestError("The repository gave the same resumption token twice: the list never ends.")
        seen_tokens.add(token)
        arguments = {"verb": "ListRecords", "resumptionToken": token}
    raise HarvestError(
        f"The list goes on past {settings.HARVEST_MAX_PAGES} pages: harvest it by set or date."
    )


def source_record(element: Element) -> SourceRecord:
    header = element.find(f"{OAI}header")
    if header is None or not (header.findtext(f"{OAI}identifier") or "").strip():
        raise HarvestError("A record has no header with an identifier.")
    record = SourceRecord(
        identifier=header.findtext(f"{OAI}identifier").strip(),
        datestamp=(header.findtext(f"{OAI}datestamp") or "").strip(),
        deleted=header.get("status") == "deleted",
    )
    dublin_core = element.find(f"{OAI}metadata/{OAI_DC}")
    if dublin_core is not None:
        for child in dublin_core:
            if child.tag.startswith(DC) and (child.text or "").strip():
                name = child.tag.removeprefix(DC)
                record.elements.setdefault(name, []).append((child.text.strip(), child.get(XML_LANG, "")))
    return record


# From Dublin Core to an output


@cache
def kind_names() -> dict[str, str]:
    """Each kind by its name in either language, case folded."""
    names = {}
    for language in ("en", "ja"):
        with translation.override(language):
            names.update({str(label).casefold(): value for value, label in Output.Kind.choices})
    return names


def kind_of(types: list[str]) -> str:
    """The portal's kind for the record's dc:type values: a kind's own name in either language first."""
    names = kind_names()
    for value in types:
        if value.casefold() in names:
            return names[value.casefold()]
    text = " ".join(types).casefold()
    for pattern, kind in (
        (r"moving ?image|video", Output.Kind.VIDEO),
        (r"case stud", Output.Kind.CASE_STUDY),
        (r"toolkit", Output.Kind.TOOLKIT),
        (r"guide|good practice", Output.Kind.GOOD_PRACTICE_GUIDE),
        (r"presentation|slide", Output.Kind.PRESENTATION),
        (r"\bnote\b|brief", Output.Kind.KNOWLEDGE_NOTE),
    ):
        if re.search(pattern, text):
            return kind
    return Output.Kind.REPORT


LANGUAGE_CODES = {"eng": "en", "jpn": "ja", "spa": "es", "fra": "fr", "fre": "fr", "por": "pt"}


def language_of(record: SourceRecord) -> str:
    known = dict(Language.choices)
    candidates = record.values("language") + [language for _v, language in record.elements.get("title", [])]
    for value in candidates:
        code = value.strip().lower().replace("_", "-").split("-")[0]
        code = LANGUAGE_CODES.get(code, code)
        if code in known:
            return code
    return settings.LANGUAGE_CODE


def date_of(values: list[str]) -> datetime.date | None:
    """dc:date as the portal gives it (one date) or as DSpace does (accessioned, available, issued): the
    issue date is the one without a time, else the earliest."""
    dates = []
    for value in values:
        match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(T.*)?", value.strip())
        if not match:
            continue
        year, month, day, time = match.groups()
        try:
            dates.append((time is not None, datetime.date(int(year), int(month or 1), int(day or 1))))
        except ValueError:
            continue
    return min(dates)[1] if dates else None


def licence_of(rights: list[str]) -> str:
    for value in rights:
        for licence, url in Output.LICENCE_URLS.items():
            if value.rstrip("/") == url.rstrip("/"):
                return licence
        for licence, label in Output.Licence.choices:
            if value.casefold() == str(label).casefold():
                return licence
    # No licence the portal knows: the most careful one, for the curator to correct.
    return Output.Licence.ALL_RIGHTS_RESERVED


def is_file_link(value: str) -> bool:
    path = urllib.parse.urlsplit(value).path.casefold()
    return value.startswith(("http://", "https://")) and (path.endswith(".pdf") or "/bitstream" in path)


@dataclass
class Vocabulary:
    """The themes and cities by their case-folded names (two cities may share one), read once for a
    whole harvest."""

    themes: dict[str, Theme]
    cities: dict[str, list[City]]

    @classmethod
    def from_database(cls) -> "Vocabulary":
        cities: dict[str, list[City]] = {}
        for city in City.objects.only("pk", "name"):
            cities.setdefault(city.name.casefold(), []).append(city)
        return cls(themes={theme.name.casefold(): theme for theme in Theme.objects.all()}, cities=cities)


def output_values(record: SourceRecord, vocabulary: Vocabulary) -> tuple[dict, dict]:
    """The output's fields, and its relations (themes, cities, deep dive), from the record."""
    titles = record.values("title")
    descriptions = record.values("description")
    if not titles:
        raise ValidationError("The record has no title.")
    if not descriptions:
        raise ValidationError("The record has no description to serve as a summary.")
    summary_limit = Output._meta.get_field("summary").max_length
    fields = {
        "title": titles[0][: Output._meta.get_field("title").max_length],
        "summary": descriptions[0][:summary_limit],
        "body": "\n\n".join(descriptions[1:]),
        "authors": "\n".join(record.values("creator")),
        "language": language_of(record),
        "kind": kind_of(record.values("type")),
        "publication_date": date_of(record.values("date")),
        "licence": licence_of(record.values("rights")),
    }
    subjects = {value.casefold() for value in record.values("subject")}
    themes = [vocabulary.themes[name] for name in subjects if name in vocabulary.themes]
    places = {value.split(",")[0].strip().casefold() for value in record.values("coverage")}
    cities = [city for name in places for city in vocabulary.cities.get(name, [])]
    deep_dive_slugs = [
        match.group(1)
        for value in record.values("relation")
        if (match := re.search(r"/deep-dives/([-\w]+)/?$", urllib.parse.urlsplit(value).path))
    ]
    deep_dive = DeepDive.objects.filter(slug__in=deep_dive_slugs).first() if deep_dive_slugs else None
    return fields, {"themes": themes, "cities": cities, "deep_dive": deep_dive}


def file_links(record: SourceRecord) -> list[str]:
    links = [
        value for value in record.values("identifier") + record.values("relation") if is_file_link(value)
    ]
    return list(dict.fromkeys(links))[:MAX_FILES_PER_RECORD]


def fetched_pdf(url: str, files: ExitStack) -> PreparedFile:
    """The file at `url`, checked as an upload is (it must really be a PDF), in a temporary file that
    lasts as long as `files`."""
    body = fetch(url, limit=settings.UPLOAD_MAX_DOCUMENT_SIZE)
    name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1]) or "document.pdf"
    if not name.casefold().endswith(".pdf"):
        name += ".pdf"
    handle = files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (closed with `files`)
    handle.write(body)
    handle.seek(0)
    prepared = prepare_upload(File(handle, name=name))
    if prepared.content_type != "application/pdf":
        raise ValidationError(f"{url} is not a PDF.")
    return prepared


# Writing


def harvest(base_url: str, *, set_spec: str = "", since: datetime.date | None = None) -> HarvestReport:
    records = list_records(base_url, set_spec=set_spec, since=since)
    vocabulary = Vocabulary.from_database()
    report = HarvestReport()
    for record in records:
        try:
            outcome = harvest_record(base_url, record, vocabulary)
        except (ValidationError, HarvestError) as error:
            reason = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            report.refused.append((record.identifier, reason))
        else:
            getattr(report, outcome).append(record.identifier)
    return report


def harvest_record(base_url: str, record: SourceRecord, vocabulary: Vocabulary) -> str:
    """One record: its files are fetched before anything is written, outside any transaction (a slow
    source, or this portal's own, must not wait on a lock the harvest holds), then the output and its
    files are written at once."""
    existing = _copy_of(base_url, record).first()
    if record.deleted:
        return _remove(base_url, record)
    if existing is not None and existing.status not in UPDATABLE:
        return "kept"
    if existing is not None and existing.source_datestamp == record.datestamp:
        return "unchanged"
    fields, relations = output_values(record, vocabulary)
    with ExitStack() as files:
        prepared = [fetched_pdf(url, files) for url in file_links(record)]
        return _write(base_url, record, fields, relations, prepared)


def _copy_of(base_url: str, record: SourceRecord):
    return Output.objects.filter(source_repository=base_url, source_identifier=record.identifier)


@atomic_with_files
def _remove(base_url: str, record: SourceRecord) -> str:
    existing = _copy_of(base_url, record).select_for_update().first()
    if existing is not None and existing.status in UPDATABLE:
        existing.delete()
        return "removed"
    return "kept" if existing is not None else "unchanged"


@atomic_with_files
def _write(base_url: str, record: SourceRecord, fields: dict, relations: dict, files: list) -> str:
    # Read again under a lock: a curator may have reviewed it while the files were fetched.
    existing = _copy_of(base_url, record).select_for_update().first()
    if existing is not None and existing.status not in UPDATABLE:
        return "kept"
    output = existing or Output(
        source_repository=base_url,
        source_identifier=record.identifier,
        status=Output.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for name, value in fields.items():
        setattr(output, name, value)
    output.source_datestamp = record.datestamp
    output.deep_dive = relations["deep_dive"]
    output.full_clean(exclude=["slug"])
    output.save()
    output.themes.set(relations["themes"])
    output.cities.set(relations["cities"])
    known = set(output.attachments.values_list("sha256", flat=True))
    for prepared in files:
        if prepared.sha256 not in known:
            attachment_add(output=output, prepared=prepared)
            known.add(prepared.sha256)
    return "updated" if existing is not None else "created"
