"""What an output's page tells machines: schema.org JSON-LD, Dublin Core, citation_* and Open Graph tags,
and its canonical address, read the way a crawler reads them."""

import datetime
import json
from decimal import Decimal

import extruct
import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.utils import timezone
from lxml import html as lxml_html

from cities.models import City
from knowledge.models import Output
from tests import builders

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def head_of(response):
    assert response.status_code == 200
    return lxml_html.fromstring(response.content).find("head")


def json_ld(response) -> dict:
    head = head_of(response)
    [script] = head.xpath('//script[@type="application/ld+json"]')
    return json.loads(script.text)


def meta(head, name: str) -> list[str]:
    return head.xpath(f'meta[@name="{name}"]/@content')


def og(head, prop: str) -> list[str]:
    return head.xpath(f'meta[@property="{prop}"]/@content')


@pytest.fixture
def light_rail():
    compact = builders.theme("Compact Cities")
    toyama = builders.city(
        "Toyama", country="Japan", latitude=Decimal("36.69583"), longitude=Decimal("137.21361")
    )
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT, country="Bangladesh")
    tdd = builders.deep_dive("Technical Deep Dive on Compact Cities", hosts=[toyama])
    output = builders.output(
        "Toyama's light rail",
        kind=Output.Kind.CASE_STUDY,
        summary="How a tram line reshaped the city centre.",
        authors="Aiko Tanaka\nCity of Toyama, Urban Planning Division",
        publication_date=datetime.date(2017, 3, 14),
        licence=Output.Licence.CC_BY_4,
        language="en",
        themes=[compact],
        cities=[toyama, narayanganj],
        deep_dive=tdd,
    )
    builders.attachment(output, "light-rail.pdf", builders.pdf_bytes("The full case study."))
    builders.attachment(output, "map.png", builders.png_bytes(), content_type="image/png")
    return output


def test_json_ld_describes_the_output(client, light_rail):
    data = json_ld(client.get(light_rail.get_absolute_url()))
    url = f"{SITE}{light_rail.get_absolute_url()}"

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["genre"] == "Case study"
    assert data["url"] == data["mainEntityOfPage"] == url
    assert data["name"] == data["headline"] == "Toyama's light rail"
    assert data["description"] == "How a tram line reshaped the city centre."
    assert data["inLanguage"] == "en"
    assert data["datePublished"] == "2017-03-14"
    assert data["dateModified"].endswith("Z")
    assert data["author"] == [
        {"@type": "Person", "name": "Aiko Tanaka"},
        {"@type": "Organization", "name": "City of Toyama, Urban Planning Division"},
    ]
    assert data["publisher"]["name"] == "World Bank Tokyo Development Learning Center"
    assert data["publisher"]["parentOrganization"]["name"] == "World Bank"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["keywords"] == ["Compact Cities"]
    assert data["about"] == [
        {"@type": "Thing", "name": "Compact Cities", "url": f"{SITE}/themes/compact-cities/"}
    ]
    narayanganj, toyama = data["spatialCoverage"]
    assert toyama["geo"] == {"@type": "GeoCoordinates", "latitude": 36.69583, "longitude": 137.21361}
    assert toyama["address"]["addressCountry"] == "Japan"
    assert toyama["url"] == f"{SITE}/cities/toyama/"
    assert "geo" not in narayanganj
    assert [media["name"] for media in data["associatedMedia"]] == ["light-rail.pdf", "map.png"]
    assert [media["encodingFormat"] for media in data["associatedMedia"]] == ["application/pdf", "image/png"]


