"""The programme at a glance: one snapshot of the cities, what they face, what they do and who
learns from whom, plus the headline numbers of the home page.

`load_overview_facts` reads the snapshot through named queries (the `search-*` rows the search
index also uses, `list-peer-links`, `list-twin-pairs`, `show-cohort-overview`, `list-themes`,
`list-theme-tags`, …); the peer network (`publishing.network`) and the city × challenge matrix
(`publishing.matrix`) are computed from it without touching the store again, so the edge caches
it per store. `home_overview` gathers the counts of `count-*.rq` and `rank-challenges.rq`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nzc_graph.errors import InvalidQueryParameter
from nzc_graph.namespaces import ROLE
from nzc_graph.queries import QueryLibrary
from nzc_graph.store.base import GraphStore, Row

# When a city holds several roles, the first of these names its colour in the network.
ROLE_PRECEDENCE: tuple[str, ...] = tuple(
    str(ROLE[r]) for r in ("pilot-city", "twin-city", "mission-city", "pcp-participant")
)
# The resource counts of count-resources.rq shown on the home page, in this order.
HEADLINE_KINDS: tuple[str, ...] = ("cities", "practice adoptions", "challenges", "peer links", "quotes")


def slug(iri: str) -> str:
    """The last path segment of an IRI, the short form used in URLs (`…/theme/finance` → `finance`)."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


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


