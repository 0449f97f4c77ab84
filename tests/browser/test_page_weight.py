"""The library on a slow connection: what its first view weighs, and that it works without JavaScript.

Measured in Chromium on the demo data: every response the first view of a page needs (HTML, CSS, JS,
fonts, images), each compressed with gzip as a production server sends it (WhiteNoise compresses
the static files; the front server or proxy the HTML). The live test server itself does not compress,
so the test compresses each body it received and adds them up.
"""

import gzip
import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 150_000  # bytes, compressed


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def first_view(browser, live_server, path: str, **options) -> tuple[int, int, list[str]]:
    """(compressed bytes, uncompressed bytes, URLs) of everything a fresh browser loads for `path`."""
    context = browser.new_context(base_url=live_server.url, **options)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(path, wait_until="networkidle")
    bodies = [response.body() for response in responses if response.status < 300]
    context.close()
    compressed = sum(len(gzip.compress(body, compresslevel=6)) for body in bodies)
    return compressed, sum(len(body) for body in bodies), [response.url for response in responses]


def test_the_library_on_a_slow_connection(browser, live_server, demo):
    """One test for both checks: loading the demo (about a minute) once instead of twice."""
    first_views_transfer_under_150_kb(browser, live_server)
    the_library_works_without_javascript_on_a_phone(browser, live_server)


def first_views_transfer_under_150_kb(browser, live_server):
    """The first views of the library and the home page."""
    for path, width in [("/knowledge/", 1280), ("/knowledge/", 360), ("/", 1280)]:
        compressed, raw, urls = first_view(
            browser, live_server, path, viewport={"width": width, "height": 800}
        )

        where = f"{path} at {width} px"
        assert compressed < BUDGET, f"{where} weighs {compressed:,} bytes compressed"
        # The library is light enough to stay within the budget even sent uncompressed.
        if path == "/knowledge/":
            assert raw < BUDGET, f"{where} weighs {raw:,} bytes uncompressed"
        assert all(url.startswith(live_server.url) for url in urls), f"{where} loads from another site"
        assert any(url.endswith(".css") for url in urls) and any(url.endswith(".js") for url in urls)
        if path == "/":
            assert any(url.endswith("/static/img/world-land.svg") for url in urls)


def the_library_works_without_javascript_on_a_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.goto("/knowledge/")
    total = page.locator("#results-heading").inner_text()

    # The filters are folded away on a phone and open without a script.
    assert not page.locator(".facet").first.is_visible()
    page.get_by_text("Filters", exact=True).click()
    page.locator(".facet").filter(has_text="Kind").get_by_role("link", name="Toolkit").click()
    page.wait_for_url("**/knowledge/?kind=toolkit")
    toolkits = page.locator("#results-heading").inner_text()
    assert toolkits != total and toolkits.endswith("outputs")

    # A keyword search keeps the chosen filter.
    page.get_by_label("Search the library", exact=True).fill("city")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/knowledge/?kind=toolkit&q=city*")

    # The sort order applies with the form's button.
    page.get_by_label("Sort by").select_option("title")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**sort=title*")
    titles = page.locator(".card__title").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold)

    # Further pages are plain links.
    page.goto("/knowledge/")
    page.get_by_role("link", name="Next").click()
    page.wait_for_url("**/knowledge/?page=2")
    assert page.locator(".card__title").count() == 20
    context.close()
