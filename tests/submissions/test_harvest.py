"""Harvesting in (manage.py harvest_oai): from the portal's own OAI-PMH endpoint (a round trip that loses
no field), from recorded DSpace responses, and from sources that misbehave."""

import datetime
import hashlib
import itertools
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from knowledge.models import Output
from knowledge.oai.repository import identifier as oai_identifier
from tests import builders

DATA = Path(__file__).resolve().parent.parent / "data" / "oai"


class Source:
    """A real HTTP server on a free port that answers each request with `answer(path, query)`."""

    def __init__(self, answer):
        source = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urllib.parse.urlsplit(self.path)
                source.requests.append(self.path)
                status, content_type, body = answer(parts.path, dict(urllib.parse.parse_qsl(parts.query)))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.requests = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve():
    sources = []

    def start(answer) -> Source:
        sources.append(Source(answer))
        return sources[-1]

    yield start
    for source in sources:
        source.close()


def xml(body: str) -> tuple[int, str, bytes]:
    return 200, "text/xml; charset=utf-8", body.encode()


def run(base_url: str, *arguments: str) -> str:
    out = StringIO()
    call_command("harvest_oai", base_url, *arguments, stdout=out)
    return out.getvalue()


PDF = builders.pdf_bytes("A made-up knowledge note about compact cities.")


@pytest.fixture
def dspace(serve):
    def answer(path, query):
        if path == "/server/oai/request":
            page = "dspace_page2.xml" if query.get("resumptionToken") else "dspace_page1.xml"
            return xml((DATA / page).read_text().replace("BITSTREAM_BASE", source.url))
        if path.endswith("/download.pdf"):
            return 200, "application/pdf", PDF
        return 200, "text/html", b"<html><body>A landing page, not a PDF.</body></html>"

    source = serve(answer)
    return source


@pytest.mark.django_db
def test_recorded_dspace_responses_become_outputs_waiting_for_review(dspace):
    toyama = builders.city("Toyama", country="Japan")
    compact = builders.theme("Compact cities")
    base = f"{dspace.url}/server/oai/request"
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
        report = run(base, "--set", "col_10986_2", "--from", "2026-10-01")
    assert "Created: 2" in report and "Refused: 1" in report
    assert "oai:openknowledge.worldbank.org:10986/90004" in report and "not really a PDF" in report
    assert "set=col_10986_2" in dspace.requests[0] and "from=2026-10-01" in dspace.requests[0]

    note = Output.objects.get(source_identifier="oai:openknowledge.worldbank.org:10986/90001")
    assert note.status == Output.Status.SUBMITTED and note.submitted_at is not None
    assert note.source_repository == base
    assert note.title == "Example Knowledge Note on Compact City Planning"
    assert note.author_list == ["Example Author, One", "World Bank"]
    assert note.summary == "A made-up summary of a knowledge note, for the harvest test."
    assert note.body == "A second description, which DSpace gives for the abstract."
    assert note.publication_date == datetime.date(2021, 6, 1)  # the issue date, not the accession
    assert (note.kind, note.language, note.licence) == ("knowledge_note", "en", "cc-by-3.0-igo")
    assert list(note.themes.all()) == [compact] and list(note.cities.all()) == [toyama]
    [file] = note.attachments.all()
    assert file.sha256 == hashlib.sha256(PDF).hexdigest() and file.display_name == "download.pdf"

    case = Output.objects.get(source_identifier="oai:openknowledge.worldbank.org:10986/90003")
    assert (case.kind, case.language, case.licence) == ("case_study", "ja", "cc-by-nc-4.0")
    assert case.title == "事例研究の見本" and case.publication_date == datetime.date(2019, 1, 1)
    assert not Output.objects.filter(source_identifier__endswith="90004").exists()
    assert not Output.objects.published().exists()


