"""The content state (content_state/): every write is seen, whatever wrote it, and an edit retires only
what shows the edited content."""

import io
import threading

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from content_state import rendering, triggers, versions
from content_state.models import ContentChange
from knowledge import catalogue
from knowledge.models import Output
from submissions.models import Submission
from tests import builders

pytestmark = pytest.mark.django_db

CONTENT_APPS = ("cities", "deep_dives", "knowledge", "submissions")


def text(response) -> str:
    return response.content.decode()


def test_every_model_of_the_content_apps_is_tracked_or_says_why_not():
    labels = set()
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            labels.add(model._meta.label)
            for field in model._meta.local_many_to_many:
                labels.add(f"{model._meta.label}.{field.name}")
    assert labels - set(triggers.TRACKED) - set(triggers.UNTRACKED) == set()
    assert all(reason for reason in triggers.UNTRACKED.values())


def test_the_database_has_the_triggers_of_every_tracked_table():
    installed = set(triggers.installed_triggers())
    for label in triggers.TRACKED:
        table = triggers.table_of(label)
        assert {f"content_state_{table}_{event}" for event in ("insert", "update", "delete")} <= installed


def test_a_save_through_the_review_proxy_is_seen_at_once(client):
    output = builders.output("Harbour note")
    assert "Harbour note" in text(client.get(output.get_absolute_url()))

    submission = Submission.objects.get(pk=output.pk)
    submission.title = "Harbour and ferries"
    submission.save()

    assert "Harbour and ferries" in text(client.get(output.get_absolute_url()))


@override_settings(CONTENT_STATE_POLL_SECONDS=0)
def test_a_bulk_update_that_sends_no_signal_is_seen_on_the_next_request(client):
    output = builders.output("Harbour note")
    assert "Harbour note" in text(client.get(reverse("knowledge:library")))

    Output.objects.filter(pk=output.pk).update(title="Ferry timetables")

    library = text(client.get(reverse("knowledge:library")))
    assert "Ferry timetables" in library and "Harbour note" not in library
    assert "Ferry timetables" in text(client.get(output.get_absolute_url()))


@override_settings(CONTENT_STATE_POLL_SECONDS=0)
def test_raw_sql_and_copy_are_seen_on_the_next_request(client):
    output = builders.output("Harbour note", themes=[builders.theme("Ports")])
    assert "Ports" in text(client.get(reverse("knowledge:theme_list")))

    with connection.cursor() as cursor:
        cursor.execute("UPDATE cities_theme SET name = 'Harbours' WHERE name = 'Ports'")
        cursor.cursor.copy_expert(
            "COPY cities_theme (name, slug, summary, position) FROM STDIN",
            io.StringIO("Ferries\tferries\tBoats that carry people.\t9\n"),
        )

    themes = text(client.get(reverse("knowledge:theme_list")))
    assert "Harbours" in themes and "Ferries" in themes and "Ports" not in themes
    # The output's page names its theme: a rename retires it too.
    assert "Harbours" in text(client.get(output.get_absolute_url()))


@pytest.mark.django_db(transaction=True)
@override_settings(CONTENT_STATE_POLL_SECONDS=0)
def test_a_truncated_table_renews_everything(client):
    builders.output("Harbour note", themes=[builders.theme("Ports")])
    assert "Ports" in text(client.get(reverse("knowledge:theme_list")))

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE knowledge_output_themes")

    assert versions.sync() == {"all"}
    page = text(client.get(reverse("knowledge:library")))
    assert "Harbour note" in page and 'href="?theme=ports"' not in page


def test_an_edit_retires_the_pages_that_show_it_and_no_other(client, django_assert_num_queries):
    toyama, kobe = builders.city("Toyama"), builders.city("Kobe")
    trams, ports = builders.theme("Trams"), builders.theme("Ports")
    edited = builders.output("Light rail note", themes=[trams], cities=[toyama])
    untouched = builders.output("Harbour note", themes=[ports], cities=[kobe])
    pages = [
        edited.get_absolute_url(),
        untouched.get_absolute_url(),
        toyama.get_absolute_url(),
        kobe.get_absolute_url(),
    ]
    for page in pages:
        client.get(page)

    edited.summary = "Trams brought people back to the centre."
    edited.save()

    # The edited output's page and the page of its city are rendered again...
    assert "Trams brought people back" in text(client.get(edited.get_absolute_url()))
    assert "Trams brought people back" in text(client.get(toyama.get_absolute_url()))
    # ...the others are still served from the cache: one query for the output (its view counts), and
    # one for the city (the view's own lookup).
    with django_assert_num_queries(1):
        client.get(untouched.get_absolute_url())
    with django_assert_num_queries(1):
        client.get(kobe.get_absolute_url())


def test_a_renamed_city_shows_on_the_cards_that_name_it(client):
    toyama = builders.city("Toyama")
    builders.output("Light rail note", cities=[toyama])
    assert "Toyama" in text(client.get(reverse("knowledge:library")))

    toyama.name = "Toyama City"
    toyama.save()

    assert "Toyama City" in text(client.get(reverse("knowledge:library")))


def test_an_edited_original_marks_its_translation_on_the_translation_page(client):
    original = builders.output("Light rail note", language="en")
    translation = builders.output("ライトレール", language="ja", translation_of=original)
    assert "may be out of date" not in text(client.get(translation.get_absolute_url()))

    original.summary = "A new summary of the original."
    original.save()

    assert "may be out of date" in text(client.get(translation.get_absolute_url()))


