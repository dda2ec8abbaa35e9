"""An in-memory snapshot of the facts search and matchmaking rank over.

Loaded once from the store through named queries (queries/search-*.rq) and then
read without touching the store, so a ranking costs microseconds per candidate rather than a
SPARQL round trip. The same structural logic is in queries/who-implements.rq and
queries/peers-by-shared-challenge.rq for analysts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from nzc_graph.languages import DEFAULT_LANGUAGE, Language
from nzc_graph.namespaces import NZC
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.places import Point, places_of
from nzc_graph.store.base import GraphStore, TextRow


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote (plain text) and the number of the report section it comes from.

    `context` is the sentence the quote starts inside of, given only when the quote starts
    mid-sentence (show it with a leading "…"); `indirect` is true when the quote names other
    cities but not the one the claim is about.
    """

    quote: str
    section: str
    context: str = ""
    indirect: bool = False

    @property
    def shown(self) -> str:
        """The quote as people read it: with a leading "…" when it starts mid-sentence."""
        return f"…{self.quote}" if self.context else self.quote


@dataclass(frozen=True)
class Practice:
    """A city's adoption of a kind of practice."""

    iri: str
    city: str
    label: str
    kind: str | None
    status: str
    rank: int
    description: str
    challenges: tuple[str, ...]
    themes: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Statement:
    """The claim that a city faces a challenge."""

    iri: str
    city: str
    challenge: str
    label: str
    description: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class City:
    """A city with every name the graph knows for it, its country, roles and cohorts, and its
    population and place as GeoNames gives them (None when it gives none: search/places.py)."""

    iri: str
    label: str
    names: tuple[str, ...]
    country: str | None
    country_code: str | None
    country_label: str | None
    roles: frozenset[str]
    cohorts: frozenset[str]
    population: int | None = None
    point: Point | None = None


@dataclass(frozen=True)
class PeerLink:
    """A directed learning link between two cities (advised, inspired, wants to learn from, …)."""

    iri: str | None
    from_city: str
    to_city: str
    type_label: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class PracticeSource:
    """A city another city learnt a kind of practice from: the model of its "inspired by" practice,
    or the city that advised it (queries/search-practice-sources.rq), with the quotes that say so."""

    source: str
    kind: str
    learner: str
    relation: str  # "inspired" or "advised"
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Citation:
    """The place on a web page that states a fact: the page's address, title and publisher, and the
    heading the fact appears under."""

    url: str
    title: str
    publisher: str
    heading: str

    @property
    def shown(self) -> str:
        """The page as people read it: title, publisher, and the heading when it is not the title."""
        where = f", under “{self.heading}”" if self.heading and self.heading != self.title else ""
        return f"{self.title} ({self.publisher}){where}" if self.publisher else f"{self.title}{where}"


@dataclass(frozen=True)
class TwinPair:
    """A Twin City paired with a Pilot City in the programme, with the pages that state it."""

    twin: str
    pilot: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Concept:
    """A challenge, practice kind, theme, status, cohort or country, with its label."""

    iri: str
    type: str
    label: str
    number: int | None
    themes: tuple[str, ...] = ()


@dataclass
class Facts:
    """The snapshot, with the reverse indexes the rankers need."""

    practices: dict[str, Practice]
    statements: dict[str, Statement]
    cities: dict[str, City]
    concepts: dict[str, Concept]
    peer_links: list[PeerLink]
    corpus: dict[str, list[tuple[str, str]]]
    sources: list[PracticeSource] = field(default_factory=list)
    twin_pairs: list[TwinPair] = field(default_factory=list)
    practices_by_challenge: dict[str, list[Practice]] = field(default_factory=dict)
    practices_by_city: dict[str, list[Practice]] = field(default_factory=dict)
    statements_by_challenge: dict[str, list[Statement]] = field(default_factory=dict)
    statements_by_city: dict[str, list[Statement]] = field(default_factory=dict)
    practices_by_kind: dict[str, list[Practice]] = field(default_factory=dict)
    sources_by_city: dict[str, list[PracticeSource]] = field(default_factory=dict)
    twins_by_city: dict[str, list[TwinPair]] = field(default_factory=dict)
    # the catalogue's labels in the other languages: language → concept → [(field, text)]
    translations: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)
    indexed: bool = False  # the reverse indexes are given (an update in place, search/delta.py)
    translated: dict[str, dict[str, str]] = field(init=False)  # language → concept → prefLabel, from translations

    def __post_init__(self) -> None:
        self.translated = {
            lang: {iri: text for iri, texts in by_iri.items() for f, text in texts if f == "prefLabel"}
            for lang, by_iri in self.translations.items()
        }
        if self.indexed:
            return
        self.indexed = True
        for src in self.sources:
            self.sources_by_city.setdefault(src.source, []).append(src)
        for pair in self.twin_pairs:
            self.twins_by_city.setdefault(pair.twin, []).append(pair)
            self.twins_by_city.setdefault(pair.pilot, []).append(pair)
        for p in self.practices.values():
            self.practices_by_city.setdefault(p.city, []).append(p)
            if p.kind:
                self.practices_by_kind.setdefault(p.kind, []).append(p)
            for c in p.challenges:
                self.practices_by_challenge.setdefault(c, []).append(p)
        for s in self.statements.values():
            self.statements_by_city.setdefault(s.city, []).append(s)
            self.statements_by_challenge.setdefault(s.challenge, []).append(s)

    def label(self, iri: str | None, language: Language = DEFAULT_LANGUAGE) -> str:
        """The label of a concept or city (a concept's in `language` when the catalogue has it), or
        the last part of its IRI."""
        if iri is None:
            return ""
        if language != DEFAULT_LANGUAGE:
            translated = self.translated.get(language, {}).get(iri)
            if translated:
                return translated
        if iri in self.cities:
            return self.cities[iri].label
        concept = self.concepts.get(iri)
        return concept.label if concept and concept.label else iri.rstrip("/").rsplit("/", 1)[-1]

    def of_type(self, type_iri: str) -> list[Concept]:
        return [c for c in self.concepts.values() if c.type == type_iri]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _s(row: TextRow, key: str) -> str | None:
    return row.get(key)