def test_json_ld_file_addresses_give_the_files(client, light_rail):
    data = json_ld(client.get(light_rail.get_absolute_url()))

    pdf = data["associatedMedia"][0]
    response = client.get(pdf["contentUrl"].removeprefix(SITE))
    assert (
        b"".join(response.streaming_content)
        == light_rail.attachments.get(display_name="light-rail.pdf").file.read()
    )
    assert pdf["contentSize"] == f"{response['Content-Length']} B"


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (Output.Kind.KNOWLEDGE_NOTE, "Report"),
        (Output.Kind.REPORT, "Report"),
        (Output.Kind.TOOLKIT, "LearningResource"),
        (Output.Kind.GOOD_PRACTICE_GUIDE, "Article"),  # without sections; with them, a HowTo (below)
        (Output.Kind.CASE_STUDY, "Article"),
        (Output.Kind.VIDEO, "VideoObject"),
        (Output.Kind.PRESENTATION, "PresentationDigitalDocument"),
    ],
)
def test_each_kind_has_its_schema_org_type(client, db, kind, schema_type):
    output = builders.output("An output", kind=kind)

    data = json_ld(client.get(output.get_absolute_url()))

    assert data["@type"] == schema_type
    assert data["genre"] == output.get_kind_display()


def test_a_video_says_where_to_watch_it(client, db):
    video = builders.output(
        "Inside a deep dive", kind=Output.Kind.VIDEO, video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    builders.attachment(video, "deep-dive.mp4", b"\x00\x00\x00\x18ftypmp42", content_type="video/mp4")

    response = client.get(video.get_absolute_url())
    data = json_ld(response)
    head = head_of(response)

    assert data["@type"] == "VideoObject"
    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert data["contentUrl"] == f"{SITE}{video.attachments.get().get_absolute_url()}"
    assert data["uploadDate"] == video.published_at.astimezone(datetime.UTC).isoformat(
        timespec="seconds"
    ).replace("+00:00", "Z")
    assert "headline" not in data
    assert og(head, "og:type") == ["video.other"]
    assert og(head, "og:video") == [data["contentUrl"]]


def test_no_authors_means_the_publisher_is_the_author(client, db):
    output = builders.output("A note", authors="")

    data = json_ld(client.get(output.get_absolute_url()))

    assert data["author"] == [data["publisher"]]


def test_nothing_in_the_text_can_break_out_of_the_json_ld(client, db):
    title = '</script><script>alert("owned")</script><!-- & "quotes"'
    output = builders.output(title, summary="Ends with </SCRIPT >")

    response = client.get(output.get_absolute_url())
    page = response.content.decode()

    assert json_ld(response)["name"] == title
    assert json_ld(response)["description"] == "Ends with </SCRIPT >"
    assert "<script>alert" not in page
    assert page.count("<script") == 2  # the JSON-LD block and portal.js


def test_dublin_core_citation_and_open_graph_tags(client, light_rail):
    head = head_of(client.get(light_rail.get_absolute_url()))
    url = f"{SITE}{light_rail.get_absolute_url()}"
    pdf = f"{SITE}{light_rail.attachments.get(display_name='light-rail.pdf').get_absolute_url()}"

    assert head.xpath('link[@rel="schema.DC"]/@href') == ["http://purl.org/dc/elements/1.1/"]
    assert meta(head, "DC.title") == ["Toyama's light rail"]
    assert meta(head, "DC.creator") == ["Aiko Tanaka", "City of Toyama, Urban Planning Division"]
    assert meta(head, "DC.subject") == ["Compact Cities"]
    assert meta(head, "DC.date") == ["2017-03-14"]
    assert meta(head, "DC.type") == ["Text", "Case study"]
    assert meta(head, "DC.format") == ["application/pdf", "image/png"]
    assert meta(head, "DC.identifier") == [url]
    assert meta(head, "DC.language") == ["en"]
    assert meta(head, "DC.coverage") == ["Narayanganj, Bangladesh", "Toyama, Japan"]
    assert meta(head, "DC.rights") == [
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ]

    assert meta(head, "citation_title") == ["Toyama's light rail"]
    assert meta(head, "citation_author") == ["Aiko Tanaka", "City of Toyama, Urban Planning Division"]
    assert meta(head, "citation_publication_date") == ["2017/03/14"]
    assert meta(head, "citation_publisher") == [
        "World Bank Tokyo Development Learning Center (City Partnership Program)"
    ]
    assert meta(head, "citation_technical_report_institution") == meta(head, "citation_publisher")
    assert meta(head, "citation_keywords") == ["Compact Cities"]
    assert meta(head, "citation_pdf_url") == [pdf]
    assert meta(head, "citation_abstract_html_url") == [url]

    assert og(head, "og:type") == ["article"]
    assert og(head, "og:title") == ["Toyama's light rail"]
    assert og(head, "og:description") == ["How a tram line reshaped the city centre."]
    assert og(head, "og:url") == [url]
    assert og(head, "og:site_name") == ["CPP Knowledge Portal"]
    assert og(head, "og:image") == [f"{SITE}/static/img/output-card.png"]  # no cover: the portal's card
    assert og(head, "og:image:alt") == ["CPP Knowledge Portal"]
    assert og(head, "article:tag") == ["Compact Cities"]
    assert meta(head, "twitter:card") == ["summary"]
    assert head.xpath('link[@rel="canonical"]/@href') == [url]
    assert head.findtext("title") == "Toyama's light rail · City Partnership Program"
    assert meta(head, "description") == ["How a tram line reshaped the city centre."]


def test_a_cover_becomes_the_shared_image(client, db):
    output = builders.output("With a cover")
    output.cover_image.save("cover.png", ContentFile(builders.png_bytes(1200, 630)))

    head = head_of(client.get(output.get_absolute_url()))

    assert og(head, "og:image") == [f"{SITE}{output.get_absolute_url()}cover/"]
    assert meta(head, "twitter:card") == ["summary_large_image"]
    assert json_ld(client.get(output.get_absolute_url()))["image"] == og(head, "og:image")[0]
    assert client.get(f"{output.get_absolute_url()}cover/").status_code == 200


def machine_addresses(response) -> dict[str, list[str]]:
    """Every address the page gives machines for the output and its files."""
    head = head_of(response)
    data = json_ld(response)
    return {
        "canonical": head.xpath('link[@rel="canonical"]/@href'),
        "json-ld": [data["@id"], data["url"], data["mainEntityOfPage"]],
        "files": [media["contentUrl"] for media in data["associatedMedia"]],
        "citation_abstract_html_url": meta(head, "citation_abstract_html_url"),
        "citation_pdf_url": meta(head, "citation_pdf_url"),
        "DC.identifier": meta(head, "DC.identifier"),
        "og:url": og(head, "og:url"),
    }


def test_both_interfaces_describe_one_work_at_the_address_in_its_language(client, light_rail):
    path = light_rail.get_absolute_url()
    english = f"{SITE}{path}"
    pdf = light_rail.attachments.get(display_name="light-rail.pdf").get_absolute_url()

    in_english = machine_addresses(client.get(path))
    in_japanese = machine_addresses(client.get(f"/ja{path}"))

    # Google Scholar would otherwise hold the output twice, and the PDF at two addresses.
    assert in_japanese == in_english
    assert in_english["canonical"] == [english]
    assert in_english["json-ld"] == [f"{english}#output", english, english]
    assert in_english["citation_pdf_url"] == [f"{SITE}{pdf}"]
    assert not pdf.startswith("/ja/")
    assert in_english["files"][0] == f"{SITE}{pdf}"
    assert in_english["citation_abstract_html_url"] == in_english["og:url"] == [english]
    assert in_english["DC.identifier"] == [english]
    head = head_of(client.get(f"/ja{path}"))
    languages, addresses = head.xpath("link[@hreflang]/@hreflang"), head.xpath("link[@hreflang]/@href")
    assert dict(zip(languages, addresses, strict=True)) == {"en": english}


def test_a_japanese_output_has_its_address_in_the_japanese_interface(client, db):
    output = builders.output("富山市のライトレール", language="ja", slug="toyama-light-rail-ja")
    builders.attachment(output, "light-rail.pdf", builders.pdf_bytes("Light rail"))
    japanese = f"{SITE}/ja{output.get_absolute_url()}"

    in_english = machine_addresses(client.get(output.get_absolute_url()))

    assert in_english == machine_addresses(client.get(f"/ja{output.get_absolute_url()}"))
    assert in_english["canonical"] == in_english["og:url"] == [japanese]
    assert in_english["citation_pdf_url"][0].startswith(f"{SITE}/ja/knowledge/")
    assert client.get(in_english["citation_pdf_url"][0].removeprefix(SITE)).status_code == 200


def test_a_translation_is_its_own_work_and_the_versions_name_each_other(client, light_rail):
    translation = builders.output("富山のライトレール", language="ja", translation_of=light_rail)
    builders.output("Un tramway", language="fr", translation_of=light_rail, status=Output.Status.DRAFT)
    pages = {path: f"{SITE}{path}" for path in (light_rail.get_absolute_url(),)}
    pages[translation.get_absolute_url()] = f"{SITE}/ja{translation.get_absolute_url()}"
    original, translated = pages.values()

    for path, canonical in pages.items():
        for prefix in ("", "/ja"):
            head = head_of(client.get(f"{prefix}{path}"))
            assert head.xpath('link[@rel="canonical"]/@href') == [canonical]
            alternates = zip(
                head.xpath("link[@hreflang]/@hreflang"), head.xpath("link[@hreflang]/@href"), strict=True
            )
            # The French draft is named nowhere.
            assert dict(alternates) == {"en": original, "ja": translated}


def test_a_draft_previewed_by_a_curator_is_not_for_indexing(client, db):
    draft = builders.output("Draft", status=Output.Status.DRAFT)
    published = builders.output("Published")
    curator = User.objects.create_user("curator", password="unused", is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="view_output"))
    client.force_login(curator)

    assert meta(head_of(client.get(draft.get_absolute_url())), "robots") == ["noindex"]
    assert meta(head_of(client.get(published.get_absolute_url())), "robots") == []


