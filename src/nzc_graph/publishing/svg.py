"""A small SVG picture of a resource's neighbourhood in the graph, drawn in Python (no JS, no CDN).

The resource sits in the middle; its neighbours sit on an ellipse around it, each joined by a
line labelled with the property, an arrow showing the direction. Every text is XML-escaped, and
the picture carries a title and a description for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH, HEIGHT = 720, 440
CX, CY, RX, RY = WIDTH / 2, HEIGHT / 2, 270, 165
MAX_NEIGHBOURS = 16
# Fill colours by the kind segment of an IRI (`id/{kind}/…`); anything else is grey.
COLOURS: dict[str, str] = {
    "city": "#1b6ca8",
    "practice": "#2e7d32",
    "practice-kind": "#558b2f",
    "challenge": "#c62828",
    "challenge-statement": "#ad1457",
    "theme": "#6a1b9a",
    "session": "#ef6c00",
    "organisation": "#4e342e",
    "country": "#00838f",
    "peer-link": "#283593",
    "status": "#827717",
    "role": "#37474f",
}


@dataclass(frozen=True)
class Edge:
    """One link between the resource and a neighbour."""

    property_label: str
    neighbour_iri: str
    neighbour_label: str
    incoming: bool


def _colour(iri: str) -> str:
    marker = "/id/"
    if marker in iri:
        return COLOURS.get(iri.split(marker, 1)[1].split("/", 1)[0], "#757575")
    return "#757575"


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pick_edges(edges: Sequence[Edge], limit: int = MAX_NEIGHBOURS) -> list[Edge]:
    """At most `limit` edges, one per neighbour, outgoing before incoming, keeping their order."""
    seen: set[str] = set()
    chosen: list[Edge] = []
    for edge in sorted(edges, key=lambda e: e.incoming):
        if edge.neighbour_iri not in seen:
            seen.add(edge.neighbour_iri)
            chosen.append(edge)
    return chosen[:limit]


def _node(x: float, y: float, label: str, href: str, colour: str, radius: float) -> str:
    anchor = "middle"
    ty = y + radius + 14 if y >= CY else y - radius - 6
    return (
        f"<a href={quoteattr(href)}><title>{escape(label)}</title>"
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}"/>'
        f'<text x="{x:.1f}" y="{ty:.1f}" text-anchor="{anchor}" class="nb-label">{escape(_short(label))}</text></a>'
    )


def _edge(x: float, y: float, edge: Edge) -> str:
    x1, y1, x2, y2 = (x, y, CX, CY) if edge.incoming else (CX, CY, x, y)
    # stop the arrow at the rim of the target circle
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    rim = 24 if edge.incoming else 10
    x2, y2 = x2 - dx / length * rim, y2 - dy / length * rim
    mx, my = (x + CX) / 2, (y + CY) / 2
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="nb-edge" '
        f'marker-end="url(#nb-arrow)"/>'
        f'<text x="{mx:.1f}" y="{my - 3:.1f}" text-anchor="middle" class="nb-prop">'
        f"{escape(_short(edge.property_label, 22))}</text>"
    )


def neighbourhood_svg(iri: str, label: str, edges: Sequence[Edge], href: Callable[[str], str]) -> str:
    """An inline SVG of `iri` and up to MAX_NEIGHBOURS neighbours; `href` maps an IRI to a link."""
    shown = pick_edges(edges)
    total = len({e.neighbour_iri for e in edges})
    summary = "; ".join(f"{'←' if e.incoming else '→'} {e.property_label}: {e.neighbour_label}" for e in shown)
    desc = f"{label} and {len(shown)} of its {total} neighbours. {summary}"
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="neighbourhood" '
            'role="group" aria-labelledby="nb-title" aria-describedby="nb-desc">'
        ),
        f'<title id="nb-title">Neighbourhood of {escape(label)} in the graph</title>',
        f'<desc id="nb-desc">{escape(desc)}</desc>',
        (
            '<defs><marker id="nb-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="nb-arrowhead"/></marker></defs>'
        ),
    ]
    points = []
    for i, edge in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(shown), 1)
        points.append((CX + RX * math.cos(angle), CY + RY * math.sin(angle), edge))
    parts += [_edge(x, y, e) for x, y, e in points]
    parts += [_node(x, y, e.neighbour_label, href(e.neighbour_iri), _colour(e.neighbour_iri), 8) for x, y, e in points]
    parts.append(
        f'<circle cx="{CX}" cy="{CY}" r="22" fill="{_colour(iri)}" class="nb-centre"/>'
        f'<text x="{CX}" y="{CY + 40}" text-anchor="middle" class="nb-centre-label">{escape(_short(label, 40))}</text>'
    )
    if total > len(shown):
        parts.append(
            f'<text x="{WIDTH - 8}" y="{HEIGHT - 8}" text-anchor="end" class="nb-more">'
            f"+{total - len(shown)} more (see the statements below)</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
