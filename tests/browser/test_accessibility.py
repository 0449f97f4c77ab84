"""Every page type, in English and Japanese, on a desktop and a phone, checked by axe-core.

axe-core is vendored in tests/vendor/axe-core (see its README); it is injected into each page and
run there. No page may have a serious or critical violation.

The script is evaluated through the DevTools protocol rather than added as a <script> element: the
portal's Content Security Policy (no inline scripts) stays in force while the pages are checked.
"""

from pathlib import Path

import pytest

from tests.browser.sample_portal import build_sample_portal, log_in, page_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SOURCE = (Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js").read_text()
WIDTHS = {"desktop": 1280, "phone": 360}


def axe_problems(page) -> list[str]:
    """The serious and critical violations axe-core finds on the page, one line per element."""
    page.evaluate(AXE_SOURCE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize(
    "page_type",
    [
        "home",
        "library",
        "library filtered",
        "output",
        "translated output",
        "lessons",
        "lesson",
        "themes",
        "theme",
        "cities",
        "partner city",
        "client city",
        "deep dives",
        "deep dive",
        "not found",
        "dashboard",
        "search",
    ],
)
def test_no_page_has_a_serious_accessibility_problem(
    browser, live_server, client, page_type, language, width
):
    portal = build_sample_portal()
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTHS[width], "height": 800})
    if page_type == "dashboard":
        log_in(context, client, live_server, portal["curator"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    path = page_paths(portal)[page_type]
    path = f"/ja{path}" if language == "ja" else path

    response = page.goto(path)

    assert response.status == (404 if page_type == "not found" else 200)
    assert page.evaluate("document.documentElement.lang") == language
    assert axe_problems(page) == []
    if width == "phone":
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide on a {widths[1]} px screen"
    assert errors == []
    context.close()


FOCUS_SEEN = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) return "outline";
  const shape = element.querySelector(".map__partner, .map__client");
  if (shape && getComputedStyle(shape).stroke === "rgb(194, 65, 12)") return "map marker outline";
  return null;
}"""
DESCRIBE = (
    "() => (document.activeElement.getAttribute('aria-label') || document.activeElement.textContent).trim()"
)


@pytest.mark.parametrize("page_type", ["home", "library", "output", "cities", "partner city", "dashboard"])
def test_every_element_reached_with_the_tab_key_shows_where_the_focus_is(
    browser, live_server, client, page_type
):
    portal = build_sample_portal()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    if page_type == "dashboard":
        log_in(context, client, live_server, portal["curator"])
    page = context.new_page()
    page.goto(page_paths(portal)[page_type])

    unseen, reached = [], []
    for _ in range(60):
        page.keyboard.press("Tab")
        name = page.evaluate(DESCRIBE)
        if page.evaluate("document.activeElement === document.body"):
            break
        reached.append(name)
        if page.evaluate(FOCUS_SEEN) is None:
            unseen.append(name)

    assert len(reached) > 10
    assert unseen == []
    context.close()


def test_the_map_cities_are_reached_with_the_keyboard_and_open_their_page(browser, live_server):
    build_sample_portal()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/cities/")

    names = []
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('map__city')"):
            names.append(page.evaluate(DESCRIBE))
        if names and names[-1].startswith("Lima"):
            break

    # The partner cities (in the inset), then the client cities, each in the order of the lists.
    assert names == [
        "Kobe, Japan: partner city",
        "Toyama, Japan: partner city",
        "Yokohama, Japan: partner city",
        "Lima, Peru: client city",
    ]
    page.keyboard.press("Enter")
    page.wait_for_url("**/cities/lima/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lima"
    context.close()


def test_the_filters_open_and_apply_from_the_keyboard_on_a_phone(browser, live_server):
    build_sample_portal()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/knowledge/")
    assert page.locator("details.filters").get_attribute("open") is None

    page.locator("details.filters > summary").focus()
    page.keyboard.press("Enter")
    theme = page.locator(".facet").filter(has_text="Theme").get_by_role("link", name="Smart Cities")
    theme.focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/knowledge/?theme=smart-cities")
    assert page.get_by_role("heading", name="3 outputs").is_visible()
    context.close()


def test_the_sort_order_moves_with_the_arrow_keys_and_applies_on_enter(browser, live_server):
    build_sample_portal()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/knowledge/")

    page.get_by_label("Sort by").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url.endswith("/knowledge/")
    assert page.get_by_label("Sort by").input_value() == "oldest"

    page.keyboard.press("Enter")
    page.wait_for_url("**/knowledge/?*sort=oldest")
    context.close()
