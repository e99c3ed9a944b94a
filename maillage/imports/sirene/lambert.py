"""Lambert-93 (EPSG:2154) ↔ latitude/longitude (RGF93, which WGS 84 matches to within a metre).

The Lambert conformal conic projection with two standard parallels (Snyder, "Map Projections: A Working
Manual", USGS 1987, § 15), on the GRS 80 ellipsoid with IGN's parameters for Lambert-93. SIRENE gives
Lambert-93 metres for metropolitan France only: overseas départements use other projections.
"""

import math

# GRS 80 ellipsoid.
A = 6_378_137.0
FLATTENING = 1 / 298.257222101
E = math.sqrt(2 * FLATTENING - FLATTENING**2)
# Lambert-93: standard parallels 44° and 49°, origin 46°30' N 3° E at (700 000, 6 600 000).
PHI_1 = math.radians(44.0)
PHI_2 = math.radians(49.0)
PHI_0 = math.radians(46.5)
LAMBDA_0 = math.radians(3.0)
X_0 = 700_000.0
Y_0 = 6_600_000.0

# Where Lambert-93 applies: metropolitan France and Corsica, with a margin for the sea.
METROPOLITAN_BOUNDS = {"latitude": (41.0, 51.6), "longitude": (-5.8, 10.0)}


def _m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (E * math.sin(phi)) ** 2)


def _t(phi: float) -> float:
    sin_phi = E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - sin_phi) / (1 + sin_phi)) ** (E / 2)


N = (math.log(_m(PHI_1)) - math.log(_m(PHI_2))) / (math.log(_t(PHI_1)) - math.log(_t(PHI_2)))
F = _m(PHI_1) / (N * _t(PHI_1) ** N)
RHO_0 = A * F * _t(PHI_0) ** N


def to_lambert93(latitude: float, longitude: float) -> tuple[float, float]:
    """Return the Lambert-93 (x, y) in metres of a point given in degrees."""
    rho = A * F * _t(math.radians(latitude)) ** N
    theta = N * (math.radians(longitude) - LAMBDA_0)
    return X_0 + rho * math.sin(theta), Y_0 + RHO_0 - rho * math.cos(theta)


def from_lambert93(x: float, y: float) -> tuple[float, float]:
    """Return the (latitude, longitude) in degrees of a Lambert-93 point given in metres."""
    dx = x - X_0
    dy = RHO_0 - (y - Y_0)
    rho = math.copysign(math.hypot(dx, dy), N)
    t = (rho / (A * F)) ** (1 / N)
    theta = math.atan2(dx, dy)
    phi = math.pi / 2 - 2 * math.atan(t)
    # The latitude is the fixed point of this map; it converges to 1e-12 rad in a handful of rounds.
    for _ in range(10):
        sin_phi = E * math.sin(phi)
        following = math.pi / 2 - 2 * math.atan(t * ((1 - sin_phi) / (1 + sin_phi)) ** (E / 2))
        if abs(following - phi) < 1e-12:
            phi = following
            break
        phi = following
    return math.degrees(phi), math.degrees(theta / N + LAMBDA_0)


def is_metropolitan(latitude: float, longitude: float) -> bool:
    """Tell whether a point lies where Lambert-93 is meant to be used."""
    low_lat, high_lat = METROPOLITAN_BOUNDS["latitude"]
    low_lon, high_lon = METROPOLITAN_BOUNDS["longitude"]
    return low_lat <= latitude <= high_lat and low_lon <= longitude <= high_lon
