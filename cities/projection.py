"""Where a place on Earth falls on the portal's world map.

The Equal Earth projection (Šavrič, Patterson and Jenny, 2018: equal-area, with a familiar shape),
centred on the Pacific so that the lines from Japan to client cities in Asia and Africa run west and
those to the Americas cross the Pacific, as the journeys do. The map is cropped to the inhabited
latitudes: Antarctica and the far Arctic are left out.

Coordinates are in map units: x from 0 (west edge) to WIDTH, y from 0 (north edge) to HEIGHT.
"""

import math

CENTRAL_MERIDIAN = 150.0  # degrees east: the map's middle; its edges are at 30° west
NORTH = 84.0
SOUTH = -57.0
WIDTH = 1000.0

# Equal Earth's polynomial coefficients.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(longitude: float, latitude: float) -> tuple[float, float]:
    """Equal Earth on the unit sphere: longitude and latitude in degrees, y growing northwards."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


_HALF_WIDTH = equal_earth(180, 0)[0]
SCALE = WIDTH / (2 * _HALF_WIDTH)
_TOP = equal_earth(0, NORTH)[1]
HEIGHT = round((_TOP - equal_earth(0, SOUTH)[1]) * SCALE, 1)


def rotated(longitude: float) -> float:
    """The longitude relative to the map's central meridian, from -180 up to 180."""
    return (longitude - CENTRAL_MERIDIAN + 180) % 360 - 180


def project_rotated(longitude: float, latitude: float) -> tuple[float, float]:
    """Map units for a longitude already relative to the central meridian (see `rotated`)."""
    x, y = equal_earth(longitude, latitude)
    return (x + _HALF_WIDTH) * SCALE, (_TOP - y) * SCALE


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Map units (x east, y south from the top left corner) of a place given in degrees."""
    return project_rotated(rotated(longitude), latitude)