def _s(row: Row, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def _int(row: Row, key: str) -> int:
    try:
        return int(float(_s(row, key) or 0))
    except ValueError:
        return 0


def _cities(store: GraphStore, library: QueryLibrary) -> dict[str, CityFacts]:
    labels: dict[str, str] = {}
    roles: dict[str, list[str]] = defaultdict(list)
    for row in library.select(store, "search-cities"):
        city = _s(row, "city")
        labels.setdefault(city, _s(row, "label") or slug(city))
        role = _s(row, "role")
        if role and role not in roles[city]:
            roles[city].append(role)
    cohorts: dict[str, list[str]] = defaultdict(list)
    for row in library.select(store, "show-cohort-overview"):
        cohorts[_s(row, "city")].append(_s(row, "cohortIri"))
    order = sorted(labels, key=lambda c: labels[c].casefold())
    return {
        c: CityFacts(c, labels[c], tuple(sorted(roles[c], key=_role_order)), tuple(sorted(set(cohorts[c]))))
        for c in order
    }


def _role_order(iri: str) -> tuple[int, str]:
    return (ROLE_PRECEDENCE.index(iri), iri) if iri in ROLE_PRECEDENCE else (len(ROLE_PRECEDENCE), iri)


def _tags(store: GraphStore, library: QueryLibrary) -> dict[str, set[str]]:
    tags: dict[str, set[str]] = defaultdict(set)
    for row in library.select(store, "list-theme-tags"):
        tags[_s(row, "subject")].add(_s(row, "theme"))
    return tags


def _themes(store: GraphStore, library: QueryLibrary, used: set[str]) -> tuple[Option, ...]:
    rows = library.select(store, "list-themes")
    found = {_s(r, "theme"): Option(_s(r, "theme"), _s(r, "themeLabel"), _s(r, "schemeLabel")) for r in rows}
    return tuple(sorted((o for i, o in found.items() if i in used), key=lambda o: (o.group, o.label.casefold())))


def _practices(store: GraphStore, library: QueryLibrary) -> tuple[PracticeFacts, ...]:
    addresses: dict[str, list[str]] = defaultdict(list)
    for row in library.select(store, "search-links"):
        if _s(row, "relation") == "addresses":
            addresses[_s(row, "subject")].append(_s(row, "object"))
    return tuple(
        PracticeFacts(
            p := _s(row, "practice"),
            _s(row, "city"),
            _s(row, "label") or slug(p),
            _s(row, "status"),
            _int(row, "rank"),
            tuple(addresses[p]),
        )
        for row in library.select(store, "search-practices")
    )


def _peer_links(store: GraphStore, library: QueryLibrary, tags: Mapping[str, set[str]]) -> tuple[PeerLinkFacts, ...]:
    return tuple(
        PeerLinkFacts(
            link := _s(row, "link"),
            _s(row, "from"),
            _s(row, "to"),
            _s(row, "typeLabel"),
            _s(row, "description"),
            _s(row, "quote"),
            _s(row, "section"),
            frozenset(tags.get(link, ())),
        )
        for row in library.select(store, "list-peer-links")
    )


def load_overview_facts(store: GraphStore, library: QueryLibrary) -> OverviewFacts:
    """Read the snapshot from the store (a dozen small named queries)."""
    tags = _tags(store, library)
    cohorts = {_s(r, "cohortIri"): _s(r, "cohortLabel") for r in library.select(store, "show-cohort-overview")}
    roles = {_s(r, "role"): _s(r, "roleLabel") for r in library.select(store, "count-cities-by-role")}
    challenges = {
        (c := _s(r, "challenge")): ChallengeFacts(c, _s(r, "challengeLabel"), frozenset(tags.get(c, ())))
        for r in library.select(store, "list-challenges")
    }
    statuses = [
        Status(_s(r, "status"), _s(r, "statusLabel"), _int(r, "rank"))
        for r in library.select(store, "count-practices-by-status")
    ]
    return OverviewFacts(
        cities=_cities(store, library),
        roles=tuple(Option(i, roles[i]) for i in sorted(roles, key=_role_order)),
        cohorts=tuple(Option(i, label) for i, label in sorted(cohorts.items())),
        themes=_themes(store, library, set().union(*tags.values()) if tags else set()),
        statuses=tuple(sorted(statuses, key=lambda s: s.rank)),
        challenges=challenges,
        statements=tuple(
            sorted({(_s(r, "city"), _s(r, "challenge")) for r in library.select(store, "search-statements")})
        ),
        practices=_practices(store, library),
        peer_links=_peer_links(store, library, tags),
        twin_pairs=tuple(
            TwinPair(_s(r, "pilot"), _s(r, "twin"), _s(r, "cohortLabel"))
            for r in library.select(store, "list-twin-pairs")
        ),
    )


@dataclass(frozen=True)
class Count:
    """One headline number: what is counted (an IRI when it has a page), its label and the count."""

    label: str
    n: int
    iri: str = ""
    detail: str = ""


@dataclass(frozen=True)
class HomeOverview:
    """The headline numbers of the home page (templates/overview_home.html renders them)."""

    totals: tuple[Count, ...]
    roles: tuple[Count, ...]
    statuses: tuple[Count, ...]
    challenges: tuple[Count, ...]
    themes: tuple[Count, ...]

    @property
    def most_practices(self) -> int:
        """The largest status count, the 100 % of the status bars."""
        return max((c.n for c in self.statuses), default=0)


def home_overview(store: GraphStore, library: QueryLibrary, top: int = 5) -> HomeOverview:
    """Totals, cities by role, practices by status, the most shared challenges and the busiest themes."""
    totals = {_s(r, "kind"): _int(r, "n") for r in library.select(store, "count-resources")}
    ranked = library.select(store, "rank-challenges", {"limit": str(top)})
    return HomeOverview(
        totals=tuple(Count(kind, totals[kind]) for kind in HEADLINE_KINDS if kind in totals),
        roles=tuple(
            sorted(
                (
                    Count(_s(r, "roleLabel"), _int(r, "cities"), _s(r, "role"))
                    for r in library.select(store, "count-cities-by-role")
                ),
                key=lambda c: _role_order(c.iri),
            )
        ),
        statuses=tuple(
            Count(_s(r, "statusLabel"), _int(r, "practices"), _s(r, "status"))
            for r in library.select(store, "count-practices-by-status")
        ),
        challenges=tuple(
            Count(_s(r, "challengeLabel"), _int(r, "cities"), _s(r, "challenge"), f"{_int(r, 'practices')} practices")
            for r in ranked[:top]
        ),
        themes=tuple(
            Count(_s(r, "themeLabel"), _int(r, "practices"), _s(r, "theme"), f"{_int(r, 'cities')} cities")
            for r in library.select(store, "count-practices-by-theme")[:top]
        ),
    )
