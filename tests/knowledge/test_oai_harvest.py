"""A harvester's view of /oai/: a real OAI-PMH client library (oaipmh-scythe) against a live server."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from oaipmh_scythe import Scythe
from oaipmh_scythe.exceptions import (
    BadArgument,
    BadResumptionToken,
    BadVerb,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoRecordsMatch,
)
from oaipmh_scythe.iterator import OAIResponseIterator

from cities.models import City
from knowledge.models import Output
from tests import builders
from tests.standards import valid_oai_response

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_SIZE = 4


@pytest.fixture
def repository(live_server):
    """A library of 11 published outputs, one archived after publication and everything a harvester must
    never see; harvested in pages of four."""
    compact = builders.theme("Compact Cities")
    smart = builders.theme("Smart Cities")
    toyama = builders.city("Toyama")
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT)
    published = [
        builders.output(
            f"Compact city note {index}",
            themes=[compact],
            cities=[toyama, narayanganj] if index % 2 else [toyama],
            authors=f"Author {index}\nTDLC City Partnership Program team",
        )
        for index in range(7)
    ]
    published += [builders.output(f"Smart city note {index}", themes=[smart]) for index in range(4)]
    archived = builders.output(
        "Archived after publication",
        status=Output.Status.ARCHIVED,
        published_at=timezone.now() - datetime.timedelta(days=40),
        themes=[compact],
    )
    never_public = [
        builders.output("Draft", status=Output.Status.DRAFT, themes=[compact]),
        builders.output("In review", status=Output.Status.SUBMITTED),
        builders.output("Changes requested", status=Output.Status.CHANGES_REQUESTED),
        builders.output("Withdrawn", status=Output.Status.WITHDRAWN),
        builders.output("Archived unseen", status=Output.Status.ARCHIVED),
        builders.output(
            "Embargoed", published_at=timezone.now() + datetime.timedelta(days=1), themes=[compact]
        ),
    ]
    with override_settings(OAI_PAGE_SIZE=PAGE_SIZE), Scythe(f"{live_server.url}/oai/") as scythe:
        yield {"scythe": scythe, "published": published, "archived": archived, "never_public": never_public}


def oai_id(output: Output) -> str:
    return f"oai:127.0.0.1:{output.pk}"


def test_a_full_harvest_gets_every_published_output_exactly_once(repository):
    scythe = repository["scythe"]

    records = list(scythe.list_records(metadata_prefix="oai_dc"))

    live = [record for record in records if not record.deleted]
    deleted = [record for record in records if record.deleted]
    assert sorted(record.header.identifier for record in live) == sorted(
        oai_id(output) for output in repository["published"]
    )
    assert len({record.header.identifier for record in live}) == len(live) == 11
    assert [record.header.identifier for record in deleted] == [oai_id(repository["archived"])]
    titles = {record.metadata["title"][0] for record in live}
    assert titles == {output.title for output in repository["published"]}
    for output in repository["never_public"]:
        assert oai_id(output) not in {record.header.identifier for record in records}
        assert output.title not in titles
    note = next(record for record in live if record.metadata["title"] == ["Compact city note 1"])
    assert note.metadata["creator"] == ["Author 1", "TDLC City Partnership Program team"]
    assert note.metadata["subject"] == ["Compact Cities"]
    assert note.header.setSpecs == ["theme:compact-cities", "city:narayanganj", "city:toyama"]


def test_every_page_of_a_harvest_is_a_valid_response_with_a_token(repository):
    scythe = repository["scythe"]
    scythe.iterator = OAIResponseIterator

    pages = list(scythe.list_identifiers(metadata_prefix="oai_dc"))

    assert len(pages) == 3  # 12 headers in pages of four
    documents = [valid_oai_response(page.raw.encode()) for page in pages]
    tokens = [document.find(".//{*}resumptionToken") for document in documents]
    assert [token.get("cursor") for token in tokens] == ["0", "4", "8"]
    assert {token.get("completeListSize") for token in tokens} == {"12"}
    assert tokens[-1].text is None


def test_selective_harvests_by_set_and_date(repository):
    scythe = repository["scythe"]

    compact = list(scythe.list_identifiers(metadata_prefix="oai_dc", set_="theme:compact-cities"))
    client_city = list(scythe.list_identifiers(metadata_prefix="oai_dc", set_="city:narayanganj"))
    live_only = list(scythe.list_identifiers(metadata_prefix="oai_dc", ignore_deleted=True))
    today = timezone.now().astimezone(datetime.UTC).date().isoformat()
    changed_today = list(scythe.list_identifiers(metadata_prefix="oai_dc", from_=today, until=today))

    assert len(compact) == 8  # seven notes and the deleted record
    assert len(client_city) == 3
    assert len(live_only) == 11
    assert len(changed_today) == 12
    with pytest.raises(NoRecordsMatch):
        list(scythe.list_identifiers(metadata_prefix="oai_dc", from_="2100-01-01"))


def test_get_record_identify_sets_and_formats(repository):
    scythe = repository["scythe"]
    first = repository["published"][0]

    record = scythe.get_record(identifier=oai_id(first), metadata_prefix="oai_dc")
    deleted = scythe.get_record(identifier=oai_id(repository["archived"]), metadata_prefix="oai_dc")
    identify = scythe.identify()
    sets = {item.setSpec: item.setName for item in scythe.list_sets()}
    formats = [item.metadataPrefix for item in scythe.list_metadata_formats()]

    assert record.metadata["title"] == ["Compact city note 0"]
    assert deleted.deleted
    assert identify.deletedRecord == "transient"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    assert sets["theme:compact-cities"] == "Compact Cities"
    assert sets["city:toyama"] == "Toyama, Japan"
    assert formats == ["oai_dc"]


def test_errors_reach_the_harvester_as_the_protocols_exceptions(repository):
    scythe = repository["scythe"]
    draft = repository["never_public"][0]

    with pytest.raises(IdDoesNotExist):
        scythe.get_record(identifier=oai_id(draft), metadata_prefix="oai_dc")
    with pytest.raises(CannotDisseminateFormat):
        list(scythe.list_records(metadata_prefix="marc21"))
    with pytest.raises(BadResumptionToken):
        list(scythe.list_records(resumption_token="not-a-token"))
    with pytest.raises(BadArgument):
        scythe.harvest({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01T00:00"})
    with pytest.raises(BadVerb):
        scythe.harvest({"verb": "ListEverything"})
