"""The partnership map: partner and client cities on the world map, and the learning flows between them.

The land is a static image drawn once (cities/land.py); what changes with the data, the cities and the
lines, is placed here for each page and drawn by templates/includes/partnership_map.html. Partner
cities are squares and client cities circles, so they differ by shape as well as by colour.

Partner cities sit close together in Japan: when they cluster, they are drawn (and linked) in an
enlarged inset in an empty part of the Pacific, and only small dots mark them on the world itself.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from cities.models import City
from cities.projection import HEIGHT, WIDTH, project

MARKER_SIZE = 9.0  # map units across a marker
LABEL_SIZE = 15.0  # map units: the font size of a city's name
CLUSTER_SPAN = 60.0  # partner cities within this many map units of each other go into the inset
INSET_MARGIN = 9.0
# Where the inset may go, in map units (left, top, width, height): empty ocean, tried in turn.
INSET_PLACES = [(600.0, 282.0, 220.0, 140.0), (560.0, 150.0, 220.0, 140.0), (10.0, 300.0, 150.0, 120.0)]


@dataclass
class Marker:
    city: City
    x: float
    y: float
    is_current: bool = False
    # False for the small dot of a city drawn again, linked, in the inset.
    is_linked: bool = True
    label_x: float = 0
    label_y: float = 0
    label_anchor: str = "start"

    @property
    def is_partner(self) -> bool:
        return self.city.role == City.Role.PARTNER

    @property
    def size(self) -> float:
        return MARKER_SIZE * (1.6 if self.is_current else 1) * (1 if self.is_linked else 0.6)

    @property
    def half(self) -> float:
        return self.size / 2

    @property
    def corner_x(self) -> float:
        return round(self.x - self.half, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - self.half, 1)


@dataclass(frozen=True)
class DeepDiveLink:
    title: str
    url: str


@dataclass
class Flow:
    host: City
    client: City
    deep_dives: list[DeepDiveLink] = field(default_factory=list)
    path: str = ""


@dataclass(frozen=True)
class Inset:
    """An enlarged view of `region` (x, y, width, height of the world) drawn at `place`."""

    region: tuple[float, float, float, float]
    place: tuple[float, float, float, float]
    markers: list[Marker]

    @property
    def view_box(self) -> str:
        return " ".join(f"{value:g}" for value in self.region)

    @property
    def leader(self) -> tuple[float, float, float, float]:
        """A line from the corner of the region nearest the inset to the inset."""
        rx, ry, rw, rh = self.region
        px, py, pw, ph = self.place
        start_x = rx + rw if px > rx else rx
        start_y = ry + rh if py > ry else ry
        end_x = px if px > rx else px + pw
        return round(start_x, 1), round(start_y, 1), round(end_x, 1), round(py, 1)


@dataclass
class PartnershipMap:
    markers: list[Marker]
    flows: list[Flow]
    inset: Inset | None
    # Cities with no recorded location: listed beside the map, not on it.
    unplaced: list[City]
    width: float = WIDTH
    height: float = HEIGHT

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    @property
    def world_markers(self) -> list[Marker]:
        """Markers on the world itself, the current city last so that it is drawn on top."""
        return sorted(self.markers, key=lambda marker: marker.is_current)


def partnership_map(
    cities: Iterable[City], flows: list[Flow], *, current: City | None = None
) -> PartnershipMap:
    """The map of `cities` (those with a location) and the `flows` between them."""
    cities = list(cities)
    markers = [
        Marker(city, *project(float(city.longitude), float(city.latitude)), is_current=city == current)
        for city in cities
        if city.has_location
    ]
    by_city = {marker.city.pk: marker for marker in markers}
    flows = [flow for flow in flows if flow.host.pk in by_city and flow.client.pk in by_city]
    for flow in flows:
        flow.path = _curve(by_city[flow.host.pk], by_city[flow.client.pk])
    inset = _inset([marker for marker in markers if marker.is_partner], markers)
    if inset:
        for marker in markers:
            if marker.city.pk in {inset_marker.city.pk for inset_marker in inset.markers}:
                marker.is_linked = False
    _place_labels([marker for marker in markers if marker.is_linked], bounds=(0, 0, WIDTH, HEIGHT))
    unplaced = [city for city in cities if not city.has_location]
    return PartnershipMap(markers, flows, inset, unplaced)


def _curve(start: Marker, end: Marker) -> str:
    """A gentle arc from `start` to `end`, bowed to the north, ending short of the marker."""
    dx, dy = end.x - start.x, end.y - start.y
    length = (dx * dx + dy * dy) ** 0.5 or 1
    normal_x, normal_y = -dy / length, dx / length
    if normal_y > 0:
        normal_x, normal_y = -normal_x, -normal_y
    bend = min(length * 0.2, 60)
    control_x = (start.x + end.x) / 2 + normal_x * bend
    control_y = (start.y + end.y) / 2 + normal_y * bend
    # Stop the line at the edge of the end marker, so the arrowhead points at it.
    back_x, back_y = end.x - control_x, end.y - control_y
    back = (back_x * back_x + back_y * back_y) ** 0.5 or 1
    stop_x = end.x - back_x / back * (end.half + 1.5)
    stop_y = end.y - back_y / back * (end.half + 1.5)
    return f"M{start.x:.1f} {start.y:.1f}Q{control_x:.1f} {control_y:.1f} {stop_x:.1f} {stop_y:.1f}"


def _inset(partners: list[Marker], everyone: list[Marker]) -> Inset | None:
    """An enlarged view of the partner cities if they are clustered, placed where nothing else is."""
    if len(partners) < 2:
        return None
    xs, ys = [marker.x for marker in partners], [marker.y for marker in partners]
    if max(xs) - min(xs) > CLUSTER_SPAN or max(ys) - min(ys) > CLUSTER_SPAN:
        return None
    for place in INSET_PLACES:
        if any(_inside(marker, place) for marker in everyone):
            continue
        left, top, width, height = place
        # The region around the cluster, with the inset's proportions.
        region_width = max(
            max(xs) - min(xs) + 2 * INSET_MARGIN, (max(ys) - min(ys) + 2 * INSET_MARGIN) * width / height
        )
        region_height = region_width * height / width
        centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        region = (
            round(centre_x - region_width / 2, 1),
            round(centre_y - region_height / 2, 1),
            round(region_width, 1),
            round(region_height, 1),
        )
        zoom = width / region[2]
        markers = [
            Marker(
                marker.city,
                round(left + (marker.x - region[0]) * zoom, 1),
                round(top + (marker.y - region[1]) * zoom, 1),
                is_current=marker.is_current,
            )
            for marker in partners
        ]
        _place_labels(markers, bounds=place)
        return Inset(region, place, markers)
    return None


def _inside(marker: Marker, box: tuple[float, float, float, float]) -> bool:
    left, top, width, height = box
    return left - 10 <= marker.x <= left + width + 10 and top - 10 <= marker.y <= top + height + 10


def _label_box(marker: Marker, anchor: str, dx: float, dy: float) -> tuple[float, float, float, float]:
    width = len(marker.city.name) * LABEL_SIZE * 0.56
    x = marker.x + dx
    left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return left, marker.y + dy - LABEL_SIZE * 0.8, width, LABEL_SIZE


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _place_labels(markers: list[Marker], *, bounds: tuple[float, float, float, float]) -> None:
    """Put each name beside its marker where it overlaps no other name or marker and stays in bounds.

    Right of the marker if there is room, else left, above or below; the first that fits wins.
    """
    taken = [(m.x - m.half, m.y - m.half, m.size, m.size) for m in markers]
    left, top, width, height = bounds
    for marker in sorted(markers, key=lambda m: (m.x, m.y)):
        gap = marker.half + 3
        candidates = [
            ("start", gap, LABEL_SIZE * 0.35),
            ("end", -gap, LABEL_SIZE * 0.35),
            ("middle", 0, -gap - 2),
            ("middle", 0, gap + LABEL_SIZE * 0.8),
        ]
        chosen = candidates[0]
        for anchor, dx, dy in candidates:
            box = _label_box(marker, anchor, dx, dy)
            within = left <= box[0] <= left + width - box[2] and top <= box[1] <= top + height - box[3]
            if within and not any(_overlaps(box, other) for other in taken):
                chosen = (anchor, dx, dy)
                break
        anchor, dx, dy = chosen
        taken.append(_label_box(marker, anchor, dx, dy))
        marker.label_anchor = anchor
        marker.label_x = round(marker.x + dx, 1)
        marker.label_y = round(marker.y + dy, 1)
