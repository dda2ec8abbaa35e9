"""HTTP content negotiation: parse an Accept header and pick the best offered media type.

Follows RFC 9110 §12.5.1: every media range carries a quality value (`q`, default 1); an offered
type gets the quality of the most specific range that matches it (`type/subtype` beats `type/*`,
which beats `*/*`); `q=0` means "not acceptable". Among offered types of equal quality the
server's order of preference wins. Media-type parameters other than `q` are ignored when
matching. Malformed ranges are skipped; a header with no valid range at all is treated like a
missing one ("anything"), as RFC 9110 allows a server to disregard a field it cannot parse.

    >>> negotiate("text/turtle;q=0.9, application/ld+json", ["text/turtle", "application/ld+json"])
    'application/ld+json'
    >>> negotiate("text/*;q=0.5, */*;q=0.1", ["application/rdf+xml", "text/turtle"])
    'text/turtle'
    >>> negotiate("image/png", ["text/html"]) is None
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MediaRange", "negotiate", "parse_accept", "quality"]


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header, e.g. `text/*;q=0.5`."""

    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> bool:
        main, _, sub = media_type.lower().partition("/")
        return self.type in ("*", main) and self.subtype in ("*", sub)

    @property
    def specificity(self) -> int:
        """2 for `type/subtype`, 1 for `type/*`, 0 for `*/*`."""
        return (self.type != "*") + (self.subtype != "*")


def _parse_q(params: list[str]) -> float | None:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return None
            return q if 0.0 <= q <= 1.0 else None
    return 1.0


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header, in header order; an empty list if there are none."""
    ranges: list[MediaRange] = []
    for part in (header or "").split(","):
        media, *params = [p.strip() for p in part.split(";")]
        main, slash, sub = media.lower().partition("/")
        if not slash or not main or not sub or (main == "*" and sub != "*"):
            continue
        q = _parse_q(params)
        if q is not None:
            ranges.append(MediaRange(main, sub, q))
    return ranges


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The quality the client gives `media_type`: that of the most specific matching range, or 0."""
    best: MediaRange | None = None
    for r in ranges:
        if r.matches(media_type) and (best is None or r.specificity > best.specificity):
            best = r
    return best.q if best is not None else 0.0


def negotiate(accept_header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers, or None if it accepts none of them.

    A missing, empty or unparseable Accept header means "anything": the first offered type is
    returned.
    `offered` is in the server's order of preference, which breaks ties.
    """
    if not offered:
        return None
    ranges = parse_accept(accept_header)
    if not ranges:
        return offered[0]
    best, best_q = None, 0.0
    for media_type in offered:
        q = quality(ranges, media_type)
        if q > best_q:
            best, best_q = media_type, q
    return best
