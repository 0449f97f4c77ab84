"""A curator downloads the library's current selection as CSV or JSON Lines."""

import csv
import io
import json

import pytest
from django.conf import settings

from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def selection():
    toyama = builders.city("Toyama")
    theme = builders.theme("Compact cities")
    rail = builders.output("Light rail", themes=[theme], cities=[toyama], authors="A. Author\nB. Author")
    builders.attachment(rail)
    builders.output('=HYPERLINK("http://evil.example")', kind=Output.Kind.TOOLKIT, themes=[theme])
    builders.output("富山のライトレール", language="ja", themes=[theme])
    builders.output("Other theme")
    builders.output("Draft", status=Output.Status.DRAFT, themes=[theme])
    return theme


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_a_curator_downloads_the_filtered_selection_as_csv(client, selection):
    client.force_login(builders.curator())
    library = client.get("/knowledge/?theme=compact-cities&page=2")
    assert 'href="/knowledge/export.csv?theme=compact-cities"' in library.content.decode()
    response = client.get("/knowledge/export.csv?theme=compact-cities")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="library.csv"' in response["Content-Disposition"]
    text = streamed(response)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    titles = [row["title"] for row in rows]
    assert sorted(titles) == sorted(
        ["Light rail", '\'=HYPERLINK("http://evil.example")', "富山のライトレール"]
    )
    rail = next(row for row in rows if row["title"] == "Light rail")
    assert rail["authors"] == "A. Author; B. Author" and rail["cities"] == "Toyama" and rail["files"] == "1"
    assert rail["url"] == f"{settings.SITE_URL}/knowledge/light-rail/"


def test_json_lines_hold_one_record_per_line_with_lists_as_lists(client, selection):
    client.force_login(builders.curator())
    lines = streamed(client.get("/knowledge/export.jsonl?q=rail")).splitlines()
    records = [json.loads(line) for line in lines]
    assert [record["title"] for record in records] == ["Light rail"]
    assert records[0]["authors"] == ["A. Author", "B. Author"] and records[0]["themes"] == ["Compact cities"]


def test_only_curators_may_export(client, selection):
    assert client.get("/knowledge/export.csv")["Location"].startswith("/accounts/login/")
    client.force_login(builders.official(builders.city("Kobe")))
    assert client.get("/knowledge/export.csv").status_code == 403
    assert "export.csv" not in client.get("/knowledge/").content.decode()
