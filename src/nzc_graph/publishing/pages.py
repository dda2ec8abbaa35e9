"""What an HTML page about a resource shows, as plain values the templates render.

A page is built from the resource's description (`publishing.describe`) plus the page-section
queries named below (`queries/describe-*.rq`, `who-solved.rq`, `practices-of-kind.rq`,
`suggest-peers.rq`). Every IRI here is canonical; the edge maps it to a local URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from nzc_graph.namespaces import GEONAMES, ID, NZC, PREFIXES, SCHEMA
from nzc_graph.publishing.linked_data import graph_label, is_ontology_term
from nzc_graph.publishing.svg import Edge
from nzc_graph.queries import QueryLibrary
from nzc_graph.store.base import GraphStore, Row


@dataclass(frozen=True)
class Link:
    iri: str
    label: str


@dataclass(frozen=True)
class Quote:
    """A quote; `context`: its sentence if it starts mid-sentence; `indirect`: names only other cities."""

    text: str
    section: str = ""
    context: str = ""
    indirect: bool = False


@dataclass(frozen=True)
class Citation:
    """A web page (the programme's roster pages) that states a claim, and the heading it is under."""

    title: str
    url: str
    heading: str = ""


@dataclass(frozen=True)
class Item:
    link: Link
    details: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]
    note: str = ""


@dataclass(frozen=True)
class Fact:
    """One property of the resource with its values (links to resources, or literal text)."""

    property: Link
    values: tuple[Link | str, ...]


@dataclass(frozen=True)
class Page:
    iri: str
    kind: str
    kind_label: str
    label: str
    description: str
    types: tuple[Link, ...]
    facts: tuple[Fact, ...]
    sections: tuple[Section, ...]
    evidence: tuple[Quote, ...]
    statements: tuple[Fact, ...]
    referenced_by: tuple[Fact, ...]


@dataclass(frozen=True)
class Queried:
    """A page section filled by a named query; rows with the same item are merged."""

    key: str
    title: str
    query: str
    item: str = "item"
    label: str = "itemLabel"
    details: tuple[str, ...] = ()
    param: str = "resource"
    note: str = ""
    limit: int | None = None


@dataclass(frozen=True)
class Linked:
    """A page section listing the neighbours joined to the resource by one property."""

    key: str
    title: str
    property: URIRef
    incoming: bool = True
    note: str = ""


@dataclass(frozen=True)
class KindSpec:
    label: str
    facts: tuple[URIRef, ...] | None = None
    sections: tuple[Queried | Linked, ...] = field(default=())


