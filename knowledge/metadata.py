"""What the portal tells machines about an output.

One crosswalk from an output to Dublin Core, Highwire `citation_*` tags, Open Graph and schema.org, so that
the page's meta tags, its JSON-LD, the OAI-PMH records, the feeds and the citations never disagree.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from cpp_portal.site_url import absolute_url
from knowledge.models import Attachment, Output

PUBLISHER_NAME = "World Bank Tokyo Development Learning Center"
PROGRAM_NAME = "City Partnership Program"
PUBLISHER = f"{PUBLISHER_NAME} ({PROGRAM_NAME})"
PUBLISHER_URL = "https://www.worldbank.org/en/programs/tokyo-development-learning-center"
# The card shown for an output without a cover (static/img/output-card.png): where sites and search
# engines want an image, and a video's thumbnail is required.
PORTAL_CARD = "img/output-card.png"
OPEN_GRAPH_LOCALES = {"en": "en_US", "ja": "ja_JP"}


@dataclass(frozen=True)
class KindTerms:
    """What each vocabulary calls a kind of output."""

    schema_org: str
    dcmi_type: str
    bibtex: str
    ris: str


KIND_TERMS = {
    Output.Kind.KNOWLEDGE_NOTE: KindTerms("Report", "Text", "techreport", "RPRT"),
    Output.Kind.TOOLKIT: KindTerms("LearningResource", "Text", "techreport", "RPRT"),
    Output.Kind.GOOD_PRACTICE_GUIDE: KindTerms("HowTo", "Text", "techreport", "RPRT"),
    Output.Kind.CASE_STUDY: KindTerms("Article", "Text", "techreport", "RPRT"),
    Output.Kind.VIDEO: KindTerms("VideoObject", "MovingImage", "misc", "VIDEO"),
    Output.Kind.REPORT: KindTerms("Report", "Text", "techreport", "RPRT"),
    Output.Kind.PRESENTATION: KindTerms("PresentationDigitalDocument", "Text", "misc", "SLIDE"),
}

# Authors are free text, one a line, and many are bodies ("Toyama City, Urban Planning Division",
# "TDLC City Partnership Program team"): schema.org and BibTeX both need to know which are.
_ORGANISATION = re.compile(
    r"\b(team|programs?|programmes?|bank|city|government|ministry|department|division|office|agency|"
    r"centre|center|institute|university|council|group|unit|association|foundation|prefecture)\b"
    r"|チーム|センター|銀行|大学|研究所|機構|協会|省|庁|役所|役場",
    re.IGNORECASE,
)


def is_organisation(name: str) -> bool:
    return bool(_ORGANISATION.search(name))


def iso_datetime(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class OutputMetadata:
    """An output described for machines. Give it the output with its themes, cities and deep dive
    prefetched, and its attachments, so that describing it runs no query."""

    def __init__(self, output: Output, attachments: Iterable[Attachment] = ()):
        self.output = output
        self.attachments = list(attachments)
        self.terms = KIND_TERMS[output.kind]

    @cached_property
    def url(self) -> str:
        return absolute_url(self.output.get_canonical_url())

    @cached_property
    def themes(self) -> list:
        return list(self.output.themes.all())

    @cached_property
    def cities(self) -> list:
        return list(self.output.cities.all())

    @cached_property
    def files(self) -> list[tuple[Attachment, str]]:
        """Each file with its one public address, under the output's home language like its page."""
        with override(self.output.home_language):
            return [(each, absolute_url(each.get_absolute_url())) for each in self.attachments]

    def language_versions(self, work) -> list[tuple[str, str]]:
        """(language, address) of the output and of each published version of its work (`work` from
        knowledge.translations), for hreflang: each version is its own work with its own address."""
        versions = [version.output for version in work.versions if version.output.is_published]
        if not any(version.pk == self.output.pk for version in versions):
            versions = [self.output, *versions]
        return [(version.language, absolute_url(version.get_canonical_url())) for version in versions]

    @property
    def authors(self) -> list[str]:
        return self.output.author_list

    @property
    def issued(self) -> datetime.date | None:
        """The publication date, or the day the output went public when no date was given."""
        if self.output.publication_date:
            return self.output.publication_date
        if self.output.published_at:
            return timezone.localdate(self.output.published_at)
        return None

    @property
    def kind_label(self) -> str:
        return self.output.get_kind_display()

    @property
    def image_url(self) -> str:
        if not self.output.shows_cover:
            return ""
        with override(self.output.home_language):
            return absolute_url(reverse("knowledge:output_cover", kwargs={"slug": self.output.slug}))

    @property
    def card_image_url(self) -> str:
        """The cover, or the portal's card for an output without one."""
        return self.image_url or absolute_url(static(PORTAL_CARD))

    @property
    def card_image_alt(self) -> str:
        if self.image_url:
            return _("Cover image of “%(title)s”") % {"title": self.output.title}
        return _("CPP Knowledge Portal")

    def first_file(self, content_type_prefix: str) -> str:
        for attachment, url in self.files:
            if attachment.content_type.startswith(content_type_prefix):
                return url
        return ""

    def dublin_core(self, *, file_addresses: bool = False) -> list[tuple[str, str, str]]:
        """(element, value, language of the value) in unqualified Dublin Core, for oai_dc and DC.* tags;
        with `file_addresses`, each file's address too (for harvesters, in oai_dc: a page's tags give
        the page, and its files in their own tags)."""
        output, language = self.output, self.output.language
        elements = [("title", output.title, language)]
        elements += [("creator", author, "") for author in self.authors]
        elements += [("subject", theme.name, "") for theme in self.themes]
        elements.append(("description", output.summary, language))
        elements.append(("publisher", PUBLISHER, ""))
        if self.issued:
            elements.append(("date", self.issued.isoformat(), ""))
        elements.append(("type", self.terms.dcmi_type, ""))
        elements.append(("type", self.kind_label, ""))
        formats = dict.fromkeys(attachment.content_type for attachment in self.attachments)
        elements += [("format", content_type, "") for content_type in formats if content_type]
        elements.append(("identifier", self.url, ""))
        if file_addresses:
            # As repositories give theirs, so that a harvester can fetch the files.
            elements += [("identifier", url, "") for _attachment, url in self.files]
        elements.append(("language", language, ""))
        if output.deep_dive:
            elements.append(("relation", absolute_url(output.deep_dive.get_absolute_url()), ""))
        elements += [("coverage", f"{city.name}, {city.country}", "") for city in self.cities]
        elements.append(("rights", output.get_licence_display(), ""))
        if output.licence_url:
            elements.append(("rights", output.licence_url, ""))
        return elements

    def citation_tags(self) -> list[tuple[str, str]]:
        """Highwire Press `citation_*` tags, which Google Scholar and reference managers read."""
        tags = [("citation_title", self.output.title)]
        tags += [("citation_author", author) for author in self.authors]
        if self.issued:
            tags.append(("citation_publication_date", self.issued.strftime("%Y/%m/%d")))
        tags.append(("citation_publisher", PUBLISHER))
        if self.terms.bibtex == "techreport":
            tags.append(("citation_technical_report_institution", PUBLISHER))
        tags.append(("citation_language", self.output.language))
        if self.themes:
            tags.append(("citation_keywords", "; ".join(theme.name for theme in self.themes)))
        tags.append(("citation_abstract_html_url", self.url))
        if pdf := self.first_file("application/pdf"):
            tags.append(("citation_pdf_url", pdf))
        return tags

    def open_graph(self) -> list[tuple[str, str]]:
        output = self.output
        is_video = output.kind == Output.Kind.VIDEO
        properties = [
            ("og:type", "video.other" if is_video else "article"),
            ("og:site_name", _("CPP Knowledge Portal")),
            ("og:title", output.title),
            ("og:description", output.summary),
            ("og:url", self.url),
        ]
        properties.append(("og:image", self.card_image_url))
        properties.append(("og:image:alt", self.card_image_alt))
        locale = OPEN_GRAPH_LOCALES.get(get_language() or "en", "en_US")
        properties.append(("og:locale", locale))
        properties += [
            ("og:locale:alternate", other) for other in OPEN_GRAPH_LOCALES.values() if other != locale
        ]
        if is_video and (video := self.first_file("video/")):
            properties.append(("og:video", video))
        if not is_video:
            if output.published_at:
                properties.append(("article:published_time", iso_datetime(output.published_at)))
            properties.append(("article:modified_time", iso_datetime(output.updated_at)))
            properties += [("article:tag", theme.name) for theme in self.themes]
        return properties

    def json_ld(self) -> dict:
        """schema.org, as JSON-LD: the type that fits the kind, with authors, places, licence and files."""
        output = self.output
        data = {
            "@context": "https://schema.org",
            "@type": self.terms.schema_org,
            "@id": f"{self.url}#output",
            "url": self.url,
            "mainEntityOfPage": self.url,
            "name": output.title,
            "description": output.summary,
            "genre": self.kind_label,
            "inLanguage": output.language,
            "author": [self._author(name) for name in self.authors] or [self._publisher()],
            "publisher": self._publisher(),
            "isPartOf": {"@type": "WebSite", "name": _("CPP Knowledge Portal"), "url": absolute_url("/")},
            "isAccessibleForFree": True,
            "dateModified": iso_datetime(output.updated_at),
        }
        if self.issued:
            data["datePublished"] = self.issued.isoformat()
        if self.terms.schema_org != "VideoObject":
            data["headline"] = output.title
        if output.licence_url:
            data["license"] = output.licence_url
        if self.themes:
            data["keywords"] = [theme.name for theme in self.themes]
            data["about"] = [
                {"@type": "Thing", "name": theme.name, "url": absolute_url(theme.get_absolute_url())}
                for theme in self.themes
            ]
        if self.cities:
            data["spatialCoverage"] = [self._place(city) for city in self.cities]
        data["image"] = self.card_image_url
        if self.files:
            data["associatedMedia"] = [
                {
                    "@type": "MediaObject",
                    "name": attachment.display_name,
                    "contentUrl": url,
                    "encodingFormat": attachment.content_type,
                    "contentSize": f"{attachment.size} B",
                }
                for attachment, url in self.files
            ]
        if self.terms.schema_org == "LearningResource":
            data["learningResourceType"] = self.kind_label
        if self.terms.schema_org == "VideoObject":
            data.update(self._video())
        if self.terms.schema_org == "HowTo":
            steps = self._steps()
            if steps:
                data["step"] = steps
            else:  # a guide without sections has no steps to name: an article, not a HowTo
                data["@type"] = "Article"
        return data

    def _author(self, name: str) -> dict:
        if not is_organisation(name):
            return {"@type": "Person", "name": name}
        author = {"@type": "Organization", "name": name}
        # A city's own department ("Toyama City, Urban Planning Division") is known by its city's page.
        for city in self.cities:
            if name.casefold().startswith(city.name.casefold()):
                author["url"] = absolute_url(city.get_absolute_url())
                break
        return author

    def _steps(self) -> list[dict]:
        """The guide's sections (its second-level headings), each a step with the text under it."""
        steps, heading, lines = [], None, []
        for line in [*self.output.body.splitlines(), "## "]:
            if line.startswith("## "):
                if heading:
                    text = " ".join(" ".join(lines).split())
                    steps.append(
                        {
                            "@type": "HowToStep",
                            "position": len(steps) + 1,
                            "name": heading,
                            "text": text or heading,
                        }
                    )
                heading, lines = line[3:].strip(), []
            elif heading is not None:
                lines.append(line)
        return steps

    def _publisher(self) -> dict:
        return {
            "@type": "Organization",
            "name": PUBLISHER_NAME,
            "alternateName": "TDLC",
            "url": PUBLISHER_URL,
            "parentOrganization": {"@type": "Organization", "name": "World Bank"},
        }

    def _place(self, city) -> dict:
        place = {
            "@type": "City",
            "name": city.name,
            "url": absolute_url(city.get_absolute_url()),
            "address": {"@type": "PostalAddress", "addressCountry": city.country},
        }
        if city.has_location:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(city.latitude),
                "longitude": float(city.longitude),
            }
        return place

    def _video(self) -> dict:
        output = self.output
        video = {"uploadDate": iso_datetime(output.published_at or output.created_at)}
        video["thumbnailUrl"] = self.card_image_url
        if content := self.first_file("video/"):
            video["contentUrl"] = content
        if output.video_embed_url:
            video["embedUrl"] = output.video_embed_url
        return video
