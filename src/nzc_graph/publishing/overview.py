"""The programme at a glance: one snapshot of the cities, what they face, what they do and who
learns from whom.

`load_overview_facts` reads the snapshot through named queries (the `search-*` rows the search
index also uses, `list-peer-links`, `list-twin-pairs`, `show-cohort-overview`, `list-themes`,
`list-theme-tags`, …); the peer network (`publishing.network`) and the city × challenge matrix
(`publishing.matrix`) are computed from it without touching the store again, so the edge caches
it per store. The home page's numbers are in `publishing.headlines`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.namespaces import ROLE, slug
from nzc_graph.queries import QueryLibrary
from nzc_graph.store.base import GraphStore, Row

# When a city holds several roles, the first of these names its colour in the network.
ROLE_PRECEDENCE: tuple[str, ...] = tuple(
    str(ROLE[r]) for r in ("pilot-city", "twin-city", "mission-city", "pcp-participant")
)


@dataclass(frozen=True)
class Option:
    """A value a filter can take: the IRI, its label and the group it is listed under."""

    iri: str
    label: str
    group: str = ""

    @property
    def key(self) -> str:
        return slug(self.iri)


@dataclass(frozen=True)
class Status:
    """A practice status and its rank (1 proposed … 5 scaled)."""

    iri: str
    label: str
    rank: int


@dataclass(frozen=True)
class CityFacts:
    iri: str
    label: str
    roles: tuple[str, ...]
    cohorts: tuple[str, ...]


@dataclass(frozen=True)
class ChallengeFacts:
    iri: str
    label: str
    themes: frozenset[str]


@dataclass(frozen=True)
class PracticeFacts:
    iri: str
    city: str
    label: str
    status: str
    rank: int
    challenges: tuple[str, ...]


@dataclass(frozen=True)
class PeerLinkFacts:
    """A directed peer link with its type, our description and one evidence quote."""

    iri: str
    source: str
    target: str
    type_label: str
    description: str
    quote: str
    section: str
    themes: frozenset[str]


@dataclass(frozen=True)
class TwinPair:
    pilot: str
    twin: str
    cohort_label: str


@dataclass(frozen=True)
class OverviewFacts:
    """Everything the network and the matrix are drawn from. Mappings are keyed by IRI."""

    cities: Mapping[str, CityFacts]
    roles: tuple[Option, ...]
    cohorts: tuple[Option, ...]
    themes: tuple[Option, ...]
    statuses: tuple[Status, ...]
    challenges: Mapping[str, ChallengeFacts]
    statements: tuple[tuple[str, str], ...]
    practices: tuple[PracticeFacts, ...]
    peer_links: tuple[PeerLinkFacts, ...]
    twin_pairs: tuple[TwinPair, ...]

    def label(self, iri: str) -> str:
        if iri in self.cities:
            return self.cities[iri].label
        if iri in self.challenges:
            return self.challenges[iri].label
        for option in (*self.roles, *self.cohorts, *self.themes):
            if option.iri == iri:
                return option.label
        return slug(iri)


def choose(options: Iterable[Option], raw: str, what: str) -> str | None:
    """The IRI of the option named by `raw` (its URL key or its IRI); '' means any.

    >>> choose([Option("https://w3id.org/nzc/id/theme/finance", "Finance")], "finance", "theme")
    'https://w3id.org/nzc/id/theme/finance'
    """
    value = raw.strip()
    if not value:
        return None
    known = list(options)
    for option in known:
        if value in (option.key, option.iri):
            return option.iri
    raise InvalidQueryParameter(f"no {what} '{value}'; known: {', '.join(o.key for o in known) or 'none'}")


def cell_text(row: Row, key: str) -> str:
    """A result cell as text; '' when unbound."""
    value = row.get(key)
    return "" if value is None else str(value)


def as_int(row: Row, key: str) -> int:
    """A result cell as a whole number; 0 when unbound or not a number."""
    try:
        return int(float(cell_text(row, key) or 0))
    except ValueError:
        return 0


def _cities(store: GraphStore, library: QueryLibrary) -> dict[str, CityFacts]:
    labels: dict[str, str] = {}
    roles: dict[str, list[str]] = defaultdict(list)
    for row in library.select(store, "search-cities"):
        city = cell_text(row, "city")
        labels.setdefault(city, cell_text(row, "label") or slug(city))
        role = cell_text(row, "role")
        if role and role not in roles[city]:
            roles[city].append(role)
    cohorts: dict[str, list[str]] = defaultdict(list)
    for row in library.select(store, "show-cohort-overview"):
        cohorts[cell_text(row, "city")].append(cell_text(row, "cohortIri"))
    order = sorted(labels, key=lambda c: labels[c].casefold())
    return {
        c: CityFacts(c, labels[c], tuple(sorted(roles[c], key=role_order)), tuple(sorted(set(cohorts[c]))))
        for c in order
    }


def role_order(iri: str) -> tuple[int, str]:
    """Sort key of a role IRI: ROLE_PRECEDENCE first, any other role after them."""
    return (ROLE_PRECEDENCE.index(iri), iri) if iri in ROLE_PRECEDENCE else (len(ROLE_PRECEDENCE), iri)


def _tags(store: GraphStore, library: QueryLibrary) -> dict[str, set[str]]:
    tags: dict[str, set[str]] = defaultdict(set)
    for row in library.select(store, "list-theme-tags"):
        tags[cell_text(row, "subject")].add(cell_text(row, "theme"))
    return tags


def _themes(store: GraphStore, library: QueryLibrary, used: set[str]) -> tuple[Option, ...]:
    rows = library.select(store, "list-themes")
    found = {
        cell_text(r, "theme"): Option(cell_text(r, "theme"), cell_text(r, "themeLabel"), cell_text(r, "schemeLabel"))
        for r in rows
    }
    return tuple(sorted((o for i, o in found.items() if i in used), key=lambda o: (o.group, o.label.casefold())))


def _practices(store: GraphStore, library: QueryLibrary) -> tuple[PracticeFacts, ...]:
    addresses: dict[str, list[str]] = defaultdict(list)
    for row in library.select(store, "search-links"):
        if cell_text(row, "relation") == "addresses":
            addresses[cell_text(row, "subject")].append(cell_text(row, "object"))
    return tuple(
        PracticeFacts(
            p := cell_text(row, "practice"),
            cell_text(row, "city"),
            cell_text(row, "label") or slug(p),
            cell_text(row, "status"),
            as_int(row, "rank"),
            tuple(addresses[p]),
        )
        for row in library.select(store, "search-practices")
    )


def _peer_links(store: GraphStore, library: QueryLibrary, tags: Mapping[str, set[str]]) -> tuple[PeerLinkFacts, ...]:
    return tuple(
        PeerLinkFacts(
            link := cell_text(row, "link"),
            cell_text(row, "from"),
            cell_text(row, "to"),
            cell_text(row, "typeLabel"),
            cell_text(row, "description"),
            cell_text(row, "quote"),
            cell_text(row, "section"),
            frozenset(tags.get(link, ())),
        )
        for row in library.select(store, "list-peer-links")
    )


def load_overview_facts(store: GraphStore, library: QueryLibrary) -> OverviewFacts:
    """Read the snapshot from the store (a dozen small named queries)."""
    tags = _tags(store, library)
    cohorts = {
        cell_text(r, "cohortIri"): cell_text(r, "cohortLabel") for r in library.select(store, "show-cohort-overview")
    }
    roles = {cell_text(r, "role"): cell_text(r, "roleLabel") for r in library.select(store, "count-cities-by-role")}
    challenges = {
        (c := cell_text(r, "challenge")): ChallengeFacts(c, cell_text(r, "challengeLabel"), frozenset(tags.get(c, ())))
        for r in library.select(store, "list-challenges")
    }
    statuses = [
        Status(cell_text(r, "status"), cell_text(r, "statusLabel"), as_int(r, "rank"))
        for r in library.select(store, "count-practices-by-status")
    ]
    return OverviewFacts(
        cities=_cities(store, library),
        roles=tuple(Option(i, roles[i]) for i in sorted(roles, key=role_order)),
        cohorts=tuple(Option(i, label) for i, label in sorted(cohorts.items())),
        themes=_themes(store, library, set().union(*tags.values()) if tags else set()),
        statuses=tuple(sorted(statuses, key=lambda s: s.rank)),
        challenges=challenges,
        statements=tuple(
            sorted(
                {(cell_text(r, "city"), cell_text(r, "challenge")) for r in library.select(store, "search-statements")}
            )
        ),
        practices=_practices(store, library),
        peer_links=_peer_links(store, library, tags),
        twin_pairs=tuple(
            TwinPair(cell_text(r, "pilot"), cell_text(r, "twin"), cell_text(r, "cohortLabel"))
            for r in library.select(store, "list-twin-pairs")
        ),
    )
