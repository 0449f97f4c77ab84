"""“Cite this” on an output's page, and its BibTeX and RIS downloads read back by independent parsers."""

import datetime
import html
import re

import bibtexparser
import pybtex.database
import pybtex.plugin
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = r"Costs {100% & up} for $5 #1 in C:\cities_and ~towns^2 }{"


@pytest.fixture
def light_rail():
    compact = builders.theme("Compact Cities")
    toyama = builders.city("Toyama")
    output = builders.output(
        "Toyama's light rail",
        kind=Output.Kind.CASE_STUDY,
        summary="How a tram line\nreshaped the city centre.",
        authors="Aiko Tanaka\nJohn Smith\nCity of Toyama, Urban Planning Division",
        publication_date=datetime.date(2017, 3, 14),
        licence=Output.Licence.CC_BY_4,
        themes=[compact],
        cities=[toyama],
    )
    builders.attachment(output, "light-rail.pdf")
    return output


def bibtex_of(client, output: Output):
    response = client.get(f"{output.get_absolute_url()}citation.bib")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{output.slug}.bib"'
    library = bibtexparser.parse_string(
        response.content.decode(), append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()]
    )
    assert library.failed_blocks == []
    [entry] = library.entries
    return entry


def ris_of(client, output: Output) -> dict:
    response = client.get(f"{output.get_absolute_url()}citation.ris")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{output.slug}.ris"'
    [entry] = rispy.loads(response.content.decode())
    return entry


def test_the_page_shows_a_formatted_citation_and_the_downloads(client, light_rail):
    page = client.get(light_rail.get_absolute_url()).content.decode()
    section = re.search(r'<section class="cite".*?</section>', page, re.S).group()
    citation = html.unescape(
        re.sub(r"<[^>]+>", "", re.search(r'<p class="citation">.*?</p>', section).group())
    )

    assert '<h2 id="cite-heading">Cite this</h2>' in section
    assert citation == (
        "Aiko Tanaka, John Smith, & City of Toyama, Urban Planning Division (2017). Toyama's light rail "
        "[Case study]. World Bank Tokyo Development Learning Center (City Partnership Program). "
        f"http://127.0.0.1:8000{light_rail.get_absolute_url()}"
    )
    assert "<cite>Toyama&#x27;s light rail</cite>" in section
    assert f'<a href="{light_rail.get_absolute_url()}citation.bib" download>BibTeX</a>' in section
    assert f'<a href="{light_rail.get_absolute_url()}citation.ris" download>RIS</a>' in section
    assert "@techreport{toyamas-light-rail-2017," in html.unescape(section)


def test_without_authors_the_publisher_is_cited_once(client, db):
    output = builders.output("A note", authors="", publication_date=None, published_at=timezone.now())

    page = client.get(output.get_absolute_url()).content.decode()
    citation = html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="citation">.*?</p>', page).group()))

    year = timezone.localdate().year
    publisher = "World Bank Tokyo Development Learning Center (City Partnership Program)"
    assert citation.startswith(f"{publisher} ({year}). A note [Knowledge note]. http")


def test_bibtex_reads_back(client, light_rail):
    entry = bibtex_of(client, light_rail)

    assert entry.entry_type == "techreport"
    assert entry.key == "toyamas-light-rail-2017"
    assert entry["title"] == "Toyama's light rail"
    assert entry["author"] == ["Aiko Tanaka", "John Smith", "City of Toyama, Urban Planning Division"]
    assert entry["year"] == "2017"
    assert entry["month"] == "mar"
    assert entry["institution"] == "World Bank Tokyo Development Learning Center (City Partnership Program)"
    assert entry["type"] == "Case study"
    assert entry["abstract"] == "How a tram line reshaped the city centre."
    assert entry["keywords"] == "Compact Cities"
    assert entry["url"] == f"http://127.0.0.1:8000{light_rail.get_absolute_url()}"


def test_bibtex_keeps_a_body_as_one_author(client, light_rail):
    raw = client.get(f"{light_rail.get_absolute_url()}citation.bib").content.decode()

    # Braced, so BibTeX does not take "Division" for a surname; people's names stay parseable.
    assert "author = {Aiko Tanaka and John Smith and {City of Toyama, Urban Planning Division}}" in raw