def test_a_publish_elsewhere_leaves_the_related_outputs_of_an_output_with_other_themes(
    client, django_assert_num_queries
):
    trams, ports = builders.theme("Trams"), builders.theme("Ports")
    output = builders.output("Light rail note", themes=[trams])
    builders.output("Tram depots", themes=[trams])
    client.get(output.get_absolute_url())

    builders.output("Harbour note", themes=[ports])

    # The page and its related outputs stand; only the output and its view counts are read.
    with django_assert_num_queries(1):
        page = text(client.get(output.get_absolute_url()))
    assert "Tram depots" in page

    builders.output("Tram stops", themes=[trams])
    assert "Tram stops" in text(client.get(output.get_absolute_url()))


def test_the_catalogue_is_built_once_and_loaded_by_the_other_processes_of_the_machine(
    django_assert_num_queries,
):
    builders.output("Light rail note")
    built = catalogue.current_catalogue()

    # Another process of the same machine: nothing in memory, the same folder.
    catalogue._current = None
    with django_assert_num_queries(0):
        loaded = catalogue.current_catalogue()

    assert loaded is not built and loaded.version == built.version
    assert loaded.pk.tolist() == built.pk.tolist()
    # So that a process that only loaded a slow catalogue builds the next one in the background too.
    assert loaded.build_seconds == built.build_seconds > 0


@pytest.mark.django_db(transaction=True)
def test_a_slow_catalogue_is_built_in_the_background_while_the_old_one_serves(
    client, monkeypatch, django_assert_num_queries
):
    builders.output("Light rail note")
    old = catalogue.current_catalogue()
    # As if building took long: the next one is built in the background.
    monkeypatch.setattr(old, "build_seconds", 10.0)
    release = threading.Event()
    real_build = catalogue._build

    def slow_build(version):
        release.wait(timeout=30)
        return real_build(version)

    monkeypatch.setattr(catalogue, "_build", slow_build)
    builders.output("Harbour note")

    # The old catalogue serves meanwhile, and the home page made from it is rendered once for every
    # visitor until the new one is built.
    assert catalogue.current_catalogue() is old
    assert "Harbour note" not in text(client.get("/"))
    with django_assert_num_queries(0):
        assert "Harbour note" not in text(client.get("/"))
    release.set()
    for thread in threading.enumerate():
        if thread.name != threading.current_thread().name and thread.daemon:
            thread.join(timeout=30)

    assert "Harbour note" in text(client.get("/"))


def test_a_page_made_from_a_catalogue_that_has_caught_up_elsewhere_is_not_kept():
    # Another machine has built the catalogue this one is still building: what this one renders from
    # its old catalogue is served, but not kept for the visitors of the machine that has caught up.
    rendering.caught_up("catalogue:7")
    began = versions.sequence()

    assert not rendering.store(
        "page:test", "<p>old</p>", rendering.Reading(began, {"outputs"}, behind={"catalogue:7"})
    )
    assert rendering.get_many(["page:test"]) == {}
    assert rendering.store(
        "page:test", "<p>old</p>", rendering.Reading(began, {"outputs"}, behind={"catalogue:8"})
    )
    assert rendering.get_many(["page:test"]) == {"page:test": "<p>old</p>"}
    # Once that catalogue is built, the page is retired.
    rendering.caught_up("catalogue:8")
    assert rendering.get_many(["page:test"]) == {}


def test_a_change_while_a_page_renders_keeps_that_page_out_of_the_cache():
    output = builders.output("Light rail note")
    rendering_began_at = versions.sequence()
    # The output changes while the page is being rendered: the page may show it before or after.
    versions.renew([f"output:{output.pk}"])

    assert not rendering.store(
        "page:test", "<p>old</p>", rendering.Reading(rendering_began_at, {f"output:{output.pk}"})
    )
    assert rendering.get_many(["page:test"]) == {}
    # Begun after the change, it is kept.
    assert rendering.store(
        "page:test", "<p>new</p>", rendering.Reading(versions.sequence(), {f"output:{output.pk}"})
    )
    assert rendering.get_many(["page:test"]) == {"page:test": "<p>new</p>"}


@pytest.mark.parametrize("evicted", ["content-state:sequence", "content-state:scope:output:{pk}"])
def test_a_version_lost_from_the_cache_never_serves_a_stale_page(client, evicted):
    from django.core.cache import cache

    output = builders.output("Light rail note")
    client.get(output.get_absolute_url())
    Output.objects.filter(pk=output.pk).update(title="Tram note")
    cache.delete(evicted.format(pk=output.pk))
    versions.sync()

    assert "Tram note" in text(client.get(output.get_absolute_url()))


def test_the_change_log_is_empty_after_a_sync():
    builders.output("Light rail note")
    Output.objects.update(title="Tram note")
    assert ContentChange.objects.exists()

    renewed = versions.sync()

    assert not ContentChange.objects.exists()
    assert "outputs" in renewed and any(scope.startswith("output:") for scope in renewed)


def test_a_deleted_output_leaves_every_page_and_search(client):
    output = builders.output("Harbourlight note")
    builders.lesson(output, builders.city("Toyama"), "Harbourlight lesson")
    assert "Harbourlight note" in text(client.get("/search/?q=harbourlight"))
    url = output.get_absolute_url()
    client.get(url)

    output.delete()

    found = text(client.get("/search/?q=harbourlight"))
    assert "Harbourlight note" not in found and "Harbourlight lesson" not in found
    assert client.get(url).status_code == 404
