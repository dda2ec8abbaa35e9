"""RDF namespaces used across the project, as constants."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

NZC = Namespace("https://w3id.org/nzc/ontology#")
ONTOLOGY_IRI = "https://w3id.org/nzc/ontology"
BASE = "https://w3id.org/nzc/"
ID = Namespace(BASE + "id/")
CITY = Namespace(BASE + "id/city/")
CHALLENGE = Namespace(BASE + "id/challenge/")
PRACTICE = Namespace(BASE + "id/practice/")
PRACTICE_KIND = Namespace(BASE + "id/practice-kind/")
STATUS = Namespace(BASE + "id/status/")
ROLE = Namespace(BASE + "id/role/")
THEME = Namespace(BASE + "id/theme/")
COHORT = Namespace(BASE + "id/cohort/")
QUOTE = Namespace(BASE + "id/quote/")
SUBMISSION = Namespace(BASE + "id/submission/")
GRAPH = Namespace(BASE + "graph/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

# Named graphs the build writes.
ONTOLOGY_GRAPH = GRAPH["ontology"]
DATA_GRAPH = GRAPH["data"]
INFERRED_GRAPH = GRAPH["inferred"]

PREFIXES: dict[str, str] = {
    "nzc": str(NZC),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "sh": str(SH),
    "city": str(CITY),
    "challenge": str(CHALLENGE),
    "practice": str(PRACTICE),
    "pk": str(PRACTICE_KIND),
    "status": str(STATUS),
    "role": str(ROLE),
    "theme": str(THEME),
    "cohort": str(COHORT),
}
