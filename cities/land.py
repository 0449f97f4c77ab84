"""The land outline of the world map, drawn once from Natural Earth data into a static SVG file.

The data is the `land-110m.json` TopoJSON of the `world-atlas` npm package (Natural Earth's 1:110m
land, public domain), vendored in cities/geodata/world-atlas/. `manage.py build_world_map` runs this
and writes static/img/world-land.svg, which every map page shows as its background image: the browser
caches it once, and the pages themselves carry only their markers and lines.
"""

import json
import math
from collections.abc import Iterable
from pathlib import Path

from cities.projection import HEIGHT, NORTH, SOUTH, WIDTH, project_rotated, rotated

WORLD_ATLAS = Path(__file__).resolve().parent / "geodata" / "world-atlas" / "land-110m.json"

Point = tuple[float, float]
Ring = list[Point]

# In map units (the map is WIDTH wide): details finer than this are not worth their bytes.
TOLERANCE = 0.35
SMALLEST_ISLAND = 1.5  # square map units


def land_rings(topology: dict) -> list[Ring]:
    """Every ring (outer edge or hole) of the land, as (longitude, latitude) points."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)

    rings = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring_arcs in polygon:
                ring: Ring = []
                for index in ring_arcs:
                    arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                    ring.extend(arc[1:] if ring else arc)
                rings.append(ring)
    return rings


def cut_at_map_edges(ring: Ring) -> list[Ring]:
    """The ring in longitudes relative to the map's centre, cut where it crosses the map's edges.

    A ring that crosses the edge (Greenland) becomes one piece on each side. Rings that wind round a
    pole (Antarctica) are dropped: the map does not reach that far south.
    """
    unwrapped = [(rotated(ring[0][0]), ring[0][1])]
    for longitude, latitude in ring[1:]:
        previous = unwrapped[-1][0]
        step = (rotated(longitude) - previous + 180) % 360 - 180
        unwrapped.append((previous + step, latitude))
    if abs(unwrapped[-1][0] - unwrapped[0][0]) > 180:
        return []
    pieces = []
    for shift in (-360, 0, 360):
        shifted = [(longitude + shift, latitude) for longitude, latitude in unwrapped]
        piece = _clip(_clip(shifted, lambda p: p[0] <= 180, 180), lambda p: p[0] >= -180, -180)
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces


def _clip(ring: Ring, inside, edge: float) -> Ring:
    """Sutherland–Hodgman: the part of the ring on the inside of the meridian `edge`."""
    clipped: Ring = []
    for index, current in enumerate(ring):
        previous = ring[index - 1]
        if inside(current):
            if not inside(previous):
                clipped.append(_crossing(previous, current, edge))
            clipped.append(current)
        elif inside(previous):
            clipped.append(_crossing(previous, current, edge))
    return clipped


def _crossing(start: Point, end: Point, edge: float) -> Point:
    share = (edge - start[0]) / (end[0] - start[0])
    return edge, start[1] + share * (end[1] - start[1])


def simplified(points: Ring, tolerance: float) -> Ring:
    """Ramer–Douglas–Peucker: drop the points that lie within `tolerance` of the line kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            x, y = points[index]
            if length:
                away = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            else:
                away = math.hypot(x - x1, y - y1)
            if away > distance:
                farthest, distance = index, away
        if farthest is not None:
            keep[farthest] = True
            stack.extend([(first, farthest), (farthest, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _area(points: Ring) -> float:
    following = points[1:] + points[:1]
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, following, strict=True))) / 2


def path_data(rings: Iterable[Ring]) -> str:
    """SVG path data to a tenth of a map unit: each ring as a move, then relative steps, then close."""
    parts = []
    for ring in rings:
        points = [(round(x * 10), round(y * 10)) for x, y in ring]
        points = [point for index, point in enumerate(points) if index == 0 or point != points[index - 1]]
        if len(points) < 3:
            continue
        steps = [
            value
            for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False)
            for value in (xb - xa, yb - ya)
        ]
        parts.append(f"M{_numbers(points[0])}l{_numbers(steps)}z")
    return "".join(parts)


def _numbers(tenths: Iterable[int]) -> str:
    """Numbers of tenths written as briefly as SVG reads them: [12, -5, 3, 30] → "1.2-.5.3 3"."""
    text = ""
    for value in tenths:
        number = f"{value / 10:g}".replace("0.", ".", 1) if abs(value) < 10 else f"{value / 10:g}"
        last = text.rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
        joins_without_space = number.startswith("-") or (number.startswith(".") and "." in last)
        text += number if not text or joins_without_space else f" {number}"
    return text


def land_svg(topology: dict) -> str:
    """The land of the world, projected, cropped to the map's latitudes and simplified, as SVG."""
    rings = []
    for ring in land_rings(topology):
        for piece in cut_at_map_edges(ring):
            latitudes = [latitude for _, latitude in piece]
            if max(latitudes) < SOUTH or min(latitudes) > NORTH:
                continue
            projected = simplified([project_rotated(*point) for point in piece], TOLERANCE)
            if _area(projected) >= SMALLEST_ISLAND:
                rings.append(projected)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH:g} {HEIGHT:g}" width="{WIDTH:g}" height="{HEIGHT:g}">'
        "<!-- Land: Natural Earth 1:110m (public domain), from the world-atlas npm package "
        "(ISC licence, see cities/geodata/world-atlas). Made by `manage.py build_world_map`. -->"
        '<path fill="#d5dee8" stroke="#aebccb" stroke-width=".6" fill-rule="evenodd" '
        f'd="{path_data(rings)}"/>'
        "</svg>\n"
    )


def build_land_svg(source: Path = WORLD_ATLAS) -> str:
    return land_svg(json.loads(source.read_text()))