@pytest.mark.django_db
def test_a_second_harvest_changes_nothing_and_a_reviewed_output_is_never_overwritten(dspace):
    base = f"{dspace.url}/server/oai/request"
    run(base)
    before = {o.pk: (o.updated_at, o.title) for o in Output.objects.all()}
    report = run(base)
    assert "Created: 0" in report and "Updated: 0" in report and "Unchanged: 3" in report
    assert {o.pk: (o.updated_at, o.title) for o in Output.objects.all()} == before
    assert Output.objects.count() == 2

    note = Output.objects.get(source_identifier__endswith="90001")
    Output.objects.filter(pk=note.pk).update(status=Output.Status.CHANGES_REQUESTED, source_datestamp="old")
    assert "Kept (already reviewed on the portal): 1" in run(base)
    Output.objects.filter(pk=note.pk).update(
        status=Output.Status.SUBMITTED, title="Edited", source_datestamp=""
    )
    assert "Updated: 1" in run(base)
    note.refresh_from_db()
    assert note.title == "Example Knowledge Note on Compact City Planning"
    assert note.attachments.count() == 1  # the same PDF is not added twice


@pytest.mark.django_db
def test_a_record_deleted_at_the_source_leaves_the_review_queue(serve):
    deleted = False

    def answer(path, query):
        header = '<header status="deleted">' if deleted else "<header>"
        metadata = (
            ""
            if deleted
            else '<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Gone soon</dc:title>'
            "<dc:description>Soon deleted.</dc:description></oai_dc:dc></metadata>"
        )
        return xml(
            '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record>'
            f"{header}<identifier>oai:x:1</identifier><datestamp>2026-01-0{1 + deleted}</datestamp></header>"
            f"{metadata}</record></ListRecords></OAI-PMH>"
        )

    source = serve(answer)
    run(source.url)
    assert Output.objects.filter(source_identifier="oai:x:1").exists()
    deleted = True
    assert "Removed (deleted at the source): 1" in run(source.url)
    assert not Output.objects.filter(source_identifier="oai:x:1").exists()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>