KINDS: dict[str, KindSpec] = {
    "city": KindSpec(
        "City",
        (NZC.country, NZC.geonamesRegion, NZC.geonamesPopulation, NZC.hasRole, NZC.inCohort, SCHEMA.sameAs),
        (
            Queried(
                "roles",
                "Programme roles",
                "describe-city-memberships",
                details=("programmeLabel", "cohortLabel", "activityLabel", "supersededNote"),
            ),
            Queried(
                "twins",
                "Twinning",
                "describe-city-twins",
                details=("relation", "cohortLabel", "activityLabel"),
                note="Pilot and Twin Cities paired in the programme, as its roster pages state.",
            ),
            Queried("practices", "Practices", "describe-city-practices", details=("statusLabel", "kindLabel")),
            Queried("challenges", "Challenges it faces", "describe-city-challenges"),
            Queried("peers", "Peer links", "describe-city-peer-links", details=("relation", "linkLabel")),
            Queried(
                "suggested",
                "Suggested peers",
                "suggest-peers",
                details=("sharedLabels",),
                limit=5,
                note="Cities that face some of the same challenges, most shared challenges first "
                "(the simple overlap shown when the matchmaking service is not available; with it, "
                "the page shows who can help the city and whom it can help).",
            ),
            Queried("sessions", "Learning sessions", "describe-city-sessions", details=("date", "roomLabel")),
        ),
    ),
    "practice-kind": KindSpec(
        "Practice kind",
        (SKOS.altLabel, SKOS.broader, NZC.theme),
        (
            Queried(
                "adoptions",
                "Cities with this practice",
                "practices-of-kind",
                item="practice",
                label="cityLabel",
                details=("statusLabel", "description"),
                param="kind",
            ),
            Linked("challenges", "Challenges it addresses", NZC.kindAddresses, incoming=False),
        ),
    ),
    "practice": KindSpec(
        "City practice",
        (
            NZC.city,
            NZC.practiceKind,
            NZC.status,
            NZC.addresses,
            NZC.theme,
            NZC.involves,
            NZC.fundedBy,
            NZC.inspiredBy,
            NZC.startDate,
            NZC.endDate,
        ),
        (Linked("figures", "Figures", NZC.figureOf),),
    ),
    "challenge": KindSpec(
        "Challenge",
        (SKOS.altLabel, SKOS.broader, NZC.theme),
        (
            Queried(
                "solved",
                "Who solved it",
                "who-solved",
                item="practice",
                label="cityLabel",
                details=("statusLabel", "practiceLabel"),
                param="challenge",
                note="Cities with a practice that addresses this challenge, furthest status first.",
            ),
            Queried("faces", "Who faces it", "describe-challenge-cities"),
            Linked("kinds", "Practice kinds that address it", NZC.kindAddresses),
        ),
    ),
    "theme": KindSpec(
        "Theme",
        (SKOS.altLabel, SKOS.broader, SKOS.inScheme),
        (
            Linked("narrower", "Narrower themes", SKOS.broader),
            Linked("about", "About this theme", NZC.theme),
        ),
    ),
    "session": KindSpec(
        "Learning session",
        (NZC.startDate, SCHEMA.superEvent, NZC.theme, NZC.numberOfCities),
        (
            Queried("goals", "Learning goals", "describe-session-goals", details=("question",)),
            Queried(
                "participants",
                "Participating cities",
                "describe-session-participants",
                details=("roleTitle", "roomLabel"),
            ),
            Linked("parts", "Sessions in this series", SCHEMA.superEvent),
        ),
    ),
    "organisation": KindSpec(
        "Organisation",
        None,
        (
            Linked("practices", "Practices it takes part in", NZC.involves),
            Linked("funding", "Funding it provides", NZC.provider),
            Linked("represented", "Sessions where it represented a city", NZC.representedBy),
        ),
    ),
    "term": KindSpec(
        "Ontology term",
        None,
        (
            Linked("subclasses", "Subclasses", RDFS.subClassOf),
            Linked("subproperties", "Sub-properties", RDFS.subPropertyOf),
            Linked("instances", "Instances", RDF.type),
        ),
    ),
}
DEFAULT_KIND = KindSpec("Resource")
# Labels for W3C terms the ontology uses but does not declare.
_W3C_LABELS: dict[str, str] = {
    str(RDF.type): "type",
    str(RDFS.label): "label",
    str(RDFS.comment): "comment",
    str(RDFS.subClassOf): "subclass of",
    str(RDFS.subPropertyOf): "subproperty of",
    str(RDFS.domain): "domain",
    str(RDFS.range): "range",
    str(OWL.inverseOf): "inverse of",
    str(OWL.equivalentClass): "equivalent class",
}
_EVIDENCE = {str(NZC.evidence), str(NZC.indirectEvidence)}
_NOT_FACTS = {RDF.type, RDFS.label, SKOS.prefLabel, *map(URIRef, _EVIDENCE), DCTERMS.description, SKOS.definition}
_DESCRIPTIONS = (DCTERMS.description, SKOS.definition, RDFS.comment)


def _other_language_label(prop: object, value: object) -> bool:
    """A label in another language than English: pages are in English, and a concept's labels in
    the other languages of its scheme are published in its RDF (Turtle, JSON-LD, ...), not listed."""
    return (
        prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        and isinstance(value, Literal)
        and (value.language is not None and value.language.split("-")[0].lower() != "en")
    )


def kind_of(iri: str) -> str:
    """The page kind of an IRI: the segment after `id/`, or `term` for ontology terms."""
    if is_ontology_term(iri):
        return "term"
    if iri.startswith(str(ID)):
        return iri[len(ID) :].split("/", 1)[0]
    return "resource"


def curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def term_labels(store: GraphStore, library: QueryLibrary) -> dict[str, str]:
    """English labels of the ontology's classes and properties (queries/list-term-labels.rq)."""
    labels = dict(_W3C_LABELS)
    labels.update({str(r["term"]): str(r["label"]) for r in library.select(store, "list-term-labels")})
    return labels


def _value(graph: Graph, node: object) -> Link | str:
    if isinstance(node, URIRef) and node.startswith(str(GEONAMES)):
        return Link(str(node), "GeoNames " + node[len(GEONAMES) :].rstrip("/"))
    if isinstance(node, URIRef):
        return Link(str(node), graph_label(graph, str(node)))
    if isinstance(node, Literal):
        return str(node)
    return "(an anonymous node, such as an OWL class expression: see the Turtle or the ontology documentation)"


def _facts(graph: Graph, iri: str, labels: dict[str, str], incoming: bool) -> tuple[Fact, ...]:
    node = URIRef(iri)
    pairs = graph.subject_predicates(node) if incoming else ((p, o) for p, o in graph.predicate_objects(node))
    if not incoming and (node, RDF.type, SKOS.Concept) in graph:
        pairs = ((p, o) for p, o in pairs if not _other_language_label(p, o))
    grouped: dict[str, list[object]] = {}
    for first, second in pairs:
        prop, other = (second, first) if incoming else (first, second)
        grouped.setdefault(str(prop), []).append(other)
    facts = []
    for prop_iri, values in grouped.items():
        shown = sorted((_value(graph, v) for v in values), key=lambda v: v.label if isinstance(v, Link) else v)
        facts.append(Fact(Link(prop_iri, labels.get(prop_iri, curie(prop_iri))), tuple(dict.fromkeys(shown))))
    return tuple(sorted(facts, key=lambda f: f.property.label.lower()))


