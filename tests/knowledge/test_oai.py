"""OAI-PMH 2.0 at /oai/: every verb, selective harvesting, resumption, deleted records and every error.

Every response is checked against the protocol's XML schema (with the oai_dc schema for the records).
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.utils import timezone

from cities.models import City
from knowledge.models import Output
from tests import builders
from tests.standards import NAMESPACES, valid_oai_response

pytestmark = pytest.mark.django_db

REPOSITORY = "127.0.0.1"  # the host of the default SITE_URL
SCHEME = {**NAMESPACES, "scheme": "http://www.openarchives.org/OAI/2.0/oai-identifier"}


def oai(client, query: dict | str, method: str = "get"):
    """The response to an OAI-PMH request, parsed and validated against the schema."""
    if method == "post":
        response = client.post("/oai/", query)
    else:
        response = client.get("/oai/?" + (query if isinstance(query, str) else urlencode(query)))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return valid_oai_response(response.content)


def texts(element, path: str) -> list[str]:
    return [found.text for found in element.iterfind(path, NAMESPACES)]


def identifiers(document) -> list[str]:
    return texts(document, ".//oai:header/oai:identifier")


def error_code(document) -> str:
    return document.find("oai:error", NAMESPACES).get("code")


def oai_id(output: Output) -> str:
    return f"oai:{REPOSITORY}:{output.pk}"


def set_datestamp(output: Output, moment: datetime.datetime) -> None:
    Output.objects.filter(pk=output.pk).update(updated_at=moment, published_at=moment)


@pytest.fixture
def library():
    """Published outputs, and one of each thing a harvester must not see or must see as deleted."""
    compact = builders.theme("Compact Cities", summary="Dense, walkable cities built around transit.")
    smart = builders.theme("Smart Cities")
    toyama = builders.city("Toyama", country="Japan", summary="A mid-sized partner city.")
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT, country="Bangladesh")
    tdd = builders.deep_dive("Technical Deep Dive on Compact Cities", hosts=[toyama])
    light_rail = builders.output(
        "Toyama's light rail & the city centre",
        kind=Output.Kind.CASE_STUDY,
        summary="How a tram line <reshaped> the city centre.",
        authors="Aiko Tanaka\nCity of Toyama, Urban Planning Division",
        licence=Output.Licence.CC_BY_4,
        language="en",
        publication_date=datetime.date(2017, 3, 14),
        themes=[compact],
        cities=[toyama, narayanganj],
        deep_dive=tdd,
    )
    builders.attachment(light_rail, "light-rail.pdf")
    dashboards = builders.output("Smart city dashboards", themes=[smart], language="ja")
    untagged = builders.output("An output with no theme or city")
    archived = builders.output(
        "Withdrawn from public view",
        status=Output.Status.ARCHIVED,
        published_at=timezone.now() - datetime.timedelta(days=30),
        themes=[compact],
    )
    hidden = {
        "draft": builders.output("Draft on compact cities", status=Output.Status.DRAFT, themes=[compact]),
        "submitted": builders.output("Submitted note", status=Output.Status.SUBMITTED),
        "withdrawn": builders.output("Withdrawn submission", status=Output.Status.WITHDRAWN),
        "embargoed": builders.output(
            "Embargoed report", published_at=timezone.now() + datetime.timedelta(days=3), themes=[compact]
        ),
        "archived unseen": builders.output("Archived, never public", status=Output.Status.ARCHIVED),
    }
    return {
        "light_rail": light_rail,
        "dashboards": dashboards,
        "untagged": untagged,
        "archived": archived,
        "hidden": hidden,
        "published": [light_rail, dashboards, untagged],
    }


def test_identify_describes_the_repository(client, library):
    set_datestamp(library["dashboards"], datetime.datetime(2018, 6, 1, 9, 30, tzinfo=datetime.UTC))

    document = oai(client, {"verb": "Identify"})
    identify = document.find("oai:Identify", NAMESPACES)

    assert texts(identify, "oai:repositoryName") == [
        "CPP Knowledge Portal, World Bank Tokyo Development Learning Center (City Partnership Program)"
    ]
    assert texts(identify, "oai:baseURL") == ["http://127.0.0.1:8000/oai/"]
    assert texts(identify, "oai:protocolVersion") == ["2.0"]
    assert texts(identify, "oai:adminEmail") == ["cpp-portal@example.org"]
    assert texts(identify, "oai:earliestDatestamp") == ["2018-06-01T09:30:00Z"]
    assert texts(identify, "oai:deletedRecord") == ["transient"]
    assert texts(identify, "oai:granularity") == ["YYYY-MM-DDThh:mm:ssZ"]
    request = document.find("oai:request", NAMESPACES)
    assert request.text == "http://127.0.0.1:8000/oai/"
    assert dict(request.attrib) == {"verb": "Identify"}


@override_settings(OAI_REPOSITORY_IDENTIFIER="cpp-portal.tdlc.example.org")
def test_identify_declares_the_identifier_scheme_that_harvesters_read(client, library):
    document = oai(client, {"verb": "Identify"})  # validated with the oai-identifier schema too

    description = document.find("oai:Identify/oai:description/scheme:oai-identifier", SCHEME)
    assert [child.text for child in description] == [
        "oai",
        "cpp-portal.tdlc.example.org",
        ":",
        "oai:cpp-portal.tdlc.example.org:1",
    ]
    listed = identifiers(oai(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}))
    assert all(found.startswith("oai:cpp-portal.tdlc.example.org:") for found in listed)


def test_identify_declares_no_scheme_for_a_repository_named_by_an_address(client, db):
    # 127.0.0.1 is no domain name, which the oai-identifier scheme requires: claiming it would be invalid.
    document = oai(client, {"verb": "Identify"})

    assert document.find("oai:Identify/oai:description", NAMESPACES) is None


@override_settings(OAI_ADMIN_EMAILS=["curators@tdlc.example.org", "it@tdlc.example.org"])
def test_identify_lists_every_admin_address(client, db):
    document = oai(client, {"verb": "Identify"})

    assert texts(document, ".//oai:adminEmail") == ["curators@tdlc.example.org", "it@tdlc.example.org"]


def test_list_metadata_formats_offers_oai_dc(client, library):
    for query in (
        {"verb": "ListMetadataFormats"},
        {"verb": "ListMetadataFormats", "identifier": oai_id(library["light_rail"])},
    ):
        document = oai(client, query)

        assert texts(document, ".//oai:metadataPrefix") == ["oai_dc"]
        assert texts(document, ".//oai:schema") == ["http://www.openarchives.org/OAI/2.0/oai_dc.xsd"]
        assert texts(document, ".//oai:metadataNamespace") == ["http://www.openarchives.org/OAI/2.0/oai_dc/"]


def test_list_sets_has_every_theme_and_city(client, library):
    document = oai(client, {"verb": "ListSets"})

    sets = dict(zip(texts(document, ".//oai:setSpec"), texts(document, ".//oai:setName"), strict=True))
    assert sets == {
        "theme": "Themes",
        "theme:compact-cities": "Compact Cities",
        "theme:smart-cities": "Smart Cities",
        "city": "Cities",
        "city:narayanganj": "Narayanganj, Bangladesh",
        "city:toyama": "Toyama, Japan",
    }
    assert texts(document, ".//oai:setDescription/oai_dc:dc/dc:description") == [
        "Dense, walkable cities built around transit.",
        "A mid-sized partner city.",
    ]


def test_get_record_gives_the_output_in_dublin_core(client, library):
    light_rail = library["light_rail"]
    set_datestamp(light_rail, datetime.datetime(2021, 2, 3, 4, 5, 6, 789, tzinfo=datetime.UTC))

    document = oai(
        client, {"verb": "GetRecord", "identifier": oai_id(light_rail), "metadataPrefix": "oai_dc"}
    )
    record = document.find("oai:GetRecord/oai:record", NAMESPACES)
    dc = record.find("oai:metadata/oai_dc:dc", NAMESPACES)

    assert texts(record, "oai:header/oai:identifier") == [oai_id(light_rail)]
    assert texts(record, "oai:header/oai:datestamp") == ["2021-02-03T04:05:06Z"]
    assert texts(record, "oai:header/oai:setSpec") == [
        "theme:compact-cities",
        "city:narayanganj",
        "city:toyama",
    ]
    assert texts(dc, "dc:title") == ["Toyama's light rail & the city centre"]
    assert dc.find("dc:title", NAMESPACES).get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert texts(dc, "dc:creator") == ["Aiko Tanaka", "City of Toyama, Urban Planning Division"]
    assert texts(dc, "dc:subject") == ["Compact Cities"]
    assert texts(dc, "dc:description") == ["How a tram line <reshaped> the city centre."]
    assert texts(dc, "dc:publisher") == [
        "World Bank Tokyo Development Learning Center (City Partnership Program)"
    ]
    assert texts(dc, "dc:date") == ["2017-03-14"]
    assert texts(dc, "dc:type") == ["Text", "Case study"]
    assert texts(dc, "dc:format") == ["application/pdf"]
    [attachment] = light_rail.attachments.all()
    assert texts(dc, "dc:identifier") == [
        f"http://127.0.0.1:8000{light_rail.get_absolute_url()}",
        f"http://127.0.0.1:8000{attachment.get_absolute_url()}",  # each file, for harvesters to fetch
    ]
    assert texts(dc, "dc:language") == ["en"]
    assert texts(dc, "dc:relation") == [
        "http://127.0.0.1:8000/deep-dives/technical-deep-dive-on-compact-cities/"
    ]
    assert texts(dc, "dc:coverage") == ["Narayanganj, Bangladesh", "Toyama, Japan"]
    assert texts(dc, "dc:rights") == [
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ]


def test_a_video_is_a_moving_image(client, db):
    video = builders.output("Inside a deep dive", kind=Output.Kind.VIDEO)

    document = oai(client, {"verb": "GetRecord", "identifier": oai_id(video), "metadataPrefix": "oai_dc"})

    assert texts(document, ".//dc:type") == ["MovingImage", "Video"]


def test_list_records_has_every_published_output_once_and_nothing_hidden(client, library):
    document = oai(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc"})

    expected = [oai_id(output) for output in [*library["published"], library["archived"]]]
    assert sorted(identifiers(document)) == sorted(expected)
    assert texts(document, ".//oai:title") == []  # no namespace mix-up: titles are Dublin Core
    titles = texts(document, ".//dc:title")
    assert sorted(titles) == sorted(output.title for output in library["published"])
    # One list, one page: no resumptionToken at all.
    assert document.find(".//oai:resumptionToken", NAMESPACES) is None


def test_list_identifiers_gives_headers_only(client, library):
    document = oai(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})

    assert sorted(identifiers(document)) == sorted(
        oai_id(output) for output in [*library["published"], library["archived"]]
    )
    assert document.find(".//oai:metadata", NAMESPACES) is None


def test_an_archived_output_that_was_public_is_a_deleted_record(client, library):
    archived = library["archived"]

    listed = oai(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    single = oai(client, {"verb": "GetRecord", "identifier": oai_id(archived), "metadataPrefix": "oai_dc"})

    for document in (listed, single):
        header = next(
            h
            for h in document.iterfind(".//oai:header", NAMESPACES)
            if texts(h, "oai:identifier") == [oai_id(archived)]
        )
        assert header.get("status") == "deleted"
        assert texts(header, "oai:setSpec") == ["theme:compact-cities"]
        assert header.getparent().find("oai:metadata", NAMESPACES) is None
    live = [h for h in listed.iterfind(".//oai:header", NAMESPACES) if h.get("status") != "deleted"]
    assert len(live) == 3
    assert "Withdrawn from public view" not in str(listed)


@pytest.mark.parametrize("state", ["draft", "submitted", "withdrawn", "embargoed", "archived unseen"])
def test_an_output_that_was_never_public_does_not_exist(client, library, state):
    hidden = library["hidden"][state]

    record = oai(client, {"verb": "GetRecord", "identifier": oai_id(hidden), "metadataPrefix": "oai_dc"})
    formats = oai(client, {"verb": "ListMetadataFormats", "identifier": oai_id(hidden)})
    listed = oai(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "theme"})

    assert error_code(record) == "idDoesNotExist"
    assert error_code(formats) == "idDoesNotExist"
    assert oai_id(hidden) not in identifiers(listed)


def test_an_embargoed_output_appears_when_its_time_comes_with_that_datestamp(client, library):
    embargoed = library["hidden"]["embargoed"]
    harvested_at = timezone.now() - datetime.timedelta(minutes=10)
    public_since = timezone.now() - datetime.timedelta(minutes=1)
    Output.objects.filter(pk=embargoed.pk).update(
        published_at=public_since, updated_at=timezone.now() - datetime.timedelta(days=5)
    )
    for output in [*library["published"], library["archived"]]:
        set_datestamp(output, harvested_at - datetime.timedelta(days=1))

    since_last_harvest = harvested_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    document = oai(
        client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": since_last_harvest}
    )

    assert identifiers(document) == [oai_id(embargoed)]
    assert texts(document, ".//oai:datestamp") == [public_since.strftime("%Y-%m-%dT%H:%M:%SZ")]


@pytest.mark.parametrize(
    ("set_spec", "expected"),
    [
        ("theme", ["light_rail", "dashboards", "archived"]),
        ("theme:compact-cities", ["light_rail", "archived"]),
        ("theme:smart-cities", ["dashboards"]),
        ("city", ["light_rail"]),
        ("city:narayanganj", ["light_rail"]),
    ],
)
def test_set_selects_the_outputs_in_it(client, library, set_spec, expected):
    document = oai(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": set_spec})

    assert sorted(identifiers(document)) == sorted(oai_id(library[name]) for name in expected)
    assert document.find("oai:request", NAMESPACES).get("set") == set_spec


@pytest.mark.parametrize(
    "set_spec", ["theme:unknown", "city:atlantis", "lesson", "theme:compact-cities:extra"]
)
def test_a_set_that_does_not_exist_matches_no_record(client, library, set_spec):
    document = oai(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": set_spec})

    assert error_code(document) == "noRecordsMatch"


@pytest.mark.parametrize(
    ("selection", "included"),
    [
        ({"from": "2024-03-10"}, True),
        ({"from": "2024-03-11"}, False),
        ({"until": "2024-03-10"}, True),
        ({"until": "2024-03-09"}, False),
        ({"from": "2024-03-10T15:00:00Z"}, True),
        ({"from": "2024-03-10T15:00:01Z"}, False),
        ({"until": "2024-03-10T15:00:00Z"}, True),
        ({"until": "2024-03-10T14:59:59Z"}, False),
        ({"from": "2024-03-10T15:00:00Z", "until": "2024-03-10T15:00:00Z"}, True),
        ({"from": "2024-01-01", "until": "2024-12-31"}, True),
    ],
)
def test_from_and_until_select_by_datestamp_in_utc(client, library, selection, included):
    """The record changed at 15:00:00.5 UTC (00:00:00.5 the next day in Tokyo, the site's time zone)."""
    light_rail = library["light_rail"]  # the only output with a city
    set_datestamp(light_rail, datetime.datetime(2024, 3, 10, 15, 0, 0, 500000, tzinfo=datetime.UTC))
    query = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "city", **selection}

    document = oai(client, query)

    if included:
        assert identifiers(document) == [oai_id(light_rail)]
        assert dict(document.find("oai:request", NAMESPACES).attrib) == query
    else:
        assert error_code(document) == "noRecordsMatch"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "badVerb"),
        ("verb=", "badVerb"),
        ("verb=Dance", "badVerb"),
        ("verb=listrecords&metadataPrefix=oai_dc", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("metadataPrefix=oai_dc", "badVerb"),
        ("verb=Identify&identifier=oai:127.0.0.1:1", "badArgument"),
        ("verb=Identify&foo=bar", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai+dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:1", "badArgument"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=two words", "badArgument"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=theme&set=city", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-13-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-02-29", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T25:00:00Z", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00%2B09:00", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=%EF%BC%92020-01-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2020-01-02T00:00:00Z", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-01&until=2020-01-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc", "badArgument"),
        ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
        ("verb=GetRecord&identifier=oai:127.0.0.1:1", "badArgument"),
        ("verb=ListSets&set=theme", "badArgument"),
        ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
        ("verb=ListIdentifiers&metadataPrefix=oai_datacite", "cannotDisseminateFormat"),
        ("verb=GetRecord&identifier=oai:127.0.0.1:999999&metadataPrefix=oai_dc", "idDoesNotExist"),
        ("verb=GetRecord&identifier=oai:elsewhere.org:1&metadataPrefix=oai_dc", "idDoesNotExist"),
        ("verb=GetRecord&identifier=oai:127.0.0.1:1x&metadataPrefix=oai_dc", "idDoesNotExist"),
        (
            "verb=GetRecord&identifier=oai:127.0.0.1:99999999999999999999999&metadataPrefix=oai_dc",
            "idDoesNotExist",
        ),
        ('verb=GetRecord&identifier="><script>alert(1)</script>&metadataPrefix=oai_dc', "idDoesNotExist"),
        ("verb=ListMetadataFormats&identifier=nonsense", "idDoesNotExist"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2099-01-01", "noRecordsMatch"),
        ("verb=ListRecords&metadataPrefix=oai_dc&until=1999-12-31", "noRecordsMatch"),
        ("verb=ListRecords&resumptionToken=forged", "badResumptionToken"),
        ("verb=ListSets&resumptionToken=anything", "badResumptionToken"),
    ],
)
def test_each_malformed_request_gets_its_error(client, library, query, code):
    document = oai(client, query)

    assert error_code(document) == code
    assert document.find("oai:error", NAMESPACES).text.strip()
    request = document.find("oai:request", NAMESPACES)
    if code in ("badVerb", "badArgument"):
        # The protocol: after these two errors, <request> carries no arguments.
        assert dict(request.attrib) == {}
    else:
        assert request.get("verb")


