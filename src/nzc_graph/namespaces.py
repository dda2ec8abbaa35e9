"""RDF namespaces used across the project, as constants."""

from __future__ import annotations

import re

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

NZC = Namespace("https://w3id.org/nzc/ontology#")
ONTOLOGY_IRI = "https://w3id.org/nzc/ontology"
BASE = "https://w3id.org/nzc/"
ID = Namespace(BASE + "id/")
CITY = Namespace(BASE + "id/city/")
COUNTRY = Namespace(BASE + "id/country/")
CHALLENGE = Namespace(BASE + "id/challenge/")
PRACTICE = Namespace(BASE + "id/practice/")
PRACTICE_KIND = Namespace(BASE + "id/practice-kind/")
STATUS = Namespace(BASE + "id/status/")
ROLE = Namespace(BASE + "id/role/")
THEME = Namespace(BASE + "id/theme/")
COHORT = Namespace(BASE + "id/cohort/")
QUOTE = Namespace(BASE + "id/quote/")
CITATION = Namespace(BASE + "id/citation/")
PAGE = Namespace(BASE + "id/page/")
MEMBERSHIP = Namespace(BASE + "id/membership/")
PAIRING = Namespace(BASE + "id/pairing/")
PILOT_ACTIVITY = Namespace(BASE + "id/pilot-activity/")
SUBMISSION = Namespace(BASE + "id/submission/")
SECTION = Namespace(BASE + "id/report/d4-8/section/")
GRAPH = Namespace(BASE + "graph/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
# GeoNames features: https://sws.geonames.org/{geonameid}/ (the trailing slash is part of the IRI).
GEONAMES = Namespace("https://sws.geonames.org/")

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
    "geo": str(GEO),
    "sh": str(SH),
    "city": str(CITY),
    "challenge": str(CHALLENGE),
    "practice": str(PRACTICE),
    "pk": str(PRACTICE_KIND),
    "status": str(STATUS),
    "role": str(ROLE),
    "theme": str(THEME),
    "cohort": str(COHORT),
    "page": str(PAGE),
    "mem": str(MEMBERSHIP),
    "pair": str(PAIRING),
    "act": str(PILOT_ACTIVITY),
}


# RFC 3987 in short: a scheme, a colon, and no character that Turtle or SPARQL forbid in <…>
# (and none of the control characters, U+0000 to U+0020 and U+007F to U+009F, that RFC 3987 leaves out).
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20\x7f-\x9f\s<>\"{}|\\^`]*")


def is_absolute_iri(text: str, *, web: bool = False) -> bool:
    """True when `text` can be written as `<text>` in Turtle and SPARQL; `web` asks for http(s).

    >>> is_absolute_iri("https://w3id.org/nzc/id/city/kozani")
    True
    >>> is_absolute_iri("urn:x-local:1"), is_absolute_iri("urn:x-local:1", web=True)
    (True, False)
    >>> is_absolute_iri("kozani"), is_absolute_iri("http://a b"), is_absolute_iri("http://a>b")
    (False, False, False)
    """
    if not _ABSOLUTE_IRI.fullmatch(text):  # not match: its $ lets a final line end through
        return False
    return not web or (text.lower().startswith(("http://", "https://")) and len(text.split("//", 1)[1]) > 0)


def section_iri(number: str) -> str:
    """The IRI of a report section from its number (or `summary`).

    >>> section_iri("1.4.1")
    'https://w3id.org/nzc/id/report/d4-8/section/s1-4-1'
    >>> section_iri("summary")
    'https://w3id.org/nzc/id/report/d4-8/section/summary'
    """
    slug = "s" + number.replace(".", "-") if number[:1].isdigit() else number
    return str(SECTION) + slug


def slug(iri: str) -> str:
    """The last segment of an IRI, the short form used in URLs and filters.

    >>> slug("https://w3id.org/nzc/id/theme/finance"), slug("https://w3id.org/nzc/ontology#City")
    ('finance', 'City')
    """
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
