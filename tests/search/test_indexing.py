"""The search index follows every change of what it is made of, and can be rebuilt from scratch."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from cpp_portal import search
from knowledge.models import Output
from search import cjk
from search.models import SearchEntry, SearchTerm
from tests import builders

pytestmark = pytest.mark.django_db


def found(query: str, kind: str = "output") -> list[int]:
    return search.search(search.parse(query), kind).ids


def test_publishing_and_unpublishing_an_output_adds_and_removes_it():
    draft = builders.output("Tramway feasibility", status=Output.Status.DRAFT)
    assert found("tramway") == []
    draft.status = Output.Status.PUBLISHED
    draft.save()
    assert found("tramway") == [draft.pk]
    draft.status = Output.Status.ARCHIVED
    draft.save()
    assert found("tramway") == []
    assert not SearchEntry.objects.filter(kind="output", object_id=draft.pk).exists()


@override_settings(CONTENT_STATE_POLL_SECONDS=0)
def test_an_embargoed_output_is_found_once_its_time_has_come_with_nobody_acting(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        output = builders.output(
            "Hydrogen ferry study", published_at=timezone.now() + datetime.timedelta(minutes=5)
        )
        assert found("hydrogen") == []
        assert "Hydrogen ferry study" not in client.get("/search/?q=hydrogen").content.decode()

        # Nobody acts: the publication time passes, and the next request finds it.
        traveller.shift(datetime.timedelta(minutes=6))

        assert "Hydrogen ferry study" in client.get("/search/?q=hydrogen").content.decode()
        assert found("hydrogen") == [output.pk]


def test_lessons_follow_their_output():
    toyama = builders.city("Toyama")
    output = builders.output("Source note", status=Output.Status.DRAFT)
    lesson = builders.lesson(output, toyama, "Bus rapid transit lessons")
    assert found("rapid", "lesson") == []
    output.status = Output.Status.PUBLISHED
    output.save()
    assert found("rapid", "lesson") == [lesson.pk]
    output.delete()
    assert found("rapid", "lesson") == []


def test_attachment_text_is_indexed_when_added_changed_and_removed():
    output = builders.output("Plain title")
    attachment = builders.attachment(output, extracted_text="A glossary of wastewater terms.")
    assert found("wastewater") == [output.pk]
    attachment.extracted_text = "A glossary of stormwater terms."
    attachment.save()
    assert found("wastewater") == [] and found("stormwater") == [output.pk]
    attachment.delete()
    assert found("stormwater") == []


def test_renaming_a_theme_or_a_city_reindexes_what_mentions_them():
    theme = builders.theme("Mobility")
    city = builders.city("Kitakyushu")
    output = builders.output("A note", themes=[theme], cities=[city])
    builders.lesson(output, city, "A lesson")
    dive = builders.deep_dive("A deep dive", hosts=[city], themes=[theme])
    theme.name = "Velocipedes"
    theme.save()
    assert found("velocipedes") == [output.pk]
    assert found("velocipedes", "deep_dive") == [dive.pk]
    city.name = "Moji"
    city.save()
    assert found("moji") == [output.pk]
    assert len(found("moji", "lesson")) == 1
    assert found("moji", "city") == [city.pk]
    assert found("kitakyushu") == []


def test_changing_themes_and_cities_of_an_output_reindexes_it():
    output = builders.output("A note")
    theme = builders.theme("Ferries")
    output.themes.add(theme)
    assert found("ferries") == [output.pk]
    theme.outputs.clear()
    assert found("ferries") == []
    theme.outputs.add(output)
    assert found("ferries") == [output.pk]


def test_the_rebuild_command_restores_everything_after_a_bulk_load_that_fired_no_signals():
    toyama = builders.city("Toyama")
    output = builders.output("Congestion charging", summary="Road pricing.")
    builders.lesson(output, toyama, "Charge for the roads")
    builders.output("Zelkovine secret", status=Output.Status.DRAFT)
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()
    assert found("congestion") == []
    out = StringIO()
    call_command("rebuild_search_index", "--jobs", "1", stdout=out)
    assert "output: 1, lesson: 1, city: 1, deep_dive: 0" in out.getvalue()
    assert found("congestion") == [output.pk]
    assert len(found("roads", "lesson")) == 1
    words = set(SearchTerm.objects.values_list("word", flat=True))
    assert {"congestion", "charging", "toyama"} <= words
    assert "zelkovine" not in words
    assert search.did_you_mean(search.parse("congestoin")) == "congestion"


@pytest.mark.not_on_sqlite(reason="PostgreSQL's own function: on SQLite, Python makes the pairs")
def test_the_postgresql_character_pairs_are_those_of_python():
    samples = ["富山市は、コンパクトシティ", "ほしぞら回廊 and 々 x 高", "no cjk here", "ｶﾀｶﾅ漢字"]
    with connection.cursor() as cursor:
        for sample in samples:
            cursor.execute("SELECT search_cjk_bigrams(%s)", [sample])
            assert cursor.fetchone()[0].split() == cjk.document_tokens(sample)


@pytest.mark.not_on_sqlite(reason="SQLite has one writer: its few records are indexed in one connection")
@pytest.mark.django_db(transaction=True)
def test_the_rebuild_runs_in_parallel_connections():
    outputs = [builders.output(f"Ropeway study {number}") for number in range(5)]
    SearchEntry.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", "--jobs", "2", stdout=out)
    assert "output: 5" in out.getvalue()
    assert sorted(found("ropeway")) == sorted(output.pk for output in outputs)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'search_entry_vector_%%'")
        assert cursor.fetchone()[0] == 4


def test_snippets_are_only_cut_from_public_records():
    public = builders.output("Public cable car note", body="A cable car over the river.")
    draft = builders.output("Draft cable car note", status=Output.Status.DRAFT, body="A cable car plan.")
    embargoed = builders.output(
        "Embargoed cable car note",
        body="A cable car secret.",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    snippets = search.snippets(search.parse("cable"), "output", [public.pk, draft.pk, embargoed.pk])
    assert list(snippets) == [public.pk]
    assert "<mark>cable</mark> car over the river" in snippets[public.pk]


def test_a_database_older_than_the_index_gets_it_after_migrate():
    toyama = builders.city("Toyama")
    builders.output("Light rail in Toyama", cities=[toyama])
    SearchEntry.objects.all().delete()

    call_command("migrate", verbosity=0)

    assert search.search(search.parse("light rail"), "output").total == 1
    assert search.search(search.parse("toyama"), "city").total == 1
