"""An output's machine-readable metadata and its “Cite this” section, in a real browser under the CSP."""

import datetime
import json

import pytest

from knowledge.models import Output
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records every Content Security Policy violation the page causes (an init script runs outside the CSP).
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def light_rail():
    compact = builders.theme("Compact Cities")
    toyama = builders.city("Toyama")
    output = builders.output(
        "Toyama's light rail </script> & the city centre",
        kind=Output.Kind.CASE_STUDY,
        summary="How a tram line reshaped the city centre.",
        authors="Aiko Tanaka\nCity of Toyama, Urban Planning Division",
        publication_date=datetime.date(2017, 3, 14),
        themes=[compact],
        cities=[toyama],
    )
    builders.attachment(output, "light-rail.pdf")
    return output


def test_json_ld_is_read_and_breaks_no_content_security_policy(page, light_rail):
    page.add_init_script(WATCH_CSP)

    page.goto(light_rail.get_absolute_url())

    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "Article"
    assert data["name"] == "Toyama's light rail </script> & the city centre"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Toyama's light rail </script> & the city centre"
    )
    assert page.evaluate("window.cspViolations") == []
    # The page fixture also fails the test on any console error, which is where Chromium reports CSP blocks.


def test_cite_this_and_the_bibtex_download(page, light_rail, live_server):
    page.goto(light_rail.get_absolute_url())
    section = page.locator("section.cite")

    assert section.get_by_role("heading", name="Cite this").is_visible()
    assert (
        section.locator(".citation")
        .inner_text()
        .startswith("Aiko Tanaka & City of Toyama, Urban Planning Division (2017). Toyama's light rail")
    )
    section.get_by_text("Show BibTeX").click()
    shown = section.locator("pre").inner_text()
    assert shown.startswith("@techreport{")
    with page.expect_download() as download_info:
        section.get_by_role("link", name="BibTeX").click()
    download = download_info.value
    assert download.suggested_filename == f"{light_rail.slug}.bib"
    with open(download.path(), encoding="utf-8") as downloaded:
        assert downloaded.read().strip() == shown.strip()


def test_the_citation_fits_a_phone(page, light_rail):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(light_rail.get_absolute_url())
    page.locator("section.cite").get_by_text("Show BibTeX").click()

    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width