<identifier>&lol2;</identifier></header></record></ListRecords></OAI-PMH>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords/></OAI-PMH>"""


def page_with_token(token: str, number: int) -> str:
    return (
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>'
        f"<identifier>oai:x:{number}</identifier><datestamp>2026-01-01</datestamp></header>"
        '<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
        f' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Record {number}</dc:title>'
        "<dc:description>A record.</dc:description></oai_dc:dc></metadata></record>"
        f"<resumptionToken>{token}</resumptionToken></ListRecords></OAI-PMH>"
    )


ENDLESS_TOKENS = itertools.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda path, query: xml("<OAI-PMH><ListRecords>"), "well-formed XML"),
        (lambda path, query: xml(BILLION_LAUGHS), "without a DTD"),
        (lambda path, query: xml(EXTERNAL_ENTITY), "without a DTD"),
        (lambda path, query: xml("<html><body>Not OAI</body></html>"), "not answer with an OAI-PMH"),
        (lambda path, query: (500, "text/plain", b"down"), "could not be read"),
        (
            lambda path, query: xml(
                '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
                '<error code="badArgument">Illegal set</error></OAI-PMH>'
            ),
            "badArgument: Illegal set",
        ),
        (lambda path, query: xml(page_with_token("same", 1)), "same resumption token twice"),
        (
            lambda path, query: xml(page_with_token(f"t{next(ENDLESS_TOKENS)}", 1)),
            "past 5 pages",
        ),
        (lambda path, query: xml("<OAI-PMH>" + "x" * 3_000_000 + "</OAI-PMH>"), "more than"),
    ],
    ids=[
        "malformed",
        "entities",
        "external-entity",
        "not-oai",
        "server-error",
        "oai-error",
        "same-token",
        "endless",
        "huge",
    ],
)
@override_settings(HARVEST_MAX_PAGES=5, HARVEST_MAX_RESPONSE_BYTES=2_000_000)
def test_a_source_that_misbehaves_gets_a_clear_error_and_nothing_is_imported(serve, answer, message):
    source = serve(answer)
    with pytest.raises(CommandError) as error:
        run(source.url)
    assert "Nothing was harvested" in str(error.value) and message in str(error.value)
    assert not Output.objects.exists()


@pytest.mark.django_db
def test_a_page_that_breaks_after_good_pages_imports_nothing(serve):
    def answer(path, query):
        if not query.get("resumptionToken"):
            return xml(page_with_token("next", 1))
        return xml("<OAI-PMH><broken")

    with pytest.raises(CommandError):
        run(serve(answer).url)
    assert not Output.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_round_trip_through_the_portals_own_oai_endpoint_loses_no_field(live_server):
    toyama = builders.city("Toyama", country="Japan")
    yokohama = builders.city("Yokohama", country="Japan")
    compact, transport = builders.theme("Compact cities"), builders.theme("Transport")
    dive = builders.deep_dive("Compact city deep dive", hosts=[toyama])
    originals = [
        builders.output(
            "Light rail and the city centre",
            kind=Output.Kind.CASE_STUDY,
            authors="Toyama City, Urban Planning Division\nA. Researcher",
            themes=[compact, transport],
            cities=[toyama],
            deep_dive=dive,
            licence=Output.Licence.CC_BY_4,
            publication_date=datetime.date(2022, 3, 1),
        ),
        builders.output(
            "横浜のスマートシティ",
            language="ja",
            kind=Output.Kind.VIDEO,
            cities=[yokohama],
            licence=Output.Licence.ALL_RIGHTS_RESERVED,
        ),
    ]
    builders.attachment(originals[0], "light-rail.pdf")
    builders.attachment(originals[0], "annex.pdf", builders.pdf_bytes("The annex."))
    builders.output("A draft that stays home", status=Output.Status.DRAFT)

    with override_settings(SITE_URL=live_server.url):
        report = run(f"{live_server.url}/oai/")
        assert "Created: 2" in report and "Refused: 0" in report
        again = run(f"{live_server.url}/oai/")
    assert "Unchanged: 2" in again and "Created: 0" in again and "Updated: 0" in again

    def described(output):
        return {
            "title": output.title,
            "summary": output.summary,
            "authors": output.author_list,
            "kind": output.kind,
            "language": output.language,
            "publication_date": output.publication_date,
            "licence": output.licence,
            "themes": sorted(theme.slug for theme in output.themes.all()),
            "cities": sorted(city.slug for city in output.cities.all()),
            "deep_dive": output.deep_dive_id,
            "files": sorted((a.display_name, a.sha256) for a in output.attachments.all()),
        }

    for original in originals:
        copy = Output.objects.get(source_identifier=oai_identifier(original))
        assert described(copy) == described(original)
        assert copy.status == Output.Status.SUBMITTED
    assert not Output.objects.filter(source_identifier__contains="draft").exists()


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_a_file_is_fetched(serve):
    """A source's file may come from this very portal, whose download counts a use in the database: on
    the demo's SQLite, a harvest that held its transaction during the fetch locked the server out."""
    from django.db import connections

    open_transactions = []

    def answer(path, query):
        if path.endswith(".pdf"):
            with connections.create_connection("default").cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()"
                )
                open_transactions.append(cursor.fetchone()[0])
            return 200, "application/pdf", PDF
        return xml(
            '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>'
            "<identifier>oai:x:7</identifier><datestamp>2026-01-01</datestamp></header>"
            '<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>With a file</dc:title>'
            f"<dc:description>A record.</dc:description><dc:identifier>{source.url}/files/note.pdf"
            "</dc:identifier></oai_dc:dc></metadata></record></ListRecords></OAI-PMH>"
        )

    source = serve(answer)
    assert "Created: 1" in run(source.url)
    assert open_transactions == [0]
    assert Output.objects.get(source_identifier="oai:x:7").attachments.count() == 1
