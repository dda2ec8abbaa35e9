"""Linked-data publishing: IRI mapping, resource descriptions, dataset description, dumps, sitemap.

Resources have canonical IRIs under `https://w3id.org/nzc/`; a server answers for them under its
own public base URL. `IriMapper` translates between the two. Everything here is plain Python on
the store interface; the HTTP edge (`api/routes/linked_data.py`) negotiates formats around it.
"""

from __future__ import annotations

import difflib
import gzip
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from nzc_graph.errors import NotFound
from nzc_graph.formats import Format
from nzc_graph.namespaces import BASE, DCAT, NZC, ONTOLOGY_GRAPH, ONTOLOGY_IRI, VOID, is_absolute_iri
from nzc_graph.publishing.serialize import (
    bind_prefixes,
    rdf_format,
    serialize,
)
from nzc_graph.queries import QueryLibrary
from nzc_graph.store.base import GraphStore

ID_PREFIX = BASE + "id/"
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
DATASET_IRI = BASE + "dataset"
# The dumps the service offers: file name → (RDF format, gzip-compressed?).
DUMPS: dict[str, tuple[str, bool]] = {
    "nzc.ttl": ("ttl", False),
    "nzc.nt.gz": ("nt", True),
    "nzc.jsonld": ("jsonld", False),
}


@dataclass(frozen=True)
class IriMapper:
    """Maps canonical IRIs (`https://w3id.org/nzc/…`) to the server's URLs and back.

    >>> m = IriMapper("http://localhost:8000")
    >>> m.local("https://w3id.org/nzc/id/city/aachen")
    'http://localhost:8000/id/city/aachen'
    >>> str(m.canonical("id/city/aachen"))
    'https://w3id.org/nzc/id/city/aachen'
    >>> m.page("https://w3id.org/nzc/ontology#City")
    'http://localhost:8000/ontology/term/City'
    """

    public_base_url: str

    @property
    def base(self) -> str:
        return self.public_base_url.rstrip("/") + "/"

    def local(self, iri: str) -> str:
        """The URL that dereferences `iri` on this server (other IRIs are returned unchanged)."""
        return self.base + iri[len(BASE) :] if iri.startswith(BASE) else iri

    def canonical(self, path: str) -> URIRef:
        """The canonical IRI of a server path such as `id/city/aachen`."""
        return URIRef(BASE + path.lstrip("/"))

    def page(self, iri: str) -> str:
        """Where a person should go for `iri`: ontology terms get their own page; an IRI that is not
        a web address (`urn:`, `mailto:`, `javascript:` from submitted data) is no link at all.

        >>> m = IriMapper("http://localhost:8000/")
        >>> m.page("https://w3id.org/nzc/id/city/kozani"), m.page("javascript:alert(1)")
        ('http://localhost:8000/id/city/kozani', '#')
        """
        if iri.startswith(str(NZC)) and len(iri) > len(NZC):
            return self.base + "ontology/term/" + iri[len(NZC) :]
        return self.local(iri) if is_absolute_iri(iri, web=True) else "#"


def is_ontology_term(iri: str) -> bool:
    return iri.startswith(str(NZC)) and len(iri) > len(NZC)


def ontology_graph(store: GraphStore) -> Graph:
    """The ontology named graph (ontology and fixed vocabularies), with prefixes bound."""
    return bind_prefixes(store.export(str(ONTOLOGY_GRAPH)))


def describe(store: GraphStore, library: QueryLibrary, iri: str) -> Graph:
    """The description of one resource (see queries/describe-resource.rq); raise NotFound with
    near matches if the store knows nothing about it. The ontology IRI describes the whole
    ontology; an ontology term adds its blank-node structures (restrictions, lists)."""
    if not _IRI.match(iri):
        raise NotFound(
            f"<{iri}> is not a valid IRI, so the graph has nothing about it",
            [s for s, _ in suggest(store, library, iri)],
        )
    if iri == ONTOLOGY_IRI:
        graph = ontology_graph(store)
    else:
        graph = store.construct(library.get("describe-resource").text, {"resource": URIRef(iri)})
        if is_ontology_term(iri):
            graph += ontology_graph(store).cbd(URIRef(iri))
    if not any(True for _ in graph.triples((URIRef(iri), None, None))) and not any(
        True for _ in graph.triples((None, None, URIRef(iri)))
    ):
        raise NotFound(f"no resource <{iri}> in the graph", [s for s, _ in suggest(store, library, iri)])
    return bind_prefixes(graph)


