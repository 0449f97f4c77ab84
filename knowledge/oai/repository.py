"""What the OAI-PMH repository holds and how each output looks in it.

Records are the published outputs. An archived output that was public once stays as a deleted record, so
harvesters learn to drop it; one that was never public is never mentioned. Deleted records last only as
long as the archived row (a curator can still delete it), so the repository declares them `transient`.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Greatest

from cities.models import City, Theme
from knowledge.metadata import OutputMetadata
from knowledge.models import Attachment, Output


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str


OAI_DC = MetadataFormat(
    "oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/"
)
METADATA_FORMATS = {OAI_DC.prefix: OAI_DC}

THEME_SETS = "theme"
CITY_SETS = "city"


def harvestable() -> QuerySet:
    """Every output the repository tells about, with its datestamp: the later of its last change and the
    moment it went public (an output whose embargo ends must look new to incremental harvests)."""
    return (Output.objects.published() | Output.objects.formerly_published()).annotate(
        oai_datestamp=Greatest("updated_at", "published_at")
    )


def for_records(queryset: QuerySet, *, with_metadata: bool) -> QuerySet:
    """What a page of headers, or of records, needs: a fixed number of queries for any page size."""
    fields = ["slug", "status", "updated_at", "published_at"]
    queryset = queryset.prefetch_related(
        Prefetch("themes", Theme.objects.only("slug", "name")),
        Prefetch("cities", City.objects.only("slug", "name", "country")),
    )
    if not with_metadata:
        return queryset.only(*fields)
    fields += [
        "kind",
        "title",
        "summary",
        "authors",
        "language",
        "publication_date",
        "licence",
        "cover_image",
    ]
    return (
        queryset.select_related("deep_dive")
        .only(*fields, "deep_dive__slug")
        .prefetch_related(
            Prefetch(
                "attachments", Attachment.objects.ready().only("output_id", "display_name", "content_type")
            )
        )
    )


def in_set(queryset: QuerySet, set_spec: str) -> QuerySet:
    """Outputs in a set: `theme` and `city` hold every output with a theme or a city; `theme:<slug>` and
    `city:<slug>` those with that one. A set that does not exist holds nothing."""
    kind, _, slug = set_spec.partition(":")
    links = {THEME_SETS: (Output.themes.through, "theme"), CITY_SETS: (Output.cities.through, "city")}
    if kind not in links or ":" in slug:
        return queryset.none()
    through, name = links[kind]
    members = through.objects.filter(output=OuterRef("pk"))
    if slug:
        members = members.filter(**{f"{name}__slug": slug})
    return queryset.filter(Exists(members))


# The oai-identifier scheme's repository identifier: a domain name (OAI-PMH guidelines, oai-identifier.xsd).
_SCHEME_REPOSITORY_IDENTIFIER = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")


def follows_identifier_scheme() -> bool:
    """Whether identifiers follow the oai-identifier scheme, which Identify then declares (BASE and
    OpenAIRE read it); a repository named by an address (127.0.0.1) does not."""
    return bool(_SCHEME_REPOSITORY_IDENTIFIER.fullmatch(settings.OAI_REPOSITORY_IDENTIFIER))


def identifier(output: Output) -> str:
    return f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:{output.pk}"


def output_id(oai_identifier: str) -> int | None:
    """The output an identifier of this repository names, or None for anything else."""
    prefix = f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:"
    number = oai_identifier.removeprefix(prefix)
    if number == oai_identifier or not number.isascii() or not number.isdigit() or len(number) > 18:
        return None
    return int(number)


def datestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Record:
    identifier: str
    datestamp: str
    set_specs: list[str]
    deleted: bool
    dublin_core: list[tuple[str, str, str]]


def record(output: Output, *, with_metadata: bool) -> Record:
    deleted = output.status != Output.Status.PUBLISHED
    return Record(
        identifier=identifier(output),
        datestamp=datestamp(output.oai_datestamp),
        set_specs=[f"{THEME_SETS}:{theme.slug}" for theme in output.themes.all()]
        + [f"{CITY_SETS}:{city.slug}" for city in output.cities.all()],
        deleted=deleted,
        dublin_core=(
            OutputMetadata(output, output.attachments.all()).dublin_core(file_addresses=True)
            if with_metadata and not deleted
            else []
        ),
    )
