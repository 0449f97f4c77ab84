"""A practitioner browses the portal in a real browser."""

import datetime

import pytest
from django.urls import reverse

from cities.models import City
from deep_dives.models import Session
from knowledge.models import Output
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def program():
    compact = builders.theme("Compact Cities")
    smart = builders.theme("Smart Cities")
    toyama = builders.city("Toyama", themes=[compact], cpp_batch=1, summary="A mid-sized partner city.")
    yokohama = builders.city("Yokohama", themes=[smart], cpp_batch=1)
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT, themes=[compact])
    tdd = builders.deep_dive("Technical Deep Dive on Compact Cities", hosts=[toyama], themes=[compact])
    builders.session(tdd, "Site visit to the city centre", kind=Session.Kind.SITE_VISIT, day=1)
    builders.participation(tdd, narayanganj, delegation="Mayor of Narayanganj")
    note = builders.output(
        "Compact city planning in Toyama",
        themes=[compact],
        cities=[toyama],
        deep_dive=tdd,
        summary="How Toyama concentrates services along public transport.",
        body="## Approach\n\nDensify around stations.",
        publication_date=datetime.date(2021, 5, 1),
    )
    pdf = builders.pdf_bytes("Compact city planning in Toyama: the full note.")
    builders.attachment(note, "toyama-compact-city.pdf", pdf)
    builders.output("Smart city dashboards", themes=[smart], cities=[yokohama])
    builders.output("Unpublished draft on compact cities", themes=[compact], status=Output.Status.DRAFT)
    return {"toyama": toyama, "tdd": tdd, "note": note, "pdf": pdf}


def test_from_home_to_a_downloaded_file(page, program):
    page.goto("/")
    page.get_by_role("link", name="Browse the library").click()
    page.wait_for_url("**/knowledge/")
    assert page.get_by_role("heading", name="2 outputs").is_visible()

    page.locator(".facet").filter(has_text="Theme").get_by_role("link", name="Compact Cities").click()
    page.wait_for_url("**/knowledge/?theme=compact-cities")
    assert page.get_by_role("heading", name="1 output").is_visible()
    assert page.get_by_role("link", name="Smart city dashboards").count() == 0
    assert page.get_by_text("Unpublished draft").count() == 0

    page.get_by_role("link", name="Compact city planning in Toyama").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Compact city planning in Toyama"
    assert page.get_by_role("heading", name="Approach").is_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="toyama-compact-city.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "toyama-compact-city.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == program["pdf"]


def test_keyword_search_and_sort_keep_the_filters(page, program):
    page.goto("/knowledge/?theme=compact-cities")
    page.get_by_label("Search the library", exact=True).fill("Toyama")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/knowledge/?theme=compact-cities&q=Toyama*")
    assert page.get_by_role("heading", name="1 output").is_visible()
    page.get_by_label("Sort by").select_option("title")
    page.wait_for_url("**sort=title*")
    assert "theme=compact-cities" in page.url


def test_open_a_city_and_a_deep_dive(page, program):
    page.goto("/cities/")
    page.locator(".results").get_by_role("link", name="Toyama", exact=True).click()
    page.wait_for_url("**/cities/toyama/")
    assert page.get_by_role("heading", level=1).inner_text() == "Toyama"
    assert page.get_by_role("link", name="Compact city planning in Toyama").is_visible()

    page.get_by_role("link", name="Technical Deep Dive on Compact Cities").first.click()
    page.wait_for_url(f"**{program['tdd'].get_absolute_url()}")
    assert page.get_by_role("heading", name="Site visit to the city centre").is_visible()
    assert page.get_by_text("Mayor of Narayanganj").is_visible()


def test_filters_work_from_the_keyboard(page, program):
    page.goto("/knowledge/")
    option = page.locator(".facet").filter(has_text="Theme").get_by_role("link", name="Compact Cities")
    option.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/knowledge/?theme=compact-cities")
    assert page.get_by_role("heading", name="1 output").is_visible()


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page, program):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/knowledge/",
        "/knowledge/?theme=compact-cities&sort=title",
        "OUTPUT",
        "/cities/",
        "/cities/toyama/",
        "/deep-dives/",
        "DEEP_DIVE",
        "/lessons/",
        "/themes/",
        "/themes/compact-cities/",
    ],
)
def test_no_page_scrolls_sideways_on_a_phone(page, program, path):
    path = {"OUTPUT": program["note"].get_absolute_url(), "DEEP_DIVE": program["tdd"].get_absolute_url()}.get(
        path, path
    )
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(path)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide on a {widths[1]} px screen"
    assert page.get_by_role("heading", level=1).is_visible()


def test_filters_fold_away_on_a_phone_and_open_on_a_wide_screen(page, program):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(reverse("knowledge:library"))
    assert page.locator("details.filters").get_attribute("open") is None
    page.get_by_text("Filters", exact=True).click()
    assert page.locator(".facet").first.is_visible()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("knowledge:library"))
    assert page.locator("details.filters").get_attribute("open") is not None
