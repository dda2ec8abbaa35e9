"""Accept-header parsing and content negotiation (api/negotiation.py)."""

from __future__ import annotations

import doctest

import pytest

from nzc_graph.api import negotiation
from nzc_graph.api.negotiation import MediaRange, negotiate, parse_accept, quality

RDF = ["text/html", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]


def test_docstring_examples_run() -> None:
    assert doctest.testmod(negotiation).failed == 0


def test_parse_accept_reads_ranges_and_q_values() -> None:
    ranges = parse_accept("text/turtle;q=0.8, application/ld+json; charset=utf-8 , */*;q=0.1")
    assert ranges == [
        MediaRange("text", "turtle", 0.8),
        MediaRange("application", "ld+json", 1.0),
        MediaRange("*", "*", 0.1),
    ]


@pytest.mark.parametrize("header", ["text", "*/turtle", "text/turtle;q=high", "text/turtle;q=1.5", "/", ""])
def test_malformed_ranges_are_skipped(header: str) -> None:
    assert parse_accept(header) == []


@pytest.mark.parametrize(
    "header, expected",
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml;q=0.5, application/n-triples", "application/n-triples"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
        # a browser: HTML wins over the */* fallback
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        # equal quality: the server's order decides
        ("*/*", "text/html"),
        ("text/*", "text/html"),
        ("text/*;q=0.3, text/turtle", "text/turtle"),
        # the most specific range sets the quality, even when a wider one is higher
        ("text/html;q=0, */*", "text/turtle"),
        ("text/*;q=0, application/*;q=0.2", "application/ld+json"),
        ("TEXT/TURTLE", "text/turtle"),
    ],
)
def test_negotiate_picks_the_preferred_offer(header: str, expected: str) -> None:
    assert negotiate(header, RDF) == expected


@pytest.mark.parametrize("header", ["image/png", "text/turtle;q=0", "*/*;q=0", "application/json"])
def test_nothing_acceptable_gives_none(header: str) -> None:
    assert negotiate(header, RDF) is None


@pytest.mark.parametrize("header", [None, "", "   ", "nonsense"])
def test_missing_or_unparseable_header_means_anything(header: str | None) -> None:
    assert negotiate(header, RDF) == "text/html"
    assert negotiate(header, ["text/turtle", "text/html"]) == "text/turtle"


def test_no_offers_gives_none() -> None:
    assert negotiate("*/*", []) is None


def test_quality_uses_the_most_specific_match() -> None:
    ranges = parse_accept("*/*;q=0.1, text/*;q=0.5, text/turtle;q=0.9")
    assert quality(ranges, "text/turtle") == 0.9
    assert quality(ranges, "text/html") == 0.5
    assert quality(ranges, "application/ld+json") == 0.1
    assert quality(parse_accept("text/turtle"), "application/ld+json") == 0.0
