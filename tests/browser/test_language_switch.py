"""The footer's language switcher on a phone: Japanese and back, on the same page with its filters."""

import pytest

from tests.browser.sample_portal import build_sample_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILTERED = "/knowledge/?theme=compact-cities&sort=title"


def choose_language(page, name: str, button: str) -> None:
    switcher = page.locator("form.language-switcher")
    switcher.locator("select").select_option(label=name)
    switcher.get_by_role("button", name=button).click()


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_a_visitor_switches_to_japanese_and_back_without_leaving_the_page(browser, live_server):
    build_sample_portal()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(FILTERED)

    choose_language(page, "日本語", "Change")

    page.wait_for_url(f"**/ja{FILTERED}")
    assert page.get_by_role("heading", level=1).inner_text() == "ナレッジライブラリー"
    assert page.get_by_label("並べ替え").input_value() == "title"
    assert "テーマ: Compact Cities" in page.locator(".chips").inner_text()
    assert not scrolls_sideways(page)

    choose_language(page, "English", "変更")

    page.wait_for_url(f"{live_server.url}{FILTERED}")
    assert page.get_by_role("heading", level=1).inner_text() == "Knowledge library"
    assert page.evaluate("document.documentElement.lang") == "en"
    context.close()
