"""The neighbourhood picture keeps every label inside its viewBox (issue 11): labels wrap onto two
lines, sit outside their dot on the side away from the centre, and are cut only when two lines
cannot hold them."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

import nzc_graph
from nzc_graph.publishing.svg import (
    CX,
    FONT_SIZES,
    MAX_NEIGHBOURS,
    RX,
    Edge,
    neighbourhood_svg,
    text_width,
    wrap,
)

SVG = "{http://www.w3.org/2000/svg}"
LONG_LABELS = [
    "Guimarães' Landscape Laboratory, a city-university applied research lab",
    "Aachen's digital tool for tracking lifestyle change",
    "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
    "Supercalifragilisticexpialidociousnessesandmore",
    "MMM WWW MMM WWW MMM WWW MMM WWW MMM WWW MMM",
    "Santiago de Compostela's participatory climate fund with neighbourhood assemblies",
    "Reykjavík",
    "Internal silos and fragmented collaboration between departments and agencies",
]


def edges(n: int) -> list[Edge]:
    return [
        Edge("faces challenge and more words" if i % 3 else "adopts", f"https://w3id.org/nzc/id/x/{i}",
             LONG_LABELS[i % len(LONG_LABELS)] + ("" if i < len(LONG_LABELS) else f" {i}"), i % 4 == 0)
        for i in range(n)
    ]  # fmt: skip


def extents(svg: str) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of every line of text, by the module's width estimate."""
    root = ElementTree.fromstring(svg)
    out = []
    for text in root.iter(SVG + "text"):
        cls = text.get("class", "")
        size, bold = FONT_SIZES[cls], cls == "nb-centre-label"
        anchor = text.get("text-anchor", "start")
        baseline = float(text.get("y", "0"))
        spans = list(text.iter(SVG + "tspan")) or [text]
        for span in spans:
            baseline += float(span.get("dy", "0"))
            line, x = span.text or "", float(span.get("x", text.get("x", "0")))
            w = text_width(line, size, bold)
            left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
            out.append((line, left, baseline - size, left + w, baseline + 0.3 * size))
    return out


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 12, MAX_NEIGHBOURS, 40])
def test_every_label_stays_inside_the_viewbox(n: int) -> None:
    svg = neighbourhood_svg(
        "https://w3id.org/nzc/id/city/x", "A centre with a very long label that needs two lines at least", edges(n), str
    )
    _, _, width, height = (float(v) for v in ElementTree.fromstring(svg).get("viewBox", "").split())
    boxes = extents(svg)
    assert len(boxes) >= min(n, MAX_NEIGHBOURS) * 2 + 1
    outside = [b for b in boxes if b[1] < 0 or b[2] < 0 or b[3] > width or b[4] > height]
    assert not outside, outside


def test_labels_sit_outside_their_dot_away_from_the_centre() -> None:
    root = ElementTree.fromstring(neighbourhood_svg("https://w3id.org/nzc/id/city/x", "X", edges(16), str))
    for a in root.iter(SVG + "a"):
        dot, text = a.find(SVG + "circle"), a.find(SVG + "text")
        assert dot is not None and text is not None
        x, anchor = float(dot.get("cx", "0")), text.get("text-anchor")
        expected = "middle" if abs(x - CX) < 0.2 * RX else "start" if x > CX else "end"
        assert anchor == expected, (x, anchor)
        assert (float(text.get("x", "0")) - x) * (1 if anchor == "start" else -1) >= 0 or anchor == "middle"


def test_long_labels_wrap_onto_two_lines_before_they_are_cut() -> None:
    svg = neighbourhood_svg("https://w3id.org/nzc/id/city/x", "X", edges(3), str)
    lines = [b[0] for b in extents(svg)]
    assert "Aachen's digital tool for" in " ".join(lines) and not any("digital" in s and "…" in s for s in lines)
    assert wrap("Aachen's digital tool for tracking lifestyle change", 180, 11) == [
        "Aachen's digital tool for",
        "tracking lifestyle change",
    ]
    three = wrap(" ".join(["word"] * 40), 100, 11)
    assert len(three) == 2 and three[1].endswith("…") and all(text_width(s, 11) <= 100 for s in three)
    assert wrap("W" * 60, 50, 11)[0].endswith("…") and text_width(wrap("W" * 60, 50, 11)[0], 11) <= 50


def test_full_label_stays_in_the_tooltip_and_text_is_escaped() -> None:
    label = 'A <b>"bold"</b> label & ' + "x" * 80
    svg = neighbourhood_svg(
        "https://w3id.org/nzc/id/city/x", "X", [Edge("p", "https://w3id.org/nzc/id/y", label, False)], str
    )
    root = ElementTree.fromstring(svg)
    assert root.find(f"{SVG}a/{SVG}title").text == label and "<b>" not in svg


def test_font_sizes_agree_with_the_stylesheet() -> None:
    css = (Path(nzc_graph.__file__).parent / "api" / "static" / "site.css").read_text()
    for cls, size in FONT_SIZES.items():
        m = re.search(r"\." + cls + r"\s*\{[^}]*font-size:\s*([\d.]+)px", css)
        assert m and float(m.group(1)) == size, cls
