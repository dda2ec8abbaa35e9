"""Properties of content negotiation (api/negotiation.py, api/sparql_formats.py, formats.py).

Accept headers are generated from media ranges and written the many ways clients write them
(case, spaces, extra parameters, q spelled `0.5` or `0.500`), so parsing is checked against the
ranges that were meant; arbitrary text checks that nothing but NotAcceptable ever comes out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nzc_graph.api.negotiation import MediaRange, negotiate, parse_accept, quality
from nzc_graph.api.sparql_formats import choose, prefers_html, ranked
from nzc_graph.errors import NotAcceptable
from nzc_graph.formats import (
    FORMATS,
    HTML_MEDIA_TYPE,
    JSON_LD,
    RDF_XML,
    Format,
    by_media_type,
    by_name,
    by_query_kind,
    by_suffix,
)

FAST = settings(max_examples=200, deadline=None)
KINDS = ("select", "ask", "construct", "describe")
KNOWN = sorted({m for f in FORMATS for m in (*f.media_types, *f.accept_aliases)} | {HTML_MEDIA_TYPE})
TOKEN = st.text("abcdefghijklmnopqrstuvwxyz0123456789+-.", min_size=1, max_size=8)
MEDIA = st.one_of(st.sampled_from(KNOWN), st.tuples(TOKEN, TOKEN).map("/".join))
Q = st.integers(0, 1000).map(lambda n: n / 1000)
HEADER_TEXT = st.one_of(
    st.text(),
    st.lists(st.sampled_from([*KNOWN, "*/*", "text/*", ",", ";", "q=", "q=0", "q=1.5", "q=x", " ", "/", "*"])).map(
        "".join
    ),
)


@dataclass(frozen=True)
class Written:
    """One media range and how the header spells it."""

    range: MediaRange
    upper: bool
    pad: str
    extra: str  # a parameter other than q, before or after it
    q_style: int


def spell(w: Written) -> str:
    r = w.range
    media = f"{r.type}/{r.subtype}"
    q = "" if r.q == 1.0 and w.q_style == 0 else [f"q={r.q:g}", f"q={r.q:.3f}", f"Q = {r.q:g}"][w.q_style % 3]
    params = [p for p in ((w.extra, q) if w.q_style % 2 else (q, w.extra)) if p]
    return w.pad + ";".join([media.upper() if w.upper else media, *(w.pad + p for p in params)]) + w.pad


ranges = st.one_of(
    st.builds(lambda m, q: MediaRange(*m.split("/"), q), MEDIA, Q),
    st.builds(lambda t, q: MediaRange(t, "*", q), st.sampled_from(["text", "application"]), Q),
    st.builds(lambda q: MediaRange("*", "*", q), Q),
)
written = st.builds(
    Written,
    ranges,
    st.booleans(),
    st.sampled_from(["", " ", "  ", "\t"]),
    st.sampled_from(["", "charset=utf-8", "level=1", 'profile="x"']),
    st.integers(0, 3),
)


def header_of(entries: list[Written]) -> str:
    return ",".join(spell(w) for w in entries)


@FAST
@given(st.lists(written, max_size=6))
def test_a_header_reads_back_as_the_ranges_written(entries: list[Written]) -> None:
    assert parse_accept(header_of(entries)) == [w.range for w in entries]


def most_specific_q(entries: list[MediaRange], media_type: str) -> float:
    """RFC 9110 §12.5.1 restated: the q of the most specific range naming the type (the first of
    equally specific ones), 0 if none does."""
    main, sub = media_type.split("/")
    for wanted in ((main, sub), (main, "*"), ("*", "*")):
        for r in entries:
            if (r.type, r.subtype) == wanted:
                return r.q
    return 0.0


@FAST
@given(st.lists(written, min_size=1, max_size=6), st.lists(MEDIA, min_size=1, max_size=6, unique=True))
@example([Written(MediaRange("text", "*", 0.5), False, "", "", 0)], ["text/turtle", "text/html"])
def test_negotiate_picks_the_first_offer_of_highest_quality(entries: list[Written], offered: list[str]) -> None:
    meant = [w.range for w in entries]
    chosen = negotiate(header_of(entries), offered)
    qualities = [most_specific_q(meant, o) for o in offered]
    if max(qualities) == 0:
        assert chosen is None
    else:
        assert chosen == offered[qualities.index(max(qualities))]


@FAST
@given(HEADER_TEXT, st.lists(MEDIA, max_size=5, unique=True))
@example("", ["text/turtle"])
@example("text/turtle;q=nan, text/html;q=-0", ["text/turtle", "text/html"])
def test_any_header_gives_an_offer_or_none_and_no_header_means_anything(header: str, offered: list[str]) -> None:
    chosen = negotiate(header, offered)
    assert chosen is None or chosen in offered
    assert all(0.0 <= r.q <= 1.0 for r in parse_accept(header))
    if offered and not parse_accept(header):
        assert chosen == offered[0]


@FAST
@given(HEADER_TEXT, st.sampled_from(KINDS), st.one_of(st.none(), st.text(max_size=30), st.sampled_from(KNOWN)))
def test_choose_gives_offered_types_or_raises_not_acceptable(header: str, kind: str, fmt: str | None) -> None:
    offered = [f.media_type for f in by_query_kind(kind)]
    try:
        chosen = choose(kind, header, fmt)
    except NotAcceptable:
        return
    assert chosen and set(chosen) <= set(offered) and len(chosen) == len(set(chosen))
    if fmt and fmt.strip():
        assert len(chosen) == 1


def client_quality(entries: list[MediaRange], media_type: str) -> float:
    fmt = by_media_type(media_type)
    names = [media_type, *(fmt.aliases if fmt else ())]
    return max(quality(entries, n) for n in names)


@FAST
@given(st.lists(written, min_size=1, max_size=6), st.sampled_from(KINDS))
def test_ranked_lists_every_accepted_offer_best_first_server_order_breaking_ties(
    entries: list[Written], kind: str
) -> None:
    meant = [w.range for w in entries]
    offered = [f.media_type for f in by_query_kind(kind)]
    order = ranked(header_of(entries), offered)
    assert set(order) == {o for o in offered if client_quality(meant, o) > 0}
    keys = [(-client_quality(meant, o), offered.index(o)) for o in order]
    assert keys == sorted(keys)


@FAST
@given(HEADER_TEXT, st.lists(st.sampled_from([f.media_type for f in FORMATS]), min_size=1, max_size=4, unique=True))
@example("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ["text/csv"])
@example("*/*", ["text/csv"])
def test_prefers_html_exactly_when_html_is_ranked_above_all_data(header: str, offered: list[str]) -> None:
    # ties go to the data, which comes first in the offer
    assert prefers_html(header, offered) == (ranked(header, [*offered, HTML_MEDIA_TYPE])[:1] == [HTML_MEDIA_TYPE])


SPELLINGS: list[Callable[[str], str]] = [str.lower, str.upper, str.title, lambda s: f"  {s}\t"]


@FAST
@given(st.sampled_from(FORMATS), st.sampled_from(KINDS), st.sampled_from(SPELLINGS), st.booleans())
def test_format_parameter_takes_any_name_or_media_type_of_a_format_that_carries_the_result(
    fmt: Format, kind: str, spelling: Callable[[str], str], by_type: bool
) -> None:
    param = spelling(fmt.media_type if by_type else fmt.name)
    graph_syntax = {"json": JSON_LD, "xml": RDF_XML}.get(fmt.name) if kind in ("construct", "describe") else None
    if graph_syntax is not None and not by_type:  # format=json on a graph asks for JSON-LD
        assert choose(kind, None, param) == [graph_syntax.media_type]
    elif fmt in by_query_kind(kind):
        assert choose(kind, "image/png", param) == [fmt.media_type]  # format= wins over Accept
    else:
        with pytest.raises(NotAcceptable, match=f"cannot carry a {kind.upper()} result"):
            choose(kind, None, param)


@FAST
@given(st.text())
def test_lookups_never_match_a_string_the_record_does_not_name(text: str) -> None:
    by_n, by_m, by_s = by_name(text), by_media_type(text), by_suffix(text)
    assert by_n is None or text.lower() in (by_n.name, *by_n.other_names)
    assert by_m is None or text.strip().lower() in (*by_m.media_types, *by_m.accept_aliases)
    assert by_s is None or text.lower() in by_s.suffixes
