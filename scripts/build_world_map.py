"""Generate the offline world land outline: ``static/img/world.svg`` and, for the Leaflet
maps, ``static/data/world-land.geojson``.

Data source
-----------
Natural Earth 1:110m land polygons (public domain, https://www.naturalearthdata.com/),
as packaged in TopoJSON by the npm package ``world-atlas`` (file ``land-110m.json``).

Projection
----------
Plain equirectangular with the SVG user space equal to longitude/latitude:
``viewBox="-180 -90 360 180"``, ``x = longitude``, ``y = -latitude`` (north is up). A city
marker can therefore be drawn on top of the map at ``(lon, -lat)`` in the same viewBox.

Coordinates are rounded to 1 decimal place and consecutive duplicate points are dropped.
Each ring starts with an absolute ``M`` and continues with relative ``l`` steps computed from
the *rounded* absolute points, so no rounding error accumulates along a ring.

GeoJSON
-------
The same rounded rings as one MultiPolygon Feature in [longitude, latitude] (RFC 7946: exterior
rings counterclockwise, holes clockwise), cut at the antimeridian so that no polygon spans the
map; Antarctica, which goes all the way round, is closed along the South Pole. Leaflet projects
it itself; no tiles are needed to draw the world.

How to run
----------
The npm package is only needed when regenerating; install it outside the repository::

    mkdir -p /tmp/worldmap && cd /tmp/worldmap && npm install world-atlas@2
    python scripts/build_world_map.py \\
        /tmp/worldmap/node_modules/world-atlas/land-110m.json static/img/world.svg \\
        --geojson static/data/world-land.geojson

``scripts/vendor-frontend.sh`` does this with the version pinned in ``package-lock.json``.
Without an output SVG path the SVG is written to stdout; the sizes of the GeoJSON, raw and
gzipped, are reported on stderr. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

FILL = "#dfe6e2"
STROKE = "#b7c4bd"
STROKE_WIDTH = "0.2"

Point = tuple[int, int]  # longitude, latitude in tenths of a degree


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Return the topology's arcs as absolute (lon, lat) points.

    Quantized topologies store delta-encoded integer positions; they are accumulated and then
    scaled and translated with the topology's ``transform``.
    """
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(
    ring: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    """Stitch a ring from arc indices (``~i`` means arc ``i`` reversed)."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        # Consecutive arcs share their junction point; skip the repeated first point.
        points.extend(arc[1:] if points else arc)
    return points


def iter_polygons(geometry: dict):
    """Yield each polygon (a list of rings of arc indices) of a TopoJSON geometry."""
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        for child in geometry["geometries"]:
            yield from iter_polygons(child)
    elif kind == "Polygon":
        yield geometry["arcs"]
    elif kind == "MultiPolygon":
        yield from geometry["arcs"]


def quantize(points: list[tuple[float, float]]) -> list[Point]:
    """Round to 0.1 degree (as integer tenths), clamp to the globe, drop repeated points."""
    out: list[Point] = []
    for lon, lat in points:
        q = (
            max(-1800, min(1800, round(lon * 10))),
            max(-900, min(900, round(lat * 10))),
        )
        if not out or q != out[-1]:
            out.append(q)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()  # the path is closed with "z" instead
    return out


def split_antimeridian(ring: list[Point]) -> list[list[Point]]:
    """Cut a ring where it jumps across the antimeridian into pieces closed along +/-180.

    Natural Earth cuts its polygons at +/-180 degrees, but TopoJSON merging can stitch the two
    halves of an island (Fiji's Vanua Levu in the 110m data) back into one ring. Drawn as is,
    that ring would streak across the whole map, so each crossing gets an interpolated point on
    the map edge and every side becomes its own piece. Rings that do not cross are unchanged.
    """
    n = len(ring)
    jumps = [i for i in range(n) if abs(ring[i][0] - ring[i - 1][0]) > 1800]
    if not jumps:
        return [ring]
    pieces: list[list[Point]] = []
    for k, start in enumerate(jumps):
        end = jumps[(k + 1) % len(jumps)]
        span = (end - start) % n or n
        piece = [ring[(start + j) % n] for j in range(span)]
        before, first = ring[start - 1], ring[start]
        after, last = ring[end], ring[(end - 1) % n]
        piece.insert(0, _edge_point(first, before))
        piece.append(_edge_point(last, after))
        deduped = [p for i, p in enumerate(piece) if i == 0 or p != piece[i - 1]]
        pieces.append(deduped)
    return pieces


def _edge_point(inside: Point, outside: Point) -> Point:
    """Where the segment inside->outside meets the map edge on the side of ``inside``."""
    edge = 1800 if inside[0] > 0 else -1800
    ox = outside[0] + (3600 if edge > 0 else -3600)  # unwrap across the antimeridian
    t = 0.0 if ox == inside[0] else (edge - inside[0]) / (ox - inside[0])
    return edge, round(inside[1] + (outside[1] - inside[1]) * t)


def fmt(tenths: int) -> str:
    """Format a value in tenths of a degree compactly: 5 -> ".5", -15 -> "-1.5", 20 -> "2"."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{frac}"


def join_numbers(numbers: list[str]) -> str:
    """Join numbers with the fewest separators SVG path syntax allows."""
    out: list[str] = []
    prev = ""
    for number in numbers:
        if out and not number.startswith("-") and not (number.startswith(".") and "." in prev):
            out.append(" ")
        out.append(number)
        prev = number
    return "".join(out)


def ring_to_path(ring: list[Point]) -> str:
    """Encode a ring as ``M x y l dx dy ... z`` with y = -latitude."""
    (x0, y0), rest = ring[0], ring[1:]
    head = "M" + join_numbers([fmt(x0), fmt(-y0)])
    if not rest:
        return head + "z"
    deltas: list[str] = []
    px, py = x0, y0
    for x, y in rest:
        deltas += [fmt(x - px), fmt(-(y - py))]
        px, py = x, y
    return head + "l" + join_numbers(deltas) + "z"


def land_rings(topology: dict):
    """Yield each polygon of the topology as its rounded rings, exterior ring first."""
    arcs = decode_arcs(topology)
    for obj in topology["objects"].values():
        for polygon in iter_polygons(obj):
            yield [quantize(ring_points(ring, arcs)) for ring in polygon]


def build_svg(topology: dict) -> str:
    parts: list[str] = []
    for polygon in land_rings(topology):
        for ring in polygon:
            for piece in split_antimeridian(ring):
                if len(piece) >= 3:
                    parts.append(ring_to_path(piece))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-180 -90 360 180" '
        'preserveAspectRatio="xMidYMid meet">\n'
        f'<path fill="{FILL}" stroke="{STROKE}" stroke-width="{STROKE_WIDTH}" '
        f'stroke-linejoin="round" fill-rule="evenodd" d="{"".join(parts)}"/>\n'
        "</svg>\n"
    )


def edges(ring: list[Point]) -> list[tuple[Point, Point]]:
    """The segments of a ring, the closing one included."""
    return list(zip(ring, ring[1:] + ring[:1], strict=True))


def signed_area(ring: list[Point]) -> float:
    """Twice the planar area of a ring; positive when it runs counterclockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in edges(ring))


def contains(ring: list[Point], point: Point) -> bool:
    """Whether the point lies inside the ring (even-odd rule)."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in edges(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def geojson_ring(ring: list[Point], *, exterior: bool) -> list[list[float]]:
    """A closed GeoJSON ring in degrees, wound as RFC 7946 asks."""
    if (signed_area(ring) > 0) != exterior:
        ring = ring[::-1]
    return [[t // 10 if t % 10 == 0 else t / 10 for t in point] for point in [*ring, ring[0]]]


def close_over_pole(ring: list[Point]) -> list[Point]:
    """Route a ring that goes all the way round the globe (Antarctica) by the pole.

    Its closing edge would otherwise run from +180 to -180 straight across the map.
    """
    for i, ((x0, y0), (x1, _y1)) in enumerate(edges(ring)):
        if abs(x1 - x0) == 3600:
            pole = 900 if y0 > 0 else -900
            return ring[: i + 1] + [(x0, pole), (x1, pole)] + ring[i + 1 :]
    return ring


def geojson_polygons(polygon: list[list[Point]]) -> list[list[list[list[float]]]]:
    """One polygon's rings as GeoJSON polygons: one, or one per piece when cut at +/-180.

    A hole goes with the piece of the exterior ring that contains it.
    """
    exterior, *holes = polygon
    pieces = [close_over_pole(p) for p in split_antimeridian(exterior) if len(p) >= 3]
    hole_rings = [hole for hole in holes if len(hole) >= 3]
    polygons = []
    for piece in pieces:
        inner = [hole for hole in hole_rings if len(pieces) == 1 or contains(piece, hole[0])]
        polygons.append(
            [geojson_ring(piece, exterior=True)]
            + [geojson_ring(hole, exterior=False) for hole in inner]
        )
    return polygons


def build_geojson(topology: dict) -> str:
    coordinates = [
        geojson_polygon
        for polygon in land_rings(topology)
        for geojson_polygon in geojson_polygons(polygon)
    ]
    land = {
        "type": "Feature",
        "properties": {
            "name": "Land",
            "source": "Natural Earth 1:110m land (public domain), via the npm package world-atlas",
        },
        "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
    }
    collection = {"type": "FeatureCollection", "features": [land]}
    return json.dumps(collection, separators=(",", ":")) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=Path(argv[0]).name, description="Write the world land outline as SVG and GeoJSON."
    )
    parser.add_argument("land_json", type=Path, help="world-atlas's land-110m.json")
    parser.add_argument("output_svg", type=Path, nargs="?", help="default: stdout")
    parser.add_argument("--geojson", type=Path, metavar="OUTPUT_GEOJSON")
    args = parser.parse_args(argv[1:])
    topology = json.loads(args.land_json.read_text(encoding="utf-8"))
    svg = build_svg(topology)
    if args.output_svg:
        args.output_svg.write_text(svg, encoding="utf-8")
    else:
        sys.stdout.write(svg)
    if args.geojson:
        data = build_geojson(topology).encode()
        args.geojson.write_bytes(data)
        sys.stderr.write(
            f"{args.geojson}: {len(data):,} bytes, {len(gzip.compress(data, 9)):,} gzipped\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
