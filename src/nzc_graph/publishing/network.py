"""The peer network: cities as nodes, and three kinds of links between them.

- peer links the report names (`nzc:PeerLink`: advised, inspired, offered a contact, collaborates
  with, wants to learn from), directed, each with its evidence;
- Pilot–Twin pairs (`nzc:twinOf` / `nzc:hasTwin`), from programme structure;
- shared challenges: two cities that state at least `shared` of the same challenges (two by
  default, so that one common complaint does not tie everyone to everyone).

A filter keeps the links about a theme (a peer link's topics, or the shared challenges' themes;
Pilot–Twin pairs have no theme, so a theme filter leaves them out) and the links touching the
cities of a cohort or role; the nodes are the cities at the ends of the links kept.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.namespaces import slug
from nzc_graph.publishing.overview import CityFacts, OverviewFacts, choose
from nzc_graph.publishing.pages import Link
from nzc_graph.wording import counted

EdgeKind = Literal["peer-link", "twin", "shared"]
# Choices of the "shared challenges" filter: 0 hides those links.
SHARED_CHOICES: tuple[int, ...] = (0, 2, 3, 4)
DEFAULT_SHARED = 2
TWIN_TYPE, SHARED_TYPE = "twin-of", "shared-challenges"


@dataclass(frozen=True)
class NetworkFilter:
    """Which links to draw: about a theme, touching a cohort's or role's cities (IRIs; None = any)."""

    theme: str | None = None
    cohort: str | None = None
    role: str | None = None
    shared: int = DEFAULT_SHARED

    @property
    def narrowed(self) -> bool:
        return bool(self.theme or self.cohort or self.role) or self.shared != DEFAULT_SHARED


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    role: str
    """URL key of the role that colours the node (`pilot-city`, …), or `none`."""
    roles: tuple[str, ...]
    cohorts: tuple[str, ...]
    focus: bool
    """True when the city itself matches the cohort and role filter (not only a link partner)."""
    links: int


@dataclass(frozen=True)
class Edge:
    key: str
    kind: EdgeKind
    type: str
    """URL key of the link type, which styles it: `advised`, …, `twin-of`, `shared-challenges`."""
    label: str
    source: str
    target: str
    directed: bool
    source_label: str = ""
    target_label: str = ""
    evidence: str = ""
    """IRI of the resource holding the evidence (the peer link), or ''."""
    section: str = ""
    quote: str = ""
    description: str = ""
    challenges: tuple[Link, ...] = ()


@dataclass(frozen=True)
class LegendEntry:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Network:
    filter: NetworkFilter
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    roles: tuple[LegendEntry, ...]
    link_types: tuple[LegendEntry, ...]
    unlinked: tuple[Link, ...]
    """Cities that match the filter but have no link in this view (not drawn)."""


def read_filter(
    facts: OverviewFacts, theme: str = "", cohort: str = "", role: str = "", shared: str = ""
) -> NetworkFilter:
    """A filter from raw form values (URL keys or IRIs, '' for any); unknown values raise
    InvalidQueryParameter naming the choices."""
    raw_shared = shared.strip() or str(DEFAULT_SHARED)
    if raw_shared not in {str(n) for n in SHARED_CHOICES}:
        choices = ", ".join(map(str, SHARED_CHOICES))
        raise InvalidQueryParameter(f"shared must be one of {choices} (0 hides shared-challenge links); got {shared!r}")
    return NetworkFilter(
        theme=choose(facts.themes, theme, "theme"),
        cohort=choose(facts.cohorts, cohort, "cohort"),
        role=choose(facts.roles, role, "role"),
        shared=int(raw_shared),
    )


def _in_focus(city: CityFacts, f: NetworkFilter) -> bool:
    return (f.cohort is None or f.cohort in city.cohorts) and (f.role is None or f.role in city.roles)


def _peer_edges(facts: OverviewFacts, f: NetworkFilter) -> list[Edge]:
    return [
        Edge(
            link.iri,
            "peer-link",
            slug_of_label(link.type_label),
            link.type_label,
            link.source,
            link.target,
            True,
            facts.label(link.source),
            facts.label(link.target),
            link.iri,
            link.section,
            link.quote,
            link.description,
        )
        for link in facts.peer_links
        if f.theme is None or f.theme in link.themes
    ]


def _twin_edges(facts: OverviewFacts, f: NetworkFilter) -> list[Edge]:
    if f.theme is not None:
        return []
    return [
        Edge(
            f"twin:{p.pilot}|{p.twin}",
            "twin",
            TWIN_TYPE,
            "twin of",
            p.twin,
            p.pilot,
            True,
            facts.label(p.twin),
            facts.label(p.pilot),
            description=p.cohort_label,
        )
        for p in facts.twin_pairs
    ]


def _shared_edges(facts: OverviewFacts, f: NetworkFilter) -> list[Edge]:
    if f.shared <= 0:
        return []
    faced: dict[str, set[str]] = defaultdict(set)
    for city, challenge in facts.statements:
        about = facts.challenges.get(challenge)
        if f.theme is None or (about is not None and f.theme in about.themes):
            faced[city].add(challenge)
    edges = []
    for a, b in combinations(sorted(faced), 2):
        common = faced[a] & faced[b]
        if len(common) >= f.shared:
            links = tuple(sorted((Link(c, facts.label(c)) for c in common), key=lambda c: c.label.casefold()))
            label = f"{counted(len(common), 'shared challenge')}"
            edges.append(
                Edge(
                    f"shared:{a}|{b}",
                    "shared",
                    SHARED_TYPE,
                    label,
                    a,
                    b,
                    False,
                    facts.label(a),
                    facts.label(b),
                    challenges=links,
                )
            )
    return edges


def slug_of_label(label: str) -> str:
    """`offered a contact` → `offered-a-contact`: the style key of a link type.

    >>> slug_of_label("Wants to learn from")
    'wants-to-learn-from'
    """
    return "-".join("".join(ch if ch.isalnum() else " " for ch in label.lower()).split()) or "link"


def build_network(facts: OverviewFacts, f: NetworkFilter) -> Network:
    """The nodes and links the filter keeps, with legend counts."""
    focus = {iri for iri, city in facts.cities.items() if _in_focus(city, f)}
    edges = [
        e
        for e in (*_peer_edges(facts, f), *_twin_edges(facts, f), *_shared_edges(facts, f))
        if (e.source in focus or e.target in focus) and e.source in facts.cities and e.target in facts.cities
    ]
    degree: dict[str, int] = defaultdict(int)
    for e in edges:
        degree[e.source] += 1
        degree[e.target] += 1
    role_label = {o.iri: o.label for o in facts.roles}
    nodes = tuple(
        Node(
            city.iri,
            city.label,
            slug(city.roles[0]) if city.roles else "none",
            tuple(role_label.get(r, slug(r)) for r in city.roles),
            tuple(facts.label(c) for c in city.cohorts),
            city.iri in focus,
            degree[city.iri],
        )
        for city in facts.cities.values()
        if city.iri in degree
    )
    labels = {n.iri: n.label.casefold() for n in nodes}
    edges.sort(key=lambda e: (e.kind != "peer-link", labels[e.source], e.label, labels[e.target]))
    return Network(
        filter=f,
        nodes=nodes,
        edges=tuple(edges),
        roles=_role_legend(facts, nodes),
        link_types=_type_legend(edges),
        unlinked=tuple(Link(c, facts.cities[c].label) for c in facts.cities if c in focus and c not in degree),
    )


def _role_legend(facts: OverviewFacts, nodes: tuple[Node, ...]) -> tuple[LegendEntry, ...]:
    counts: dict[str, int] = defaultdict(int)
    for n in nodes:
        counts[n.role] += 1
    entries = [LegendEntry(o.key, o.label, counts[o.key]) for o in facts.roles]
    if counts["none"]:
        entries.append(LegendEntry("none", "no programme role recorded", counts["none"]))
    return tuple(entries)


def _type_legend(edges: list[Edge]) -> tuple[LegendEntry, ...]:
    found: dict[str, tuple[str, int]] = {}
    for e in edges:
        label = {"twin": "twin of (Pilot–Twin pair)", "shared": "shared challenges"}.get(e.kind, e.label)
        found[e.type] = (label, found.get(e.type, (label, 0))[1] + 1)
    peer = sorted((k for k in found if k not in (TWIN_TYPE, SHARED_TYPE)), key=lambda k: found[k][0])
    order = [*peer, *(k for k in (TWIN_TYPE, SHARED_TYPE) if k in found)]
    return tuple(LegendEntry(k, *found[k]) for k in order)
