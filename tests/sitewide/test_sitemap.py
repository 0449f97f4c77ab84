"""/sitemap.xml lists every public page in both languages (an output once, at its canonical address) and
nothing private; /robots.txt points to it; every page it lists has a real title, a description and a
canonical address."""

import urllib.robotparser
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from lxml import etree
from lxml import html as lxml_html

from cities.models import City
from knowledge.models import Output
from sitewide.sitemaps import PortalSitemap
from tests import builders

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

LIST_PAGES = ["/", "/knowledge/", "/lessons/", "/cities/", "/deep-dives/", "/themes/"]


@pytest.fixture(autouse=True)
def site_url():
    with override_settings(SITE_URL=SITE):
        yield


@pytest.fixture
def program():
    compact = builders.theme("Compact Cities", summary="Dense cities around transit.")
    toyama = builders.city("Toyama", themes=[compact], summary="A mid-sized partner city.")
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT)
    tdd = builders.deep_dive("Technical Deep Dive on Compact Cities", hosts=[toyama], themes=[compact])
    note = builders.output("Toyama's light rail", themes=[compact], cities=[toyama])
    japanese_note = builders.output("富山のライトレール", language="ja", themes=[compact])
    lesson = builders.lesson(
        note, toyama, "Start with the tram line", themes=[compact], lesson="Build density around the stops."
    )
    draft = builders.output("Draft note", status=Output.Status.DRAFT, themes=[compact])
    embargoed = builders.output("Embargoed note", published_at=note.published_at.replace(year=2999))
    archived = builders.output("Archived note", status=Output.Status.ARCHIVED)
    hidden_lessons = [
        builders.lesson(hidden, toyama, f"Lesson of {hidden.title}")
        for hidden in (draft, embargoed, archived)
    ]
    public = [
        *LIST_PAGES,
        lesson.get_absolute_url(),
        toyama.get_absolute_url(),
        narayanganj.get_absolute_url(),
        tdd.get_absolute_url(),
        compact.get_absolute_url(),
    ]
    private = [hidden.get_absolute_url() for hidden in (draft, embargoed, archived, *hidden_lessons)]
    # An output is one work with one address for machines: its page in its own language.
    outputs = {note.get_absolute_url(): "/knowledge/", japanese_note.get_absolute_url(): "/ja/knowledge/"}
    outputs = [f"{SITE}{prefix}{path.removeprefix('/knowledge/')}" for path, prefix in outputs.items()]
    return {"public": public, "outputs": outputs, "private": private}


