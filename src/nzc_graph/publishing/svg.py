"""A small SVG picture of a resource's neighbourhood in the graph, drawn in Python (no JS, no CDN).

The resource sits in the middle; its neighbours sit on an ellipse around it, each joined by a
line labelled with the property, an arrow showing the direction. Every text is XML-escaped, and
the picture carries a title and a description for screen readers.

Labels never leave the picture: a neighbour's label sits outside its dot, anchored away from the
centre (to the right of dots on the right, to the left on the left, above the top dot and below
the bottom one), and wraps onto at most two lines (`<tspan>`) that fit the room left before the
edge of the viewBox, by a deliberately generous estimate of text width (`text_width`); what does
not fit ends in "…" and the full label stays in the dot's tooltip (`<title>`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

WIDTH, HEIGHT = 860, 480
CX, CY, RX, RY = WIDTH / 2, HEIGHT / 2, 230, 165
MARGIN = 8  # kept free at every edge of the viewBox
NODE_R, CENTRE_R = 8, 22
MAX_NEIGHBOURS = 16
# Font sizes (px) of the text classes; they must agree with api/static/site.css (a test checks).
FONT_SIZES: dict[str, float] = {"nb-label": 11, "nb-prop": 9, "nb-centre-label": 14, "nb-more": 11}
BOLD = {"nb-centre-label"}
LINE_HEIGHT = 1.2  # em, between the baselines of wrapped lines
LABEL_WIDTH = 180.0  # px, the widest line of a neighbour's label
CENTRE_WIDTH = 240.0
Anchor = Literal["start", "middle", "end"]
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


# Width of a character in em, generous for the sans-serif fonts browsers fall back to (DejaVu
# Sans is among the widest), so that an estimate is an upper bound rather than an average.
_NARROW, _WIDE = set(" .,:;'!|ijlrtfI()[]-’"), set("MWmw@%&")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An upper estimate of the width of `text` in px at font size `size`."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.4
        elif ch in _WIDE:
            em += 1.0
        elif ch.isupper() or ch.isdigit():
            em += 0.75
        else:
            em += 0.64
    return em * size * (1.1 if bold else 1.0)


def _cut(text: str, room: float, size: float, bold: bool) -> str:
    """`text`, shortened with "…" until it fits in `room` px."""
    if text_width(text, size, bold) <= room:
        return text
    while text and text_width(text.rstrip() + "…", size, bold) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, room: float, size: float, bold: bool = False, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines of at most `room` px each, by words; the last line ends in
    "…" when the text does not fit, and a word longer than a line is cut."""
    words, out = text.split(), list[str]()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and text_width(line + " " + words[0], size, bold) <= room:
            line += " " + words.pop(0)
        if len(out) == lines - 1 and words:
            line = _cut(line + " " + " ".join(words), room, size, bold)
            words = []
        out.append(_cut(line, room, size, bold))
    return out or [""]


def _tspans(x: float, lines: list[str], size: float) -> str:
    dy = f' dy="{LINE_HEIGHT * size:.1f}"'
    return "".join(f'<tspan x="{x:.1f}"{dy if i else ""}>{escape(line)}</tspan>' for i, line in enumerate(lines))


def label_place(x: float, y: float, radius: float) -> tuple[float, float, Anchor, float]:
    """Where a neighbour's label goes: (x, baseline of line 1 for one line, anchor, room in px)."""
    side = (x - CX) / RX
    gap = radius + 5
    if abs(side) < 0.2:  # the dots at the top and the bottom: centred above or below
        room = min(LABEL_WIDTH + 30, 2 * min(x, WIDTH - x) - 2 * MARGIN)
        return x, (y - gap - 2 if y < CY else y + gap + FONT_SIZES["nb-label"]), "middle", room
    if side > 0:
        return x + gap, y + 4, "start", min(LABEL_WIDTH, WIDTH - MARGIN - x - gap)
    return x - gap, y + 4, "end", min(LABEL_WIDTH, x - gap - MARGIN)


def _label(x: float, y: float, label: str) -> str:
    size = FONT_SIZES["nb-label"]
    tx, ty, anchor, room = label_place(x, y, NODE_R)
    lines = wrap(label, room, size)
    step = LINE_HEIGHT * size * (len(lines) - 1)
    if anchor == "middle":
        ty -= step if y < CY else 0  # above the top dot the text grows upwards
    else:
        ty -= step / 2  # beside a dot the lines are centred on it
    return f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}" class="nb-label">{_tspans(tx, lines, size)}</text>'


def _node(x: float, y: float, label: str, href: str, colour: str, radius: float) -> str:
    return (
        f"<a href={quoteattr(href)}><title>{escape(label)}</title>"
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}"/>{_label(x, y, label)}</a>'
    )


def pick_edges(edges: Sequence[Edge], limit: int = MAX_NEIGHBOURS) -> list[Edge]:
    """At most `limit` edges, one per neighbour, outgoing before incoming, keeping their order."""
    seen: set[str] = set()
    chosen: list[Edge] = []
    for edge in sorted(edges, key=lambda e: e.incoming):
        if edge.neighbour_iri not in seen:
            seen.add(edge.neighbour_iri)
            chosen.append(edge)
    return chosen[:limit]


def _edge(x: float, y: float, edge: Edge) -> str:
    x1, y1, x2, y2 = (x, y, CX, CY) if edge.incoming else (CX, CY, x, y)
    # stop the arrow at the rim of the target circle
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    rim = CENTRE_R + 2 if edge.incoming else NODE_R + 2
    x2, y2 = x2 - dx / length * rim, y2 - dy / length * rim
    mx, my = (x + CX) / 2, (y + CY) / 2
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="nb-edge" '
        f'marker-end="url(#nb-arrow)"/>'
        f'<text x="{mx:.1f}" y="{my - 3:.1f}" text-anchor="middle" class="nb-prop">'
        f"{escape(_cut(edge.property_label, 120, FONT_SIZES['nb-prop'], False))}</text>"
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
    parts += [
        _node(x, y, e.neighbour_label, href(e.neighbour_iri), _colour(e.neighbour_iri), NODE_R) for x, y, e in points
    ]
    centre = wrap(label, CENTRE_WIDTH, FONT_SIZES["nb-centre-label"], bold=True)
    parts.append(
        f'<circle cx="{CX}" cy="{CY}" r="{CENTRE_R}" fill="{_colour(iri)}" class="nb-centre"/>'
        f'<text x="{CX}" y="{CY + CENTRE_R + 18}" text-anchor="middle" class="nb-centre-label">'
        f"{_tspans(CX, centre, FONT_SIZES['nb-centre-label'])}</text>"
    )
    if total > len(shown):
        parts.append(
            f'<text x="{WIDTH - MARGIN}" y="{HEIGHT - MARGIN}" text-anchor="end" class="nb-more">'
            f"+{total - len(shown)} more (see the statements below)</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
