"""Two curators edit the same record in the staff admin at once: nobody's save silently undoes the other's."""

import pytest
from django.contrib.auth import get_user_model

from cities.models import City, Theme
from deep_dives.models import ActionPlan, DeepDive
from knowledge.models import Lesson, Output
from tests import builders
from tests.builders import PortalClient, form_as_submitted

pytestmark = pytest.mark.django_db


def _records():
    toyama = builders.city("Toyama")
    client_city = builders.city("Narayanganj", role=City.Role.CLIENT)
    dive = builders.deep_dive("Compact Cities Technical Deep Dive", hosts=[toyama])
    output = builders.output("Portram in Toyama", cities=[toyama], status=Output.Status.PUBLISHED)
    return {
        Theme: (builders.theme("Compact Cities"), "name"),
        City: (toyama, "name"),
        DeepDive: (dive, "title"),
        ActionPlan: (builders.action_plan(dive, client_city, "Bus network plan"), "title"),
        Output: (output, "title"),
        Lesson: (builders.lesson(output, toyama, "Run trams often"), "title"),
        get_user_model(): (builders.official(toyama, username="aiko", first_name="Aiko"), "first_name"),
    }


@pytest.fixture
def two_curators():
    browsers = []
    for number in (1, 2):
        browser = PortalClient()
        browser.force_login(builders.user(f"staff{number}", is_staff=True, is_superuser=True))
        browsers.append(browser)
    return browsers


def change_url(record) -> str:
    meta = record._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{record.pk}/change/"


def opened(browser, record, field: str) -> dict:
    response = browser.get(change_url(record))
    assert response.status_code == 200
    return form_as_submitted(response, with_field=field)


@pytest.mark.parametrize("model", [Theme, City, DeepDive, ActionPlan, Output, Lesson, "user"])
def test_every_change_form_tells_the_second_saver_of_a_field_and_keeps_their_input(two_curators, model):
    records = _records()
    record, field = records[get_user_model() if model == "user" else model]
    first, second = two_curators
    firsts, seconds = opened(first, record, field), opened(second, record, field)

    assert first.post(change_url(record), {**firsts, field: "Changed by the first"}).status_code == 302
    answer = second.post(change_url(record), {**seconds, field: "Changed by the second"})

    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Someone else saved this after you opened it" in page
    assert "Saved meanwhile by someone else: “Changed by the first”." in page.replace("&ldquo;", "“").replace(
        "&rdquo;", "”"
    )
    assert form_as_submitted(answer, with_field=field)[field] == "Changed by the second"
    record.refresh_from_db()
    assert getattr(record, field) == "Changed by the first"

    # Saving again what came back keeps the second curator's version, knowingly.
    assert second.post(change_url(record), form_as_submitted(answer, with_field=field)).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "Changed by the second"


def test_changes_to_different_fields_of_a_city_are_both_kept(two_curators):
    city = builders.city("Toyama", summary="A compact city.")
    compact = builders.theme("Compact Cities")
    first, second = two_curators
    firsts, seconds = opened(first, city, "name"), opened(second, city, "name")

    assert (
        first.post(change_url(city), {**firsts, "name": "Toyama City", "themes": [compact.pk]}).status_code
        == 302
    )
    assert (
        second.post(change_url(city), {**seconds, "summary": "Light rail and a compact centre."}).status_code
        == 302
    )

    city.refresh_from_db()
    assert (city.name, city.summary) == ("Toyama City", "Light rail and a compact centre.")
    assert list(city.themes.all()) == [compact]
