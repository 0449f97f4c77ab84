"""The whole workflow in a real browser: an official submits, a curator asks for changes in the admin, the
official fixes and resubmits, the curator publishes, and an anonymous visitor finds it by a word of its
file (not before it is published) and downloads the very bytes."""

import base64

import pytest

from knowledge.models import Output
from submissions.models import Transition
from tests import builders, sample_files
from tests.accounts.support import app_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long password for the browser"


@pytest.fixture
def open_tab(browser, live_server):
    """Tabs with their own cookies (one person each); any console error or CSP violation fails the test."""
    contexts, problems = [], []

    def open_tab():
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        tab.on("pageerror", lambda error: problems.append(str(error)))
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    assert not problems, f"The browser reported errors: {problems}"


@pytest.fixture
def people():
    compact = builders.theme("Compact Cities")
    toyama = builders.city("Toyama", themes=[compact])
    return {
        "official": builders.official(toyama, username="aiko", password=PASSWORD),
        "curator": builders.curator("tdlc", password=PASSWORD),
    }


def sign_in(tab, path: str, username: str) -> None:
    tab.goto(path)
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").or_(tab.get_by_role("button", name="Log in")).click()


def test_submit_review_fix_publish_download(open_tab, people, tmp_path):
    # "quernstone" is in the PDF only: the search finds it there once the output is published.
    pdf = sample_files.pdf_bytes("Compact city planning in Toyama: the tram depot stands on quernstone.")
    png = sample_files.png_bytes(320, 200, colour="teal")

    # The official signs in and submits an output with a PDF and an image.
    official = open_tab()
    sign_in(official, "/accounts/login/", "aiko")
    official.wait_for_url("**/submit/")
    official.get_by_role("link", name="Submit a new output").click()
    official.get_by_label("Title").fill("Trams and the compact city")
    official.get_by_label("Kind").select_option(label="Case study")
    official.get_by_label("Summary").fill("How Toyama brought people back to its centre with a tram loop.")
    official.get_by_label("Body").fill("## What was done\n\nA light rail loop around the centre.")
    official.get_by_role("checkbox", name="Toyama").check()
    official.get_by_role("checkbox", name="Compact Cities").check()
    official.get_by_label("Add files").set_input_files(
        [
            {"name": "tram-loop.pdf", "mimeType": "application/pdf", "buffer": pdf},
            {"name": "tram-map.png", "mimeType": "image/png", "buffer": png},
        ]
    )
    official.get_by_role("button", name="Save and submit for review").click()
    official.wait_for_url("**/submit/*/")
    assert official.get_by_text("Sent for review. The curators have been told.").is_visible()
    assert official.locator(".status").first.inner_text() == "In review"
    output = Output.objects.get(title="Trams and the compact city")

    # Nobody finds it while it is in review, not even by the words of its file.
    visitor = open_tab()
    for words in ["trams compact", "quernstone"]:
        visitor.goto(f"/search/?q={words}")
        assert visitor.get_by_role("status").get_by_text("Nothing was found").is_visible()

    # The curator signs in to the admin for the first time: staff set up an authenticator app first.
    curator = open_tab()
    sign_in(curator, "/admin/login/?next=/admin/", "tdlc")
    curator.wait_for_url("**/accounts/two-factor/set-up/**")
    assert curator.locator(".qr-code svg").is_visible()
    secret = base64.b32decode(curator.locator(".secret-key").inner_text().replace(" ", ""))
    curator.get_by_label("Code").fill(app_code(secret))
    curator.get_by_role("button", name="Confirm").click()
    assert curator.get_by_role("heading", name="Your recovery codes").is_visible()
    assert curator.locator(".recovery-codes li").count() == 10
    curator.get_by_role("link", name="I have saved them").click()
    curator.wait_for_url("**/admin/")

    # The curator asks for changes in the admin.
    curator.get_by_role("link", name="Review queue").first.click()
    curator.get_by_role("link", name="Trams and the compact city").click()
    assert curator.get_by_role("link", name="tram-loop.pdf").is_visible()
    curator.get_by_label("Note to the submitter").fill("Please give the year the loop opened in the summary.")
    curator.get_by_role("button", name="Request changes").click()
    assert curator.get_by_text("Changes requested. The submitter has been told what to change.").is_visible()

    # The official sees the note, fixes the summary and submits again.
    official.goto("/submit/")
    assert official.get_by_text("Please give the year the loop opened in the summary.").is_visible()
    official.get_by_role("link", name="Trams and the compact city").click()
    official.get_by_role("link", name="Edit").click()
    official.get_by_label("Summary").fill(
        "In 2009 Toyama opened a tram loop that brought people back to its centre."
    )
    official.get_by_role("button", name="Save and submit again").click()
    official.wait_for_url(f"**/submit/{output.pk}/")
    assert official.locator(".status").first.inner_text() == "In review"

    # The curator publishes.
    curator.reload()
    curator.get_by_role("button", name="Publish").click()
    assert curator.get_by_text("Published.").first.is_visible()
    assert list(Transition.objects.filter(output=output).values_list("to_status", flat=True)) == [
        "submitted",
        "changes_requested",
        "submitted",
        "published",
    ]

    # An anonymous visitor finds it by a word of its file, with the passage that holds the word...
    visitor.goto("/search/")
    visitor.get_by_label("Search outputs, lessons, cities and deep dives").fill("quernstone")
    visitor.get_by_label("Search outputs, lessons, cities and deep dives").press("Enter")
    result = visitor.locator(".search-result").filter(has_text="Trams and the compact city")
    assert result.locator("mark").inner_text() == "quernstone"

    # ...and in the library, and downloads exactly the uploaded bytes.
    visitor.goto("/knowledge/")
    visitor.get_by_role("link", name="Trams and the compact city").click()
    assert visitor.locator(".lead").get_by_text("In 2009 Toyama opened a tram loop").is_visible()
    with visitor.expect_download() as download_info:
        visitor.get_by_role("link", name="tram-loop.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "tram-loop.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == pdf


def test_admin_and_account_pages_break_no_content_security_policy(open_tab, people):
    output = builders.output("A note with files", cities=[people["official"].city_memberships.get().city])
    builders.attachment(output, "note.pdf")
    pages = {
        "aiko": [
            "/submit/",
            "/submit/new/",
            f"/submit/{output.pk}/",
            f"/submit/{output.pk}/edit/",
            "/accounts/password/",
        ],
        "tdlc": [
            "/admin/",
            "/admin/submissions/submission/?queue=all",
            f"/admin/submissions/submission/{output.pk}/change/",
            f"/admin/knowledge/output/{output.pk}/change/",
            "/admin/knowledge/output/add/",
            "/admin/cities/city/add/",
            "/admin/deep_dives/deepdive/add/",
        ],
    }
    anonymous = open_tab()
    for path in ["/accounts/login/", "/accounts/password/reset/", "/admin/login/"]:
        anonymous.goto(path)
        assert anonymous.get_by_label("Password").count() + anonymous.get_by_label("Email").count() == 1
    Output.objects.filter(pk=output.pk).update(status=Output.Status.DRAFT)
    authenticator = builders.authenticator(people["curator"])
    for username, paths in pages.items():
        tab = open_tab()
        sign_in(tab, "/accounts/login/", username)
        if username == "tdlc":
            tab.wait_for_url("**/accounts/two-factor/**")
            tab.get_by_label("Code").fill(builders.totp_code(authenticator))
            tab.get_by_role("button", name="Continue").click()
        tab.wait_for_url("**/submit/")
        for path in paths:
            response = tab.goto(path)
            assert response.status == 200, path
            # Let the admin's scripts (select boxes, date pickers, autocomplete) run before moving on.
            tab.wait_for_load_state("networkidle")


def test_the_official_pages_fit_a_phone(open_tab, people):
    output = builders.output(
        "A draft with a long title about compact cities and trams", status=Output.Status.DRAFT
    )
    output.cities.set([people["official"].city_memberships.get().city])
    builders.attachment(output, "a-file-with-a-rather-long-name-for-a-small-screen.pdf")
    tab = open_tab()
    tab.set_viewport_size({"width": 360, "height": 740})
    tab.goto("/accounts/login/")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    sign_in(tab, "/accounts/login/", "aiko")
    tab.wait_for_url("**/submit/")
    for path in ["/submit/", "/submit/new/", f"/submit/{output.pk}/", f"/submit/{output.pk}/edit/"]:
        tab.goto(path)
        widths = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide on a {widths[1]} px screen"