def test_an_embargoed_output_reveals_nothing_to_the_public(client, db):
    output = builders.output("Secret plan", published_at=timezone.now() + datetime.timedelta(days=1))

    response = client.get(output.get_absolute_url())

    assert response.status_code == 404
    assert b"Secret plan" not in response.content
    assert b"application/ld+json" not in response.content


def test_what_search_engines_and_sites_read_is_complete(client, db):
    """Read as crawlers read it (extruct: JSON-LD and Open Graph): every output has an image with its
    description, a video its thumbnail, a guide its steps, a city's department and the publisher a URL,
    and the page says its locale."""
    toyama = builders.city("Toyama")
    guide = builders.output(
        "Running a compact city",
        kind=Output.Kind.GOOD_PRACTICE_GUIDE,
        cities=[toyama],
        authors="Toyama City, Urban Planning Division\nAiko Tanaka",
        body=(
            "Why it matters.\n\n## Map the corridors\n\nDraw the tram and bus lines.\n\n"
            "## Subsidise housing\n\nNear stops."
        ),
    )
    video = builders.output("Inside a deep dive", kind=Output.Kind.VIDEO)

    page = extruct.extract(
        client.get(guide.get_absolute_url()).content.decode(),
        base_url=SITE,
        syntaxes=["json-ld", "opengraph"],
    )
    data = page["json-ld"][0]
    assert data["@type"] == "HowTo"
    assert [(step["position"], step["name"], step["text"]) for step in data["step"]] == [
        (1, "Map the corridors", "Draw the tram and bus lines."),
        (2, "Subsidise housing", "Near stops."),
    ]
    assert data["author"][0]["url"] == f"{SITE}{toyama.get_absolute_url()}"
    assert data["publisher"]["url"].startswith("https://www.worldbank.org/")
    assert data["image"] == f"{SITE}/static/img/output-card.png"
    properties = dict(page["opengraph"][0]["properties"])
    assert properties["og:image"] == data["image"]
    assert properties["og:image:alt"] == "CPP Knowledge Portal"
    assert properties["og:locale"] == "en_US"
    assert properties["og:locale:alternate"] == "ja_JP"

    japanese = extruct.extract(
        client.get(f"/ja{video.get_absolute_url()}").content.decode(),
        base_url=SITE,
        syntaxes=["json-ld", "opengraph"],
    )
    assert japanese["json-ld"][0]["thumbnailUrl"] == f"{SITE}/static/img/output-card.png"
    assert dict(japanese["opengraph"][0]["properties"])["og:locale"] == "ja_JP"
