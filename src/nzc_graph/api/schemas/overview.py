"""Response models of `/network` and `/matrix` as JSON (the network's is also the data block the
network page draws from).

Nodes and edges are shaped for cytoscape (`id`, `source`, `target`); every IRI that has a page
comes with the URL of that page on this server (`url`, `evidence`).
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from nzc_graph.publishing.matrix import Cell, Matrix
from nzc_graph.publishing.network import Edge, LegendEntry, Network, Node


class NodeOut(BaseModel):
    id: str = Field(description="The city IRI.")
    label: str
    url: str = Field(description="The city's page on this server.")
    role: str = Field(description="URL key of the role that colours the node (pilot-city, …, or none).")
    roles: list[str] = Field(description="Labels of every programme role the city holds.")
    cohorts: list[str] = Field(description="Labels of the cohorts the city belongs to.")
    focus: bool = Field(description="The city matches the cohort and role filter (not only a link partner).")
    links: int = Field(description="How many links of this view touch the city.")


class ChallengeOut(BaseModel):
    id: str
    label: str
    url: str


class EdgeOut(BaseModel):
    id: str
    kind: str = Field(description="peer-link, twin or shared.")
    type: str = Field(description="URL key of the link type: advised, …, twin-of, shared-challenges.")
    label: str
    source: str = Field(description="IRI of the city the link starts from.")
    target: str
    directed: bool
    evidence: str | None = Field(description="Page of the resource holding the evidence (the peer link).")
    section: str | None = Field(description="Report section of the evidence quote, e.g. 1.4.4.")
    quote: str | None
    description: str | None
    challenges: list[ChallengeOut] = Field(description="For shared-challenge links: the challenges both face.")


class LegendOut(BaseModel):
    key: str
    label: str
    count: int


class FilterOut(BaseModel):
    theme: str | None
    cohort: str | None
    role: str | None
    shared: int = Field(description="Least number of shared challenges for a link; 0 hides them.")


class NetworkOut(BaseModel):
    filter: FilterOut
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    roles: list[LegendOut]
    link_types: list[LegendOut]
    unlinked: list[str] = Field(description="IRIs of cities matching the filter with no link in this view.")


def _node(n: Node, page: Callable[[str], str]) -> NodeOut:
    return NodeOut(
        id=n.iri,
        label=n.label,
        url=page(n.iri),
        role=n.role,
        roles=list(n.roles),
        cohorts=list(n.cohorts),
        focus=n.focus,
        links=n.links,
    )


def _edge(e: Edge, page: Callable[[str], str]) -> EdgeOut:
    return EdgeOut(
        id=e.key,
        kind=e.kind,
        type=e.type,
        label=e.label,
        source=e.source,
        target=e.target,
        directed=e.directed,
        evidence=page(e.evidence) if e.evidence else None,
        section=e.section or None,
        quote=e.quote or None,
        description=e.description or None,
        challenges=[ChallengeOut(id=c.iri, label=c.label, url=page(c.iri)) for c in e.challenges],
    )


def _legend(entries: tuple[LegendEntry, ...]) -> list[LegendOut]:
    return [LegendOut(key=x.key, label=x.label, count=x.count) for x in entries]


def network_out(net: Network, page: Callable[[str], str]) -> NetworkOut:
    """The network as JSON; `page` maps an IRI to its page URL (the IRI mapper's `page`)."""
    f = net.filter
    return NetworkOut(
        filter=FilterOut(theme=f.theme, cohort=f.cohort, role=f.role, shared=f.shared),
        nodes=[_node(n, page) for n in net.nodes],
        edges=[_edge(e, page) for e in net.edges],
        roles=_legend(net.roles),
        link_types=_legend(net.link_types),
        unlinked=[c.iri for c in net.unlinked],
    )


class LinkOut(BaseModel):
    id: str
    label: str
    url: str


class CellOut(BaseModel):
    faces: bool = Field(description="The city states this challenge (a challenge statement).")
    status: str | None = Field(description="IRI of the furthest status of the city's practices for it.")
    status_label: str | None
    rank: int | None = Field(description="Rank of that status, 1 proposed … 5 scaled.")
    text: str = Field(description="The cell in words.")
    evidence: str = Field(description="Page of the evidence: the furthest practice, else the challenge.")
    practices: list[LinkOut] = Field(description="The city's practices addressing it, furthest status first.")


class RowOut(BaseModel):
    challenge: LinkOut
    facing: int = Field(description="How many cities state this challenge.")
    practices: int = Field(description="How many practice adoptions address it.")
    cells: list[CellOut | None] = Field(
        description="One per column; null where the city neither faces nor addresses it."
    )


class MatrixOut(BaseModel):
    sort: str
    scope: str
    columns: list[LinkOut] = Field(description="The cities, in column order.")
    rows: list[RowOut]
    hidden: int = Field(description="Challenges with a filled cell that the scope leaves out.")


def _link(iri: str, label: str, page: Callable[[str], str]) -> LinkOut:
    return LinkOut(id=iri, label=label, url=page(iri))


def _cell(c: Cell, page: Callable[[str], str]) -> CellOut:
    return CellOut(
        faces=c.faces,
        status=c.status.iri if c.status else None,
        status_label=c.status.label if c.status else None,
        rank=c.status.rank if c.status else None,
        text=c.text,
        evidence=page(c.evidence),
        practices=[_link(p.iri, p.label, page) for p in c.practices],
    )


def matrix_out(m: Matrix, page: Callable[[str], str]) -> MatrixOut:
    """The matrix as JSON; `page` maps an IRI to its page URL."""
    return MatrixOut(
        sort=m.sort,
        scope=m.scope,
        columns=[_link(c.iri, c.label, page) for c in m.columns],
        rows=[
            RowOut(
                challenge=_link(r.challenge.iri, r.challenge.label, page),
                facing=r.facing,
                practices=r.practices,
                cells=[_cell(c, page) if c else None for c in r.cells],
            )
            for r in m.rows
        ],
        hidden=m.hidden,
    )