def suggest(store: GraphStore, library: QueryLibrary, iri: str, limit: int = 5) -> list[tuple[str, str]]:
    """Known resources whose slug or label is close to the last segment of `iri`: (IRI, label)
    pairs, best first. Resources of the same kind (`id/{kind}/`) are preferred."""
    rows = library.select(store, "list-published-resources", {"prefix": ID_PREFIX})
    resources = [(str(r["resource"]), str(r.get("label", ""))) for r in rows]
    path = iri[len(ID_PREFIX) :] if iri.startswith(ID_PREFIX) else iri.rsplit("/", 1)[-1]
    kind, _, slug = path.rpartition("/")
    same_kind = [r for r in resources if kind and r[0].startswith(ID_PREFIX + kind + "/")]
    keys: dict[str, tuple[str, str]] = {}
    for resource, label in same_kind or resources:
        keys.setdefault(resource.rsplit("/", 1)[-1], (resource, label))
        if label:
            keys.setdefault(label.lower(), (resource, label))
    wanted = slug.lower()
    found = difflib.get_close_matches(wanted, keys, n=limit * 2, cutoff=0.6)
    found += difflib.get_close_matches(wanted.replace("-", " "), keys, n=limit * 2, cutoff=0.6)
    out: list[tuple[str, str]] = []
    for key in found:
        if keys[key] not in out:
            out.append(keys[key])
    return out[:limit]


def published_resources(store: GraphStore, library: QueryLibrary) -> list[tuple[str, str]]:
    """Every resource under `id/` with its label, for the sitemap."""
    rows = library.select(store, "list-published-resources", {"prefix": ID_PREFIX})
    return [(str(r["resource"]), str(r.get("label", ""))) for r in rows]


def class_instances(store: GraphStore, library: QueryLibrary, class_iri: str) -> list[tuple[str, str]]:
    rows = library.select(store, "list-class-instances", {"class": class_iri})
    return [(str(r["resource"]), str(r.get("label", "")) or str(r["resource"]).rsplit("/", 1)[-1]) for r in rows]


def last_modified(folders: list[Path]) -> date:
    """When the curated sources (ontology and data files) last changed."""
    times = [p.stat().st_mtime for folder in folders for p in folder.glob("*.ttl")]
    stamp = max(times) if times else 0.0
    return datetime.fromtimestamp(stamp, tz=UTC).date()


def dataset_description(store: GraphStore, library: QueryLibrary, public_base_url: str, modified: date) -> Graph:
    """VoID and DCAT description of the published graph (queries/describe-dataset.rq)."""
    server = public_base_url.rstrip("/") + "/"
    bindings = library.bind("describe-dataset", {"server": server, "modified": modified.isoformat()})
    graph = store.construct(library.get("describe-dataset").text, bindings)
    return bind_prefixes(graph)


def dump_graph(store: GraphStore) -> Graph:
    """Everything the store serves (the union of its named graphs), as one graph."""
    return bind_prefixes(store.export(None))


def dump_bytes(graph: Graph, name: str, context: dict[str, Any]) -> tuple[Format, bytes]:
    """The bytes of one dump file of `graph` and its RDF format."""
    try:
        ext, compressed = DUMPS[name]
    except KeyError:
        raise NotFound(f"no dump named '{name}'", [f"dumps/{n}" for n in DUMPS]) from None
    fmt = rdf_format(ext)
    data = serialize(graph, fmt, context)
    return fmt, gzip.compress(data, mtime=0) if compressed else data