def test_requests_can_be_posted_without_a_csrf_token(library):
    client = Client(enforce_csrf_checks=True)

    document = oai(
        client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "theme:smart-cities"}, "post"
    )

    assert identifiers(document) == [oai_id(library["dashboards"])]


def test_text_with_characters_xml_cannot_hold_still_gives_valid_xml(client, db):
    output = builders.output("Vertical\x0btab and form\x0cfeed", summary="Bell\x07 in the summary")

    document = oai(client, {"verb": "GetRecord", "identifier": oai_id(output), "metadataPrefix": "oai_dc"})

    assert texts(document, ".//dc:title") == ["Verticaltab and formfeed"]
    assert texts(document, ".//dc:description") == ["Bell in the summary"]


@pytest.fixture
def many_outputs(db):
    compact = builders.theme("Compact Cities")
    outputs = [builders.output(f"Output number {index}", themes=[compact]) for index in range(7)]
    builders.output(
        "Archived after publication",
        status=Output.Status.ARCHIVED,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    builders.output("A draft", status=Output.Status.DRAFT, themes=[compact])
    return outputs


def harvest(client, verb: str, **selection) -> tuple[list[str], list]:
    """Every identifier of a complete list, following resumption tokens; and each page's token element."""
    found, tokens = [], []
    document = oai(client, {"verb": verb, "metadataPrefix": "oai_dc", **selection})
    while True:
        found += identifiers(document)
        token = document.find(f"oai:{verb}/oai:resumptionToken", NAMESPACES)
        if token is None:
            return found, tokens
        tokens.append(token)
        if not token.text:
            return found, tokens
        document = oai(client, {"verb": verb, "resumptionToken": token.text})


@override_settings(OAI_PAGE_SIZE=3)
@pytest.mark.parametrize("verb", ["ListRecords", "ListIdentifiers"])
def test_a_long_list_comes_in_pages_with_resumption_tokens(client, many_outputs, verb):
    found, tokens = harvest(client, verb)

    assert len(found) == 8
    assert len(set(found)) == 8
    assert [token.get("cursor") for token in tokens] == ["0", "3", "6"]
    assert [token.get("completeListSize") for token in tokens] == ["8", "8", "8"]
    assert [bool(token.text) for token in tokens] == [True, True, False]
    expiry = datetime.datetime.strptime(tokens[0].get("expirationDate"), "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.UTC
    )
    assert datetime.timedelta(hours=23) < expiry - timezone.now() <= datetime.timedelta(hours=24)
    assert tokens[-1].get("expirationDate") is None


@override_settings(OAI_PAGE_SIZE=3)
def test_resumption_keeps_the_set_and_dates(client, many_outputs):
    builders.output("Not in the set")
    found, tokens = harvest(client, "ListIdentifiers", set="theme:compact-cities", until="2099-01-01")

    assert sorted(found) == sorted(oai_id(output) for output in many_outputs)
    assert [token.get("completeListSize") for token in tokens] == ["7", "7", "7"]


@override_settings(OAI_PAGE_SIZE=3)
def test_a_record_changed_during_a_harvest_comes_in_the_next_one(client, many_outputs):
    first = oai(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    harvest_started = first.find("oai:responseDate", NAMESPACES).text
    token = first.find(".//oai:resumptionToken", NAMESPACES).text
    changed = many_outputs[-1]
    changed.title = "A corrected title"
    changed.save()

    seen = identifiers(first)
    while token:
        page = oai(client, {"verb": "ListIdentifiers", "resumptionToken": token})
        seen += identifiers(page)
        token = page.find(".//oai:resumptionToken", NAMESPACES).text
    later, _tokens = harvest(client, "ListIdentifiers", **{"from": harvest_started})

    assert oai_id(changed) not in seen
    assert len(seen) == len(set(seen)) == 7
    assert oai_id(changed) in later


@override_settings(OAI_PAGE_SIZE=3)
def test_a_resumption_token_cannot_be_altered_reused_elsewhere_or_kept_forever(client, many_outputs):
    first = oai(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    token = first.find(".//oai:resumptionToken", NAMESPACES).text
    value, _, signature = token.rpartition(":")
    tampered = f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"
    payload = signing.loads(token, salt="knowledge.oai.resumption-token")
    forged = signing.dumps({**payload, "after_id": 0}, salt="another-salt", compress=True)

    assert (
        error_code(oai(client, {"verb": "ListRecords", "resumptionToken": tampered})) == "badResumptionToken"
    )
    assert error_code(oai(client, {"verb": "ListRecords", "resumptionToken": forged})) == "badResumptionToken"
    assert (
        error_code(oai(client, {"verb": "ListIdentifiers", "resumptionToken": token})) == "badResumptionToken"
    )
    with override_settings(SECRET_KEY="another-deployment-" + "x" * 40):
        assert (
            error_code(oai(client, {"verb": "ListRecords", "resumptionToken": token})) == "badResumptionToken"
        )
    with override_settings(OAI_RESUMPTION_TOKEN_LIFETIME=datetime.timedelta(seconds=-1)):
        expired = oai(client, {"verb": "ListRecords", "resumptionToken": token})
    assert error_code(expired) == "badResumptionToken"
    assert "expired" in expired.find("oai:error", NAMESPACES).text
    # The untouched token still works.
    assert len(identifiers(oai(client, {"verb": "ListRecords", "resumptionToken": token}))) == 3


@override_settings(OAI_PAGE_SIZE=3)
def test_each_page_runs_the_same_queries_whatever_its_size(client, django_assert_num_queries, db):
    compact = builders.theme("Compact Cities")
    toyama = builders.city("Toyama")
    for index in range(2):
        output = builders.output(f"Few {index}", themes=[compact], cities=[toyama])
        builders.attachment(output, f"few-{index}.pdf")

    # The page, then its themes, cities and files.
    with django_assert_num_queries(4):
        small = oai(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    assert len(identifiers(small)) == 2

    for index in range(7):
        output = builders.output(f"Many {index}", themes=[compact], cities=[toyama])
        builders.attachment(output, f"many-{index}.pdf")
        builders.attachment(output, f"many-{index}-annex.pdf")
    # The same, and the size of the whole list for the resumptionToken.
    with django_assert_num_queries(5):
        first = oai(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    token = first.find(".//oai:resumptionToken", NAMESPACES).text
    with django_assert_num_queries(5):
        oai(client, {"verb": "ListRecords", "resumptionToken": token})
    # Headers only: no files.
    with django_assert_num_queries(4):
        oai(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})


def test_verbs_other_than_get_head_and_post_are_refused(client, db):
    response = client.put("/oai/?verb=Identify")

    assert response.status_code == 405
