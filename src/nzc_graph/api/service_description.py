"""The SPARQL service description (SPARQL 1.1 Service Description) of the endpoint.

Browsers asking `GET /sparql` get the query workbench instead (`api/query_pages.py`).
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from nzc_graph.config import Settings
from nzc_graph.formats import FORMATS, TURTLE, by_media_type
from nzc_graph.namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, SD


def service_description(endpoint: str, settings: Settings, media_type: str) -> bytes:
    g = Graph()
    g.bind("sd", SD)
    svc = URIRef(endpoint + "#service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, URIRef(endpoint)))
    g.add((svc, RDFS.label, Literal("nzc-graph SPARQL endpoint (read-only)", lang="en")))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    g.add((svc, SD.feature, SD.BasicFederatedQuery))
    for fmt in FORMATS:
        g.add((svc, SD.resultFormat, URIRef(fmt.iri)))
    dataset = BNode()
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, RDFS.comment, Literal("The default graph is the union of all named graphs.", lang="en")))
    for name in (ONTOLOGY_GRAPH, DATA_GRAPH, INFERRED_GRAPH):
        ng = BNode()
        g.add((dataset, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, name))
    limits = (
        f"Each query is stopped after {settings.query_timeout:g} s; results are limited to "
        f"{settings.max_result_bytes} bytes; SERVICE only to allow-listed endpoints."
    )
    g.add((svc, RDFS.comment, Literal(limits, lang="en")))
    written = by_media_type(media_type)
    if written is None or "graph" not in written.carries:
        written = TURTLE
    return g.serialize(format=written.rdflib_name, encoding="utf-8")
