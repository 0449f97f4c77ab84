"""The API's documentation works in a real browser: Swagger UI from the portal's own static files, under
the portal's Content Security Policy (the `page` fixture fails on any error or CSP violation), and a
request made from it reaches the API."""

import pytest

from tests import builders

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_documentation_lists_every_endpoint_and_tries_one(page, live_server):
    builders.output("Light rail note", themes=[builders.theme("Compact cities")])
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs/")
    page.get_by_text("CPP Knowledge Portal API").first.wait_for()
    for path in ("/api/outputs/", "/api/lessons/", "/api/cities/", "/api/deep-dives/", "/api/action-plans/"):
        assert page.locator(f"[data-path='{path}']").count() >= 1, path
    assert all(url.startswith(live_server.url) for url in requested), requested

    page.locator("#operations-outputs-outputs_list button.opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table tbody .response-col_status").first.wait_for()
    assert (
        page.locator(".live-responses-table tbody .response-col_status").first.inner_text().strip() == "200"
    )
    assert "Light rail note" in page.locator(".live-responses-table .microlight").first.inner_text()