def read_sitemap(client) -> dict[str, dict[str, str]]:
    """Every address in the sitemap, found through the index, with its hreflang alternates."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert index["Content-Type"] == "application/xml"
    urls = {}
    for location in etree.fromstring(index.content).iter(f"{SITEMAP}loc"):
        section = client.get(location.text.removeprefix(SITE))
        assert section.status_code == 200
        for url in etree.fromstring(section.content).iter(f"{SITEMAP}url"):
            loc = url.findtext(f"{SITEMAP}loc")
            assert loc not in urls, f"{loc} is listed twice"
            urls[loc] = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
    return urls


def test_the_sitemap_lists_every_public_page_in_both_languages(client, program):
    urls = read_sitemap(client)

    expected = {f"{SITE}{path}" for path in program["public"]} | {
        f"{SITE}/ja{path}" for path in program["public"]
    }
    assert set(urls) == expected | set(program["outputs"])
    for path in program["public"]:
        alternates = {"en": f"{SITE}{path}", "ja": f"{SITE}/ja{path}", "x-default": f"{SITE}{path}"}
        assert urls[f"{SITE}{path}"] == alternates
        assert urls[f"{SITE}/ja{path}"] == alternates


def test_an_output_is_listed_once_at_the_address_in_its_own_language(client, program):
    urls = read_sitemap(client)

    english, japanese = program["outputs"]
    assert urls[english] == {} and urls[japanese] == {}
    assert japanese.startswith(f"{SITE}/ja/knowledge/")
    assert english.replace(SITE, f"{SITE}/ja") not in urls
    assert japanese.replace("/ja/", "/") not in urls


def test_the_sitemap_has_nothing_private(client, program):
    listed = " ".join(read_sitemap(client))

    for path in program["private"]:
        assert path not in listed
        assert client.get(path).status_code == 404


def test_every_listed_page_has_a_title_a_description_and_its_canonical_address(client, program):
    titles = {}
    for url in read_sitemap(client):
        response = client.get(url.removeprefix(SITE))
        assert response.status_code == 200, url
        head = lxml_html.fromstring(response.content).find("head")
        title = head.findtext("title")
        [description] = head.xpath('meta[@name="description"]/@content')
        japanese = urlsplit(url).path.startswith("/ja/")
        program = " · シティ・パートナーシップ・プログラム" if japanese else " · City Partnership Program"
        assert title.endswith(program) and len(title) > len(program)
        # Japanese puts no spaces between words: its descriptions are measured in characters.
        assert len(description) >= 20 if japanese else len(description.split()) >= 4, (url, description)
        assert head.xpath('link[@rel="canonical"]/@href') == [url]
        titles.setdefault(japanese, []).append(title)
    # Within a language, no two pages share a title.
    for language_titles in titles.values():
        assert len(language_titles) == len(set(language_titles))


def test_lastmod_follows_the_latest_change(client, program):
    note = Output.objects.get(title="Toyama's light rail")

    section = client.get("/sitemap-outputs.xml")
    [entry] = [
        url
        for url in etree.fromstring(section.content).iter(f"{SITEMAP}url")
        if url.findtext(f"{SITEMAP}loc") == f"{SITE}{note.get_absolute_url()}"
    ]

    assert (
        entry.findtext(f"{SITEMAP}lastmod")
        == max(note.updated_at, note.published_at).astimezone().date().isoformat()
    )


def test_a_large_section_is_split_into_pages(client, program, monkeypatch):
    for index in range(5):
        builders.output(f"Extra note {index}")
    monkeypatch.setattr(PortalSitemap, "limit", 4)

    index = etree.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]

    # 7 outputs, each once: two pages of four.
    assert [loc for loc in locations if "sitemap-outputs" in loc] == [
        f"{SITE}/sitemap-outputs.xml",
        f"{SITE}/sitemap-outputs.xml?p=2",
    ]
    assert len(read_sitemap(client)) == 2 * len(program["public"]) + 7
    assert client.get("/sitemap-outputs.xml?p=3").status_code == 404


def test_a_sitemap_section_runs_the_same_queries_whatever_its_size(
    client, program, django_assert_num_queries
):
    # Outputs are listed once each, paged in the database: a count and the page.
    with django_assert_num_queries(2):
        client.get("/sitemap-outputs.xml")
    for index in range(10):
        builders.output(f"Extra note {index}")
    with django_assert_num_queries(2):
        response = client.get("/sitemap-outputs.xml")
    assert response.content.count(b"<url>") == 12
    # The index: the size of each of the five sections from the database, and the latest change of the
    # four that record changes.
    with django_assert_num_queries(9):
        client.get("/sitemap.xml")


def test_an_unknown_section_is_not_found(client, db):
    assert client.get("/sitemap-secrets.xml").status_code == 404
    assert client.get("/sitemap-outputs.xml?p=abc").status_code == 404


def test_robots_txt_welcomes_crawlers_to_public_pages_and_points_to_the_sitemap(client, program):
    response = client.get("/robots.txt")
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(response.content.decode().splitlines())

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert robots.site_maps() == [f"{SITE}/sitemap.xml"]
    for path in program["public"]:
        assert robots.can_fetch("AnyBot", f"{SITE}{path}")
        assert robots.can_fetch("AnyBot", f"{SITE}/ja{path}")
    for private in ("/admin/", "/accounts/login/", "/submit/", "/preview/some-token/"):
        assert not robots.can_fetch("AnyBot", f"{SITE}{private}")
    assert "Disallow: /*?\n" in response.content.decode()
    assert "Allow: /oai/\n" in response.content.decode()