def _int(row: TextRow, key: str) -> int | None:
    value = _s(row, key)
    try:
        return None if value is None else int(float(value))
    except ValueError:
        return None


def evidence_of(rows: list[TextRow]) -> dict[str, tuple[Evidence, ...]]:
    found: dict[str, list[Evidence]] = defaultdict(list)
    for row in rows:
        indirect = _s(row, "indirect") == "true"
        found[str(row["claim"])].append(
            Evidence(str(row["quote"]), _s(row, "section") or "", _s(row, "context") or "", indirect)
        )
    return {k: tuple(sorted(v, key=_evidence_order)) for k, v in found.items()}


def _evidence_order(e: Evidence) -> tuple[str, str, str, bool]:
    return (e.section, e.quote, e.context, e.indirect)


def links_of(rows: list[TextRow]) -> dict[tuple[str, str], list[str]]:
    links: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in rows:
        target = str(row["object"])
        bucket = links[(str(row["subject"]), str(row["relation"]))]
        if target not in bucket:
            bucket.append(target)
    for bucket in links.values():
        bucket.sort()
    return links


def practices_of(
    rows: list[TextRow],
    evidence: dict[str, tuple[Evidence, ...]],
    links: dict[tuple[str, str], list[str]],
) -> dict[str, Practice]:
    out: dict[str, Practice] = {}
    for row in rows:
        iri = str(row["practice"])
        if iri in out:
            continue
        out[iri] = Practice(
            iri=iri,
            city=str(row["city"]),
            label=_s(row, "label") or iri.rsplit("/", 1)[-1],
            kind=_s(row, "kind"),
            status=str(row["status"]),
            rank=_int(row, "rank") or 1,
            description=_s(row, "description") or "",
            challenges=tuple(links.get((iri, "addresses"), ())),
            themes=tuple(links.get((iri, "theme"), ())),
            evidence=evidence.get(iri, ()),
        )
    return dict(sorted(out.items()))


def statements_of(rows: list[TextRow], evidence: dict[str, tuple[Evidence, ...]]) -> dict[str, Statement]:
    out: dict[str, Statement] = {}
    for row in rows:
        iri = str(row["statement"])
        if iri not in out:
            out[iri] = Statement(
                iri,
                str(row["city"]),
                str(row["challenge"]),
                _s(row, "label") or "",
                _s(row, "description") or "",
                evidence.get(iri, ()),
            )
    return dict(sorted(out.items()))


def _cities(library: QueryLibrary, store: GraphStore) -> dict[str, City]:
    acc: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in library.select_text(store, "search-cities"):
        fields = acc[str(row["city"])]
        for key in ("label", "name", "country", "isoCode", "countryLabel", "role", "cohort"):
            value = _s(row, key)
            if value is not None and value not in fields[key]:
                fields[key].append(value)
    places = places_of(library.select_text(store, "search-city-places"))
    out: dict[str, City] = {}
    for iri, f in sorted(acc.items()):
        for values in f.values():
            values.sort()
        names = tuple(f["name"]) or (iri.rsplit("/", 1)[-1],)
        out[iri] = City(
            iri,
            (f["label"] or names)[0],
            names,
            _first(f["country"]),
            _first(f["isoCode"]),
            _first(f["countryLabel"]),
            frozenset(f["role"]),
            frozenset(f["cohort"]),
            *places.get(iri, (None, None)),
        )
    return out