@pytest.mark.parametrize("kind", [Output.Kind.VIDEO, Output.Kind.PRESENTATION])
def test_videos_and_presentations_are_misc_entries(client, db, kind):
    output = builders.output("Inside a deep dive", kind=kind)

    entry = bibtex_of(client, output)

    assert entry.entry_type == "misc"
    assert entry["howpublished"] == (
        f"{output.get_kind_display()}, "
        "World Bank Tokyo Development Learning Center (City Partnership Program)"
    )


@pytest.mark.parametrize("kind", [Output.Kind.VIDEO, Output.Kind.PRESENTATION, Output.Kind.REPORT])
def test_a_formatted_reference_names_the_publisher_in_every_kind(client, db, kind):
    """As a bibliography style prints it (pybtex's `plain`, BibTeX's standard style): TDLC stays."""
    output = builders.output("Inside a deep dive", kind=kind, authors="Aiko Tanaka")
    raw = client.get(f"{output.get_absolute_url()}citation.bib").content.decode()

    entries = pybtex.database.parse_string(raw, "bibtex")
    style = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")()
    formatted = [entry.text.render_as("text") for entry in style.format_entries(entries.entries.values())]

    assert len(formatted) == 1
    assert "World Bank Tokyo Development Learning Center" in formatted[0]


def test_bibtex_survives_every_latex_special_character(client, db):
    output = builders.output(HOSTILE_TITLE, summary="100% {unbalanced", authors="A_B \\ C")

    entry = bibtex_of(client, output)

    # pylatexenc reads \textasciicircum as the modifier letter ˆ rather than the ASCII ^ that LaTeX prints.
    assert entry["title"].replace("\u02c6", "^") == HOSTILE_TITLE
    assert entry["abstract"] == "100% {unbalanced"
    assert entry["author"] == ["A_B \\ C"]


def test_ris_reads_back(client, light_rail):
    entry = ris_of(client, light_rail)
    file_url = light_rail.attachments.get().get_absolute_url()

    assert entry["type_of_reference"] == "RPRT"
    assert entry["title"] == "Toyama's light rail"
    assert entry["authors"] == ["Aiko Tanaka", "John Smith", "City of Toyama, Urban Planning Division"]
    assert entry["year"] == "2017"
    assert entry["date"] == "2017/03/14"
    assert entry["publisher"] == "World Bank Tokyo Development Learning Center (City Partnership Program)"
    assert entry["type_of_work"] == "Case study"
    assert entry["abstract"] == "How a tram line reshaped the city centre."
    assert entry["keywords"] == ["Compact Cities"]
    assert entry["language"] == "en"
    assert entry["urls"] == [f"http://127.0.0.1:8000{light_rail.get_absolute_url()}"]
    assert entry["file_attachments1"] == f"http://127.0.0.1:8000{file_url}"
    # And the file is really there.
    assert client.get(file_url).status_code == 200


def test_ris_of_a_video(client, db):
    output = builders.output("Inside a deep dive", kind=Output.Kind.VIDEO)

    assert ris_of(client, output)["type_of_reference"] == "VIDEO"


def test_ris_values_stay_on_one_line(client, db):
    output = builders.output("Title\r\nwith\nbreaks", summary="Line one\nER  - line two")

    raw = client.get(f"{output.get_absolute_url()}citation.ris").content.decode()
    entry = rispy.loads(raw)[0]

    assert entry["title"] == "Title with breaks"
    assert entry["abstract"] == "Line one ER - line two"
    assert raw.endswith("ER  - \r\n")
    assert raw.count("\r\nER  - ") == 1


@pytest.mark.parametrize(
    "status", [Output.Status.DRAFT, Output.Status.SUBMITTED, Output.Status.ARCHIVED, "embargoed"]
)
@pytest.mark.parametrize("extension", ["bib", "ris"])
def test_an_unpublished_output_has_no_citation_for_the_public(client, db, status, extension):
    if status == "embargoed":
        output = builders.output("Secret", published_at=timezone.now() + datetime.timedelta(days=1))
    else:
        output = builders.output("Secret", status=status)

    response = client.get(f"{output.get_absolute_url()}citation.{extension}")

    assert response.status_code == 404
    assert b"Secret" not in response.content


def test_a_curator_can_cite_a_draft(client, db):
    output = builders.output("Draft note", status=Output.Status.DRAFT)
    curator = User.objects.create_user("curator", password="unused", is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="view_output"))
    client.force_login(curator)

    assert bibtex_of(client, output)["title"] == "Draft note"


def test_a_post_is_refused(client, light_rail):
    assert client.post(f"{light_rail.get_absolute_url()}citation.bib").status_code == 405
