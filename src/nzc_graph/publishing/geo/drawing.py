"""The map of the cities as server-rendered SVG: the base map, and one dot per located city,
coloured by programme role or by cohort, each a link to the city's page with a tooltip naming
the city, its roles and cohorts. Every text is XML-escaped.

The colour is a CSS class (`role-pilot-city`, …, `tone-1`, …, `*-none`) whose colours live in
`api/static/overview.css` with the network's, so the map, its legend and the network agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args
from xml.sax.saxutils import escape, quoteattr

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.namespaces import slug
from nzc_graph.publishing.geo.basemap import BaseMap
from nzc_graph.publishing.geo.locations import CityLocation
from nzc_graph.publishing.overview import role_order

ColourBy = Literal["role", "cohort"]
COLOUR_LABELS: dict[ColourBy, str] = {"role": "programme role", "cohort": "cohort"}
DOT_R = 5.5
NO_ROLE, NO_COHORT = "no programme role recorded", "in no cohort"


@dataclass(frozen=True)
class MapNode:
    city: CityLocation
    x: float
    y: float
    colour: str
    """CSS class of its colour."""


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class CityMap:
    colour_by: ColourBy
    base: BaseMap
    nodes: tuple[MapNode, ...]
    legend: tuple[LegendEntry, ...]
    not_located: tuple[CityLocation, ...]
    """Cities without coordinates in the graph: listed, not drawn."""
    outside: tuple[CityLocation, ...]
    """Located cities beyond the edge of the map (none today): listed, not drawn."""


def read_colour(raw: str) -> ColourBy:
    """`role` (also for ''), or `cohort`; anything else is an InvalidQueryParameter."""
    value = raw.strip() or "role"
    for choice in COLOUR_LABELS:
        if value == choice:
            return choice
    raise InvalidQueryParameter(f"colour must be one of {', '.join(get_args(ColourBy))}; got {raw!r}")


def _palette(cities: Sequence[CityLocation], colour_by: ColourBy) -> dict[str, tuple[str, str]]:
    """City IRI → (colour class, legend label), in the legend's order: roles by precedence or
    cohorts by number, then the cities with none."""
    if colour_by == "role":
        first = [(c, c.roles[0] if c.roles else None) for c in cities]
        order = sorted({o for _, o in first if o is not None}, key=lambda o: role_order(o.iri))
        classes = {o.iri: f"role-{slug(o.iri)}" for o in order}
        none = ("role-none", NO_ROLE)
    else:
        first = [(c, c.cohorts[0] if c.cohorts else None) for c in cities]
        order = sorted({o for _, o in first if o is not None}, key=lambda o: (int(o.group or 0), o.iri))
        classes = {o.iri: f"tone-{i}" for i, o in enumerate(order, 1)}
        none = ("tone-none", NO_COHORT)
    rank = {o.iri: i for i, o in enumerate(order)}
    ranked = sorted(first, key=lambda pair: rank[pair[1].iri] if pair[1] else len(rank))
    return {c.iri: (classes[o.iri], o.label) if o else none for c, o in ranked}


def build_city_map(locations: Sequence[CityLocation], base: BaseMap, colour_by: ColourBy) -> CityMap:
    """Place the located cities in the base map's frame and count the legend."""
    located = [c for c in locations if c.located]
    colours = _palette(located, colour_by)
    nodes, outside = [], []
    for city in located:
        x, y = base.frame.point(city.long or 0.0, city.lat or 0.0)
        if base.frame.inside(x, y):
            nodes.append(MapNode(city, x, y, colours[city.iri][0]))
        else:
            outside.append(city)
    counts = Counter(colours[n.city.iri] for n in nodes)
    in_order = dict.fromkeys(colours.values())  # the palette's order, each entry once
    return CityMap(
        colour_by,
        base,
        tuple(nodes),
        tuple(
            LegendEntry(colour, label, counts[(colour, label)]) for colour, label in in_order if counts[(colour, label)]
        ),
        tuple(c for c in locations if not c.located),
        tuple(outside),
    )


def describe(city: CityLocation) -> str:
    """The tooltip of a city's dot: `Aachen (Germany) — Pilot City, Mission City; cohort 2`."""
    country = f" ({city.country.label})" if city.country and city.country.label else ""
    roles = ", ".join(r.label for r in city.roles) or NO_ROLE
    cohorts = ", ".join(o.label for o in city.cohorts) or NO_COHORT
    return f"{city.label}{country} — {roles}; {cohorts}"


def _dot(node: MapNode, href: str) -> str:
    return (
        f'<a href={quoteattr(href)} class="map-city" data-iri={quoteattr(node.city.iri)}>'
        f"<title>{escape(describe(node.city))}</title>"
        f'<circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{DOT_R}" class="map-dot {node.colour}"/></a>'
    )


def map_svg(city_map: CityMap, page_url: Callable[[str], str]) -> str:
    """The whole map as an inline `<svg>`: sea, graticule, countries, then the dots.

    The picture under the dots is `role="img"` with its own label; the `<svg>` is a labelled
    group, so that each dot stays a link screen readers reach (named by its `<title>`) — links
    inside an image would be hidden from them."""
    frame, base = city_map.base.frame, city_map.base
    label = (
        f"Map of Europe with {len(city_map.nodes)} cities, coloured by {COLOUR_LABELS[city_map.colour_by]}: "
        + "; ".join(f"{e.label} {e.count}" for e in city_map.legend)
        + ". The same cities are listed in the table below the map."
    )
    picture = "Country outlines of Europe" if base.countries else "Lines of longitude and latitude over Europe"
    land = "".join(f"<path d={quoteattr(c.path)}/>" for c in base.countries)
    grid = "".join(f'<path d="{d}"/>' for d in base.graticule)
    dots = "".join(_dot(n, page_url(n.city.iri)) for n in city_map.nodes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="city-map" viewBox="0 0 {frame.width:g} {frame.height:g}" '
        f'role="group" aria-label={quoteattr(label)}>'
        f'<g role="img" aria-label="{picture}">'
        f'<rect class="map-sea" width="{frame.width:g}" height="{frame.height:g}"/>'
        f'<g class="map-graticule">{grid}</g><g class="map-land">{land}</g></g>'
        f'<g class="map-cities">{dots}</g></svg>'
    )