def _concepts(library: QueryLibrary, store: GraphStore, links: dict[tuple[str, str], list[str]]) -> dict[str, Concept]:
    out: dict[str, Concept] = {}
    for row in library.select_text(store, "search-concepts"):
        iri = str(row["concept"])
        if iri not in out or not out[iri].label:
            out[iri] = Concept(
                iri, str(row["type"]), _s(row, "label") or "", _int(row, "number"), tuple(links.get((iri, "theme"), ()))
            )
    return dict(sorted(out.items()))


def _peer_links(library: QueryLibrary, store: GraphStore, evidence: dict[str, tuple[Evidence, ...]]) -> list[PeerLink]:
    out = []
    for row in library.select_text(store, "search-peer-links"):
        iri = _s(row, "link")
        out.append(
            PeerLink(
                iri,
                str(row["fromCity"]),
                str(row["toCity"]),
                _s(row, "typeLabel") or "peer",
                evidence.get(iri or "", ()),
            )
        )
    return sorted(out, key=lambda p: (p.from_city, p.to_city, p.type_label, p.iri or ""))


def sources_of(rows: list[TextRow]) -> list[PracticeSource]:
    found: dict[tuple[str, str, str, str], list[Evidence]] = defaultdict(list)
    for row in rows:
        key = (str(row["source"]), str(row["kind"]), str(row["learner"]), str(row["relation"]))
        quote = Evidence(str(row["quote"]), _s(row, "section") or "", _s(row, "context") or "")
        if quote not in found[key]:
            found[key].append(quote)
    return [PracticeSource(*key, tuple(sorted(q, key=_evidence_order))) for key, q in sorted(found.items())]


def _twin_pairs(library: QueryLibrary, store: GraphStore) -> list[TwinPair]:
    found: dict[tuple[str, str], list[Citation]] = defaultdict(list)
    for row in library.select_text(store, "search-twin-pairs"):
        cites = found[(str(row["twin"]), str(row["pilot"]))]
        url = _s(row, "url")
        if url:
            cites.append(Citation(url, _s(row, "title") or url, _s(row, "publisher") or "", _s(row, "heading") or ""))
    return [
        TwinPair(twin, pilot, tuple(sorted(cites, key=lambda c: (c.url, c.heading))))
        for (twin, pilot), cites in sorted(found.items())
    ]


def corpus_of(rows: list[TextRow]) -> dict[str, list[tuple[str, str]]]:
    corpus: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        corpus[str(row["resource"])].append((str(row["field"]), str(row["text"])))
    return {resource: sorted(texts) for resource, texts in sorted(corpus.items())}


def translations_of(rows: list[TextRow]) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """The labels of search-concept-translations by language and concept, each concept's sorted."""
    found: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        found[str(row["language"])][str(row["resource"])].append((str(row["field"]), str(row["text"])))
    return {lang: {iri: sorted(t) for iri, t in sorted(by.items())} for lang, by in sorted(found.items())}


def claim_texts(
    practice_rows: list[TextRow], statement_rows: list[TextRow], evidence: dict[str, tuple[Evidence, ...]]
) -> dict[str, list[tuple[str, str]]]:
    """The texts of practices and statements, as search-corpus lists them: each distinct label and
    description, and every evidence quote. Read from the rows the snapshot reads anyway (reading
    them again through search-corpus was a fifth of the index build at a million triples)."""
    texts: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)
    for rows, key in ((practice_rows, "practice"), (statement_rows, "statement")):
        for row in rows:
            fields = texts[row[key]]
            for name in ("label", "description"):
                value = row.get(name)
                if value is not None:
                    fields[(name, value)] = None
    return {iri: [*fields, *(("quote", e.quote) for e in evidence.get(iri, ()))] for iri, fields in texts.items()}


def load_facts(store: GraphStore, library: QueryLibrary) -> Facts:
    """Read the snapshot from the store (a handful of named queries)."""
    evidence = evidence_of(library.select_text(store, "search-evidence"))
    links = links_of(library.select_text(store, "search-links"))
    practice_rows = library.select_text(store, "search-practices")
    statement_rows = library.select_text(store, "search-statements")
    return Facts(
        practices=practices_of(practice_rows, evidence, links),
        statements=statements_of(statement_rows, evidence),
        cities=_cities(library, store),
        concepts=_concepts(library, store, links),
        peer_links=_peer_links(library, store, evidence),
        corpus={
            **corpus_of(library.select_text(store, "search-concept-texts")),
            **claim_texts(practice_rows, statement_rows, evidence),
        },
        sources=sources_of(library.select_text(store, "search-practice-sources")),
        twin_pairs=_twin_pairs(library, store),
        translations=translations_of(library.select_text(store, "search-concept-translations")),
    )


CHALLENGE_TYPE = str(NZC.Challenge)
KIND_TYPE = str(NZC.PracticeKind)
THEME_TYPE = str(NZC.Theme)
STATUS_TYPE = str(NZC.Status)
COHORT_TYPE = str(NZC.Cohort)
COUNTRY_TYPE = str(NZC.Country)
ROLE_TYPE = str(NZC.Role)