def sitemap_xml(mapper: IriMapper, resources: list[tuple[str, str]], pages: list[str], modified: date) -> str:
    """A sitemap (sitemaps.org 0.9) of the HTML pages of every resource plus the given pages."""
    urls = [mapper.base + p for p in pages] + [mapper.local(iri) + ".html" for iri, _ in resources]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(u)}</loc><lastmod>{modified.isoformat()}</lastmod></url>" for u in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def graph_label(graph: Graph, iri: str) -> str:
    """The best label of `iri` in `graph`: English prefLabel, label or title, else its last segment."""
    node = URIRef(iri)
    for prop in (SKOS.prefLabel, RDFS.label, DCTERMS.title):
        values = [o for o in graph.objects(node, prop) if isinstance(o, Literal)]
        english = [v for v in values if v.language in (None, "en")]
        if english or values:
            return str(min(english or values))
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def ontology_html(ontology: Graph) -> str:
    """Human-readable documentation of the ontology, generated by pyLODE (OntPub profile).

    The headers of the SKOS concept schemes kept beside the ontology are left out: OntPub would
    merge their titles into the ontology's own metadata. Their concepts are still documented."""
    from pylode import OntPub  # imported on first use: it loads background ontologies

    schemes = set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    copy = Graph()
    copy += (t for t in ontology if t[0] not in schemes)
    html = str(OntPub(copy, sort_subjects=True).make_html())
    html = html.replace("<html>", '<html lang="en">', 1)
    # pyLODE's superscript badges are too light to read on white (WCAG 2 AA contrast)
    for light, dark in (
        ("color:lightskyblue;", "color:#0b5c99;"),
        ("color:orange;", "color:#a04d00;"),
        ("color: grey;", "color: #4d4d4d;"),
    ):
        html = html.replace(light, dark)
    return html.replace(
        "<head>",
        '<head>\n    <meta charset="utf-8">\n    <meta name="viewport" content="width=device-width, initial-scale=1">',
        1,
    )


@dataclass(frozen=True)
class DatasetSummary:
    """The facts of the dataset description a person wants to read."""

    title: str
    description: str
    licence: str
    modified: str
    triples: int
    entities: int
    endpoint: str
    dumps: tuple[tuple[str, str, str], ...]
    classes: tuple[tuple[str, int], ...]
    roles: tuple[tuple[str, int], ...] = ()
    sources: tuple[str, ...] = ()
    linksets: tuple[tuple[str, int], ...] = ()


def dataset_summary(graph: Graph) -> DatasetSummary:
    """Read the summary back from a graph made by `dataset_description`."""
    ds = URIRef(DATASET_IRI)

    def one(prop: URIRef, node: URIRef = ds) -> str:
        return str(graph.value(node, prop) or "")

    dumps = sorted(
        (one(DCTERMS.title, d), one(DCAT.downloadURL, d), one(DCAT.mediaType, d).split("media-types/")[-1])
        for d in graph.objects(ds, DCAT.distribution)
        if isinstance(d, URIRef)
    )
    classes = sorted(
        (one(VOID["class"], p), int(one(VOID.entities, p) or 0))
        for p in graph.objects(ds, VOID.classPartition)
        if isinstance(p, URIRef)
    )
    subsets = [r for r in graph.objects(ds, VOID.subset) if isinstance(r, URIRef)]
    linked = {r for r in subsets if (r, RDF.type, VOID.Linkset) in graph}
    roles = sorted((one(DCTERMS.title, r), int(one(VOID.entities, r) or 0)) for r in subsets if r not in linked)
    linksets = sorted((one(DCTERMS.title, r), int(one(VOID.triples, r) or 0)) for r in linked)
    sources = sorted(str(s) for s in graph.objects(ds, DCTERMS.source))
    return DatasetSummary(
        one(DCTERMS.title),
        one(DCTERMS.description),
        one(DCTERMS.license),
        one(DCTERMS.modified),
        int(one(VOID.triples) or 0),
        int(one(VOID.entities) or 0),
        one(VOID.sparqlEndpoint),
        tuple(dumps),
        tuple(classes),
        tuple(roles),
        tuple(sources),
        tuple(linksets),
    )
