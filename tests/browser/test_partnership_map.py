"""The partnership map as a browser draws it: land, sea, markers and lines, seen in a screenshot."""

from io import BytesIO

import pytest
from PIL import Image

from cities.projection import WIDTH, project
from tests.browser.sample_portal import build_sample_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAND = (213, 222, 232)  # the fill of static/img/world-land.svg
SEA = (238, 244, 249)  # .map__sea in portal.css
PARTNER = (11, 61, 98)  # --brand
CLIENT = (184, 60, 10)


def close_to(pixel, colour, tolerance: int = 12) -> bool:
    return all(abs(channel - wanted) <= tolerance for channel, wanted in zip(pixel[:3], colour, strict=True))


@pytest.fixture
def drawn_map(browser, live_server, tmp_path):
    """A screenshot of the map on /cities/, and a function from map units to its pixels."""
    build_sample_portal()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/cities/", wait_until="networkidle")
    drawing = page.locator("#cities-map .map__drawing")
    shot = drawing.screenshot(path=str(tmp_path / "map.png"))
    box = drawing.bounding_box()
    scale = box["width"] / WIDTH
    image = Image.open(BytesIO(shot)).convert("RGB")

    def pixel(x: float, y: float):
        return image.getpixel((round(x * scale), round(y * scale)))

    yield {"page": page, "image": image, "pixel": pixel, "requests": requests, "scale": scale}
    context.close()


def test_the_land_is_drawn_and_the_sea_is_left_clear(drawn_map):
    pixel = drawn_map["pixel"]

    for place in [(134.0, -25.0), (20.0, 5.0), (100.0, 60.0), (-100.0, 45.0), (-60.0, -10.0)]:
        assert close_to(pixel(*project(*place)), LAND), f"no land at {place}: {pixel(*project(*place))}"
    for place in [(-140.0, 5.0), (75.0, -30.0), (160.0, 25.0)]:
        assert close_to(pixel(*project(*place)), SEA), f"no sea at {place}: {pixel(*project(*place))}"


def test_client_cities_are_red_circles_and_partner_cities_blue_squares_in_the_inset(drawn_map):
    page, image, scale = drawn_map["page"], drawn_map["image"], drawn_map["scale"]

    lima = project(-77.04278, -12.04639)
    assert close_to(drawn_map["pixel"](*lima), CLIENT, tolerance=30)
    toyama = page.locator('.map__inset a[href="/cities/toyama/"] rect')
    drawing_box = page.locator("#cities-map .map__drawing").bounding_box()
    marker_box = toyama.bounding_box()
    centre = (
        round(marker_box["x"] - drawing_box["x"] + marker_box["width"] / 2),
        round(marker_box["y"] - drawing_box["y"] + marker_box["height"] / 2),
    )
    assert close_to(image.getpixel(centre), PARTNER, tolerance=30)
    # A square: its corner is as dark as its centre (a circle's corner would show the land behind it).
    corner = (centre[0] - round(marker_box["width"] * 0.3), centre[1] - round(marker_box["height"] * 0.3))
    assert close_to(image.getpixel(corner), PARTNER, tolerance=30)
    assert marker_box["width"] > 4 * scale


def test_the_learning_flows_are_drawn_as_lines(drawn_map):
    page = drawn_map["page"]

    lines = page.locator("#cities-map path.map__flow")
    assert lines.count() == 2
    for index in range(2):
        box = lines.nth(index).bounding_box()
        assert box["width"] > 50


def test_nothing_is_fetched_from_another_site(drawn_map, live_server):
    assert drawn_map["requests"]
    assert all(url.startswith(live_server.url) for url in drawn_map["requests"]), drawn_map["requests"]
    assert any(url.endswith("/static/img/world-land.svg") for url in drawn_map["requests"])


def test_clicking_a_city_on_the_map_opens_its_page(drawn_map):
    page = drawn_map["page"]

    page.locator('#cities-map a[href="/cities/narayanganj/"]').click()

    page.wait_for_url("**/cities/narayanganj/")
    assert page.get_by_role("heading", level=1).inner_text() == "Narayanganj"
    # Its own page shows it, marked as the current city, with the partner city it learned from.
    current = page.locator('#city-map a[aria-current="page"]')
    assert current.get_attribute("aria-label") == "Narayanganj, Bangladesh: client city"
    assert page.locator("#city-map a.map__city").count() == 2