def _evidence(graph: Graph, iri: str) -> tuple[Quote, ...]:
    quotes = []
    node = URIRef(iri)
    for q in graph.objects(node, NZC.evidence):
        section = graph.value(q, NZC.section)
        number = graph.value(section, NZC.sectionNumber) if section is not None else None
        text, context = (str(graph.value(q, p) or "") for p in (NZC.quoteText, NZC.quoteContext))
        quotes.append(Quote(text, str(number or ""), context, (node, NZC.indirectEvidence, q) in graph))
    return tuple(sorted(quotes, key=lambda q: (q.section, q.text)))


def _quote(row: Row) -> Quote:
    indirect = str(row.get("indirect")) == "true"
    return Quote(str(row["quote"]), str(row.get("section", "")), str(row.get("context", "")), indirect)


def _queried(store: GraphStore, library: QueryLibrary, iri: str, spec: Queried) -> Section:
    rows: list[Row] = library.select(store, spec.query, {spec.param: iri})
    merged: dict[str, tuple[str, dict[str, None], dict[Quote, None], dict[Citation, None]]] = {}
    for row in rows:
        key = str(row[spec.item])
        _, details, quotes, citations = merged.setdefault(key, (str(row.get(spec.label, key)), {}, {}, {}))
        for column in spec.details:
            if column in row and str(row[column]):
                details[str(row[column])] = None
        if "quote" in row:
            quotes[_quote(row)] = None
        if "pageUrl" in row:
            citations[Citation(str(row.get("pageTitle", "")), str(row["pageUrl"]), str(row.get("heading", "")))] = None
    items = tuple(Item(Link(k, label), tuple(d), tuple(q), tuple(c)) for k, (label, d, q, c) in merged.items())
    return Section(spec.key, spec.title, items[: spec.limit], spec.note)


def _linked(graph: Graph, iri: str, spec: Linked) -> Section:
    node = URIRef(iri)
    others = graph.subjects(spec.property, node) if spec.incoming else graph.objects(node, spec.property)
    links = {Link(str(o), graph_label(graph, str(o))) for o in others if isinstance(o, URIRef)}
    items = tuple(Item(link) for link in sorted(links, key=lambda link: (link.label.lower(), link.iri)))
    return Section(spec.key, spec.title, items, spec.note)


def build_page(store: GraphStore, library: QueryLibrary, iri: str, graph: Graph) -> Page:
    """The page of `iri`, from its description `graph` and the section queries of its kind."""
    kind = kind_of(iri)
    spec = KINDS.get(kind, DEFAULT_KIND)
    labels = term_labels(store, library)
    statements = _facts(graph, iri, labels, incoming=False)
    if spec.facts is None:
        facts = tuple(f for f in statements if URIRef(f.property.iri) not in _NOT_FACTS)
    else:
        by_prop = {f.property.iri: f for f in statements}
        facts = tuple(by_prop[str(p)] for p in spec.facts if str(p) in by_prop)
    sections = tuple(
        _queried(store, library, iri, s) if isinstance(s, Queried) else _linked(graph, iri, s) for s in spec.sections
    )
    sections = tuple(
        s for s, spec_s in zip(sections, spec.sections, strict=True) if s.items or isinstance(spec_s, Queried)
    )
    node = URIRef(iri)
    description = next((str(graph.value(node, p)) for p in _DESCRIPTIONS if graph.value(node, p) is not None), "")
    types = tuple(
        sorted(
            (
                Link(str(t), labels.get(str(t), graph_label(graph, str(t))))
                for t in graph.objects(node, RDF.type)
                if isinstance(t, URIRef) and t != OWL.NamedIndividual
            ),
            key=lambda link: link.label,
        )
    )
    return Page(
        iri=iri,
        kind=kind,
        kind_label=spec.label,
        label=graph_label(graph, iri),
        description=description,
        types=types,
        facts=facts,
        sections=sections,
        evidence=_evidence(graph, iri),
        statements=statements,
        referenced_by=_facts(graph, iri, labels, incoming=True),
    )


def page_edges(page: Page) -> list[Edge]:
    """The links of the page's resource to other resources, for the neighbourhood picture
    (evidence quotes are left out: the page shows them as text)."""
    edges = []
    for facts, incoming in ((page.statements, False), (page.referenced_by, True)):
        for fact in facts:
            if fact.property.iri in _EVIDENCE:
                continue
            edges += [Edge(fact.property.label, v.iri, v.label, incoming) for v in fact.values if isinstance(v, Link)]
    return edges
