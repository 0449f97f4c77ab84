"""The partnership map on the home page, /cities/ and each city's page, drawn on the server as SVG."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings

from cities.land import build_land_svg, cut_at_map_edges
from cities.models import City
from cities.projection import HEIGHT, WIDTH, project
from tests import builders

pytestmark = pytest.mark.django_db

LAND_SVG = Path(settings.BASE_DIR) / "static" / "img" / "world-land.svg"


def map_of(response, map_id: str) -> str:
    found = re.search(rf'<figure class="map" id="{map_id}">(.*?)</figure>', response.content.decode(), re.S)
    return found.group(1) if found else ""


def linked_markers(svg: str) -> dict[str, dict]:
    """Each city linked on the map: its link, accessible name, shape and position."""
    markers = {}
    for attributes, body in re.findall(r'<a class="map__city[^"]*"([^>]*)>(.*?)</a>', svg, re.S):
        href = re.search(r'href="([^"]*)"', attributes).group(1)
        label = html.unescape(re.search(r'aria-label="([^"]*)"', attributes).group(1))
        name = html.unescape(re.search(r'<text class="map__label"[^>]*>(.*?)</text>', body).group(1))
        if "<rect" in body:
            x, y, size = (float(re.search(rf'{a}="([\d.]+)"', body).group(1)) for a in ("x", "y", "width"))
            centre, shape = (x + size / 2, y + size / 2), "square"
        else:
            centre, shape = (
                (float(re.search(rf'{a}="([\d.]+)"', body).group(1)) for a in ("cx", "cy")),
                "circle",
            )
            centre = tuple(centre)
        markers[name] = {
            "href": href,
            "label": label,
            "shape": shape,
            "centre": centre,
            "current": 'aria-current="page"' in attributes,
        }
    return markers


def split_inset(svg: str) -> tuple[str, str]:
    """(the inset, the rest of the map)."""
    before, _, after = svg.partition('<g class="map__inset">')
    inset, _, rest = after.partition("</g>")
    return inset, before + rest


def flow_lines(svg: str) -> list[str]:
    return re.findall(r'<path class="map__flow" d="([^"]*)"', svg)


def flows_listed(response) -> list[str]:
    items = re.findall(r'<ul class="plain-list flows">(.*?)</ul>', response.content.decode(), re.S)
    entries = re.findall(r"<li>(.*?)</li>", items[0], re.S) if items else []
    entries = [re.sub(r"</?a\b[^>]*>", "", entry) for entry in entries]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", entry)).split()) for entry in entries]


@pytest.fixture
def partnership():
    toyama = builders.city("Toyama", latitude="36.69583", longitude="137.21361")
    yokohama = builders.city("Yokohama", latitude="35.44361", longitude="139.63806")
    kobe = builders.city("Kobe", latitude="34.69000", longitude="135.19556")
    narayanganj = builders.city("Narayanganj", role=City.Role.CLIENT, latitude="23.62333", longitude="90.5")
    lima = builders.city(
        "Lima", role=City.Role.CLIENT, country="Peru", latitude="-12.04639", longitude="-77.04278"
    )
    nowhere = builders.city("Unmapped Town", role=City.Role.CLIENT)
    compact = builders.deep_dive("Technical Deep Dive on Compact Cities", hosts=[toyama])
    smart = builders.deep_dive("Technical Deep Dive on Smart Cities", hosts=[yokohama])
    builders.participation(compact, narayanganj)
    builders.participation(compact, nowhere)
    builders.participation(smart, lima)
    builders.participation(smart, narayanganj)
    return {"toyama": toyama, "yokohama": yokohama, "kobe": kobe, "narayanganj": narayanganj, "lima": lima}


def test_the_cities_page_maps_every_city_with_a_link_a_name_and_a_shape_for_its_role(client, partnership):
    response = client.get("/cities/?role=partner")

    markers = linked_markers(map_of(response, "cities-map"))
    assert set(markers) == {"Toyama", "Yokohama", "Kobe", "Narayanganj", "Lima"}
    assert markers["Toyama"]["href"] == "/cities/toyama/"
    assert markers["Toyama"]["label"] == "Toyama, Japan: partner city"
    assert markers["Lima"]["label"] == "Lima, Peru: client city"
    # Partner and client cities differ by shape, not only by colour.
    assert {name: marker["shape"] for name, marker in markers.items()} == {
        "Toyama": "square",
        "Yokohama": "square",
        "Kobe": "square",
        "Narayanganj": "circle",
        "Lima": "circle",
    }


def test_cities_sit_where_the_projection_puts_them(client, partnership):
    svg = map_of(client.get("/cities/"), "cities-map")
    markers = linked_markers(split_inset(svg)[1])
    toyama = project(137.21361, 36.69583)

    assert markers["Lima"]["centre"] == pytest.approx(project(-77.04278, -12.04639), abs=0.1)
    assert markers["Narayanganj"]["centre"] == pytest.approx(project(90.5, 23.62333), abs=0.1)
    assert f'x="{toyama[0] - 2.7:.1f}" y="{toyama[1] - 2.7:.1f}"' in svg  # its dot, 5.4 units across
    # Centred on the Pacific: Asia west of Japan, the Americas east of it across the ocean.
    assert markers["Narayanganj"]["centre"][0] < toyama[0] < markers["Lima"]["centre"][0]
    assert toyama[1] < markers["Narayanganj"]["centre"][1] < markers["Lima"]["centre"][1]
    for marker in markers.values():
        assert 0 < marker["centre"][0] < WIDTH and 0 < marker["centre"][1] < HEIGHT


def test_learning_flows_run_from_each_host_to_the_client_cities_of_its_deep_dives(client, partnership):
    response = client.get("/cities/")

    svg = map_of(response, "cities-map")
    # Four flows, three of them on the map: Unmapped Town has no location.
    assert len(flow_lines(svg)) == 3
    assert all('marker-end="url(#cities-map-arrow)"' in svg for _ in flow_lines(svg))
    toyama = project(137.21361, 36.69583)
    assert any(line.startswith(f"M{toyama[0]:.1f} {toyama[1]:.1f}") for line in flow_lines(svg))
    assert flows_listed(response) == [
        "From Toyama to Narayanganj Deep dive: Technical Deep Dive on Compact Cities",
        "From Toyama to Unmapped Town Deep dive: Technical Deep Dive on Compact Cities",
        "From Yokohama to Lima Deep dive: Technical Deep Dive on Smart Cities",
        "From Yokohama to Narayanganj Deep dive: Technical Deep Dive on Smart Cities",
    ]


def test_a_city_without_a_location_is_listed_beside_the_map_not_on_it(client, partnership):
    response = client.get("/cities/")

    assert "Unmapped Town" not in linked_markers(map_of(response, "cities-map"))
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    assert "Not on the map, as their location is not recorded: Unmapped Town" in text


def test_clustered_partner_cities_are_linked_once_in_an_enlarged_inset(client, partnership):
    svg = map_of(client.get("/cities/"), "cities-map")

    assert '<g class="map__inset">' in svg
    inset, world = split_inset(svg)
    assert set(linked_markers(inset)) == {"Toyama", "Yokohama", "Kobe"}
    # On the world itself they are small dots, not links, so each city is one stop for the keyboard.
    assert set(linked_markers(world)) == {"Narayanganj", "Lima"}
    assert world.count('class="map__partner map__dot"') == 3
    # The inset spreads them apart: Toyama and Yokohama are further apart there than on the world.
    inset_markers = linked_markers(inset)
    spread = abs(inset_markers["Toyama"]["centre"][0] - inset_markers["Yokohama"]["centre"][0])
    assert spread > 4 * abs(project(137.21361, 36.69583)[0] - project(139.63806, 35.44361)[0])


def test_partner_cities_far_apart_need_no_inset(client):
    builders.city("Toyama", latitude="36.69583", longitude="137.21361")
    builders.city("Barcelona", country="Spain", latitude="41.38", longitude="2.17")

    svg = map_of(client.get("/cities/"), "cities-map")

    assert "map__inset" not in svg
    assert set(linked_markers(svg)) == {"Toyama", "Barcelona"}


def test_the_home_page_maps_the_cities_it_lists(client, partnership):
    response = client.get("/")

    markers = linked_markers(map_of(response, "home-map"))
    assert set(markers) == {"Toyama", "Yokohama", "Kobe", "Narayanganj", "Lima"}
    assert len(flow_lines(map_of(response, "home-map"))) == 3
    assert "From Yokohama to Lima Deep dive: Technical Deep Dive on Smart Cities" in flows_listed(response)


def test_a_partner_city_page_shows_itself_and_the_client_cities_it_taught(client, partnership):
    response = client.get("/cities/toyama/")

    markers = linked_markers(map_of(response, "city-map"))
    assert set(markers) == {"Toyama", "Narayanganj"}
    assert markers["Toyama"]["current"] and not markers["Narayanganj"]["current"]
    assert len(flow_lines(map_of(response, "city-map"))) == 1
    assert flows_listed(response) == [
        "From Toyama to Narayanganj Deep dive: Technical Deep Dive on Compact Cities",
        "From Toyama to Unmapped Town Deep dive: Technical Deep Dive on Compact Cities",
    ]


def test_a_client_city_page_shows_the_partner_cities_it_learned_from(client, partnership):
    response = client.get("/cities/narayanganj/")

    assert set(linked_markers(map_of(response, "city-map"))) == {"Narayanganj", "Toyama", "Yokohama"}
    assert flows_listed(response) == [
        "From Toyama to Narayanganj Deep dive: Technical Deep Dive on Compact Cities",
        "From Yokohama to Narayanganj Deep dive: Technical Deep Dive on Smart Cities",
    ]


def test_a_city_page_says_when_there_is_no_location_or_no_exchange(client, partnership):
    unmapped = client.get("/cities/unmapped-town/")
    kobe = client.get("/cities/kobe/")

    assert map_of(unmapped, "city-map") == ""
    assert "The location of this city is not recorded, so it is not on the map." in unmapped.content.decode()
    assert set(linked_markers(map_of(kobe, "city-map"))) == {"Kobe"}
    assert "No exchange through a Technical Deep Dive is recorded for this city yet." in kobe.content.decode()


def test_the_map_fetches_nothing_from_another_site(client, partnership):
    page = client.get("/cities/").content.decode()

    svg = map_of(client.get("/cities/"), "cities-map")
    assert re.findall(r'<image href="([^"]*)"', svg) == ["/static/img/world-land.svg"] * 2
    assert "http" not in svg
    assert "tile" not in page.lower()


def test_the_land_is_drawn_from_the_vendored_natural_earth_data():
    """static/img/world-land.svg is exactly what `manage.py build_world_map` makes of the vendored data."""
    assert LAND_SVG.read_text() == build_land_svg()
    assert LAND_SVG.stat().st_size < 30_000
    licence = Path(settings.BASE_DIR) / "cities" / "geodata" / "world-atlas" / "LICENSE"
    assert "Permission to use, copy, modify" in licence.read_text()


def test_land_that_crosses_the_map_edge_is_cut_into_a_piece_on_each_side():
    # A square of land from 40° to 20° west: the map's edge, at 30° west, runs through it.
    square = [(-40.0, 60.0), (-20.0, 60.0), (-20.0, 70.0), (-40.0, 70.0), (-40.0, 60.0)]

    pieces = cut_at_map_edges(square)

    assert len(pieces) == 2
    for piece in pieces:
        assert all(-180 <= longitude <= 180 for longitude, _ in piece)
    west, east = sorted(pieces, key=lambda piece: piece[0][0])
    # 30° west is the map's edge: 180° from its centre at 150° east, on both sides.
    assert sorted({longitude for longitude, _ in west}) == pytest.approx([-180, -170])
    assert sorted({longitude for longitude, _ in east}) == pytest.approx([170, 180])


def test_land_around_a_pole_is_left_out():
    antarctica = [(longitude, -80.0) for longitude in range(-180, 181, 30)]

    assert cut_at_map_edges(antarctica) == []


def test_two_deep_dives_between_the_same_cities_are_one_line_naming_both(client, partnership):
    again = builders.deep_dive("Follow-up deep dive in Toyama", hosts=[partnership["toyama"]])
    builders.participation(again, partnership["narayanganj"])

    response = client.get("/cities/narayanganj/")

    assert len(flow_lines(map_of(response, "city-map"))) == 2
    assert flows_listed(response) == [
        "From Toyama to Narayanganj Deep dives: Follow-up deep dive in Toyama, "
        "Technical Deep Dive on Compact Cities",
        "From Yokohama to Narayanganj Deep dive: Technical Deep Dive on Smart Cities",
    ]
