"""Linked data over a real server: the content-negotiation matrix, pages, ontology, dataset, dumps."""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Iterator
from xml.etree import ElementTree

import html5lib
import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from nzc_graph.namespaces import DCAT, VOID

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(backend_api: str) -> str:
    """Every test here runs on each backend: embedded, Oxigraph server, Virtuoso (tests/backends.py)."""
    return backend_api


CANONICAL = "https://w3id.org/nzc/"
NZC = "https://w3id.org/nzc/ontology#"
FORMATS = [
    ("text/html", "html", None),
    ("text/turtle", "ttl", "turtle"),
    ("application/ld+json", "jsonld", "json-ld"),
    ("application/n-triples", "nt", "nt"),
    ("application/rdf+xml", "rdf", "xml"),
]
RDF_FORMATS = [f for f in FORMATS if f[2]]
MAIN_KINDS = {
    "city",
    "practice",
    "practice-kind",
    "challenge",
    "theme",
    "session",
    "organisation",
    "challenge-statement",
    "peer-link",
    "quote",
    "country",
    "status",
}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


@pytest.fixture(scope="module")
def client(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


def local(server: str, iri: str) -> str:
    return server + "/" + iri[len(CANONICAL) :]


def parse_html(text: str) -> None:
    html5lib.HTMLParser(strict=True).parse(text)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", page))


def rdf_of(client: httpx.Client, server: str, iri: str) -> Graph:
    r = client.get(local(server, iri) + ".ttl")
    assert r.status_code == 200, iri
    return Graph().parse(data=r.text, format="turtle")


def english_label(g: Graph, node) -> str:
    """The English label a page shows: a concept's own description has its labels in every language."""
    values = [o for p in (RDFS.label, SKOS.prefLabel) for o in g.objects(node, p)]
    english = [o for o in values if isinstance(o, Literal) and o.language == "en"]
    return str((english or values or [None])[0])


def labels(g: Graph, nodes) -> set[str]:
    return {english_label(g, n) for n in nodes}


@pytest.fixture(scope="module")
def samples(client, server) -> dict[str, str]:
    """One resource of every kind the sitemap lists (the first in IRI order)."""
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    found: dict[str, str] = {}
    for loc in root.iter(SITEMAP):
        path = loc.text[len(server) + 1 :]
        if path.startswith("id/"):
            kind = path.split("/")[1]
            found.setdefault(kind, CANONICAL + path.removesuffix(".html"))
    return found


def links(header: str) -> dict[str, str]:
    return {m.group(2): m.group(1) for m in re.finditer(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', header)}


def test_sitemap_covers_every_kind_of_resource(samples) -> None:
    assert MAIN_KINDS <= set(samples), sorted(samples)


@pytest.mark.parametrize("media_type, ext, rdf_format", FORMATS, ids=[f[1] for f in FORMATS])
def test_negotiation_matrix_over_every_kind(client, server, samples, media_type, ext, rdf_format) -> None:
    for kind, iri in samples.items():
        url = local(server, iri)
        r = client.get(url, headers={"Accept": media_type})
        assert r.status_code == 303, (kind, r.status_code)
        assert r.headers["location"] == iri.rsplit("/", 1)[-1] + "." + ext
        assert "Accept" in r.headers["vary"]
        assert links(r.headers["link"]) == {f[0]: f"{url}.{f[1]}" for f in FORMATS}
        doc = client.get(url, headers={"Accept": media_type}, follow_redirects=True)
        assert doc.status_code == 200 and str(doc.url) == f"{url}.{ext}"
        assert doc.headers["content-type"].split(";")[0] == media_type
        assert links(doc.headers["link"]) == {f[0]: f"{url}.{f[1]}" for f in FORMATS}
        if rdf_format is None:
            parse_html(doc.text)
            assert iri in doc.text
        else:
            g = Graph().parse(data=doc.content, format=rdf_format)
            assert (URIRef(iri), None, None) in g or (None, None, URIRef(iri)) in g, (kind, ext)


@pytest.mark.parametrize(
    "accept, ext",
    [
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "jsonld"),
        ("text/html;q=0, */*", "ttl"),
        ("application/rdf+xml;q=0.2, application/n-triples;q=0.4, text/*;q=0.1", "nt"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
        ("*/*", "html"),
    ],
)
def test_q_values_are_honoured(client, accept, ext) -> None:
    r = client.get("/id/city/aachen", headers={"Accept": accept})
    assert r.status_code == 303 and r.headers["location"] == "aachen." + ext


@pytest.mark.parametrize("path", ["/id/city/aachen", "/ontology", "/dataset", "/ontology/term/City"])
def test_unsupported_types_get_406_with_alternatives(client, path) -> None:
    r = client.get(path, headers={"Accept": "image/png, application/json;q=0.5"})
    assert r.status_code == 406
    assert "Accept" in r.headers["vary"] and len(links(r.headers["link"])) == 5
    assert "text/turtle" in r.text


def test_head_answers_like_get_without_a_body(client) -> None:
    r = client.head("/id/city/aachen", headers={"Accept": "text/turtle"})
    assert r.status_code == 303 and r.headers["location"] == "aachen.ttl" and r.content == b""
    r = client.head("/id/city/aachen.ttl")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")


def test_unknown_iri_gives_a_404_page_with_near_matches(client, server) -> None:
    r = client.get("/id/city/achen", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    parse_html(r.text)
    assert f'href="{server}/id/city/aachen"' in r.text
    r = client.get("/id/city/achen", headers={"Accept": "text/turtle"})
    assert r.status_code == 404 and r.json()["suggestions"][0] == CANONICAL + "id/city/aachen"
    assert client.get("/id/city/achen.ttl").status_code == 404
    assert client.get("/id/no-such-kind/aachen", headers={"Accept": "text/html"}).status_code == 404


def test_the_404_page_escapes_the_requested_iri(client) -> None:
    r = client.get("/id/city/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert "<script>alert" not in r.text and "&lt;script&gt;alert(1)" in r.text


def page_and_rdf(client, server, iri) -> tuple[str, Graph]:
    r = client.get(local(server, iri) + ".html")
    assert r.status_code == 200
    parse_html(r.text)
    return text_of(r.text), rdf_of(client, server, iri)


def test_city_page_shows_its_key_facts(client, server) -> None:
    iri = CANONICAL + "id/city/aachen"
    page, g = page_and_rdf(client, server, iri)
    city = URIRef(iri)
    practices = [s for s in g.subjects(URIRef(NZC + "city"), city) if "/practice/" in s]
    assert practices
    expected = labels(g, practices) | labels(g, g.objects(city, URIRef(NZC + "facesChallenge")))
    expected |= labels(g, g.objects(city, URIRef(NZC + "country"))) | labels(
        g, g.objects(city, URIRef(NZC + "hasRole"))
    )
    missing = {label for label in expected if label not in page}
    assert not missing
    for heading in (
        "Practices",
        "Challenges it faces",
        "Peer links",
        "Suggested peers",
        "Learning sessions",
        "Programme roles",
        "In the graph",
    ):
        assert heading in page
    assert re.search(r"<svg[^>]*role=\"group\"[^>]*aria-labelledby=", client.get(local(server, iri) + ".html").text)
    peers = client.get("/match/aachen").json()["results"]
    suggested = page[page.index("Suggested peers") : page.index("Learning sessions")]
    assert peers and all(p["city_label"] in suggested for p in peers)


def test_practice_page_shows_status_kind_and_evidence(client, server) -> None:
    iri = CANONICAL + "id/practice/aachen--financial-architect-role"
    page, g = page_and_rdf(client, server, iri)
    node = URIRef(iri)
    for prop in ("status", "practiceKind", "city"):
        values = labels(g, g.objects(node, URIRef(NZC + prop)))
        assert values and all(v in page for v in values), prop
    quotes = {str(g.value(q, URIRef(NZC + "quoteText"))) for q in g.objects(node, URIRef(NZC + "evidence"))}
    assert quotes and all(q in page for q in quotes)


def test_challenge_page_shows_who_solved_and_who_faces_it(client, server) -> None:
    iri = CANONICAL + "id/challenge/lack-of-financial-expertise"
    page, g = page_and_rdf(client, server, iri)
    node = URIRef(iri)
    solvers = list(g.subjects(URIRef(NZC + "addresses"), node))
    facing = list(g.subjects(URIRef(NZC + "facesChallenge"), node))
    assert solvers and facing
    raw = client.get(local(server, iri) + ".html").text
    assert all(f'href="{local(server, str(p))}"' in raw for p in solvers)
    assert all(label in page for label in labels(g, facing))
    assert "Who solved it" in page and "Who faces it" in page


@pytest.mark.parametrize(
    "iri, prop, incoming",
    [
        ("id/practice-kind/financial-architect-role", "practiceKind", True),
        ("id/theme/finance", "theme", True),
        ("id/session/p2p-innovative-financing", "learningGoal", False),
        ("id/organisation/eib", "involves", True),
    ],
)
def test_other_pages_link_their_neighbours(client, server, iri, prop, incoming) -> None:
    iri = CANONICAL + iri
    page, g = page_and_rdf(client, server, iri)
    node, p = URIRef(iri), URIRef(NZC + prop)
    neighbours = list(g.subjects(p, node) if incoming else g.objects(node, p))
    assert neighbours
    raw = client.get(local(server, iri) + ".html").text
    assert all(f'href="{local(server, str(n))}"' in raw for n in neighbours)
    assert english_label(g, node) in page


def test_ontology_term_page(client) -> None:
    r = client.get("/ontology/term/MissionCity", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-location"].endswith("/ontology/term/MissionCity.html")
    parse_html(r.text)
    g = Graph().parse(data=client.get("/ontology/term/MissionCity.ttl").text, format="turtle")
    definition = str(g.value(URIRef(NZC + "MissionCity"), SKOS.definition))
    assert definition in text_of(r.text)
    assert g.value(URIRef(NZC + "MissionCity"), OWL.equivalentClass) is not None


def embedded_jsonld(page: str) -> str:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert m, "no JSON-LD on the page"
    return m.group(1)


def test_jsonld_on_each_page_equals_the_turtle(client, server, samples) -> None:
    for kind, iri in [*samples.items(), ("term", NZC + "City")]:
        url = local(server, iri) if kind != "term" else server + "/ontology/term/City"
        page = client.get(url + ".html").text
        on_page = Graph().parse(data=embedded_jsonld(page), format="json-ld")
        turtle = Graph().parse(data=client.get(url + ".ttl").text, format="turtle")
        assert len(turtle) > 0 and isomorphic(on_page, turtle), kind


def test_ontology_negotiates_directly_and_documents_with_pylode(client, server) -> None:
    r = client.get("/ontology", headers={"Accept": "text/html"})
    assert r.status_code == 200 and "Accept" in r.headers["vary"]
    assert r.headers["content-location"] == server + "/ontology.html"
    assert "NZC peer-learning ontology" in r.text and 'id="MissionCity"' in r.text
    for media_type, ext, fmt in RDF_FORMATS:
        r = client.get("/ontology", headers={"Accept": media_type})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media_type)
        assert r.headers["content-location"] == f"{server}/ontology.{ext}"
        g = Graph().parse(data=r.content, format=fmt)
        assert (URIRef(CANONICAL + "ontology"), RDF.type, OWL.Ontology) in g
        assert isomorphic(g, Graph().parse(data=client.get(f"/ontology.{ext}").content, format=fmt))


def test_published_context_expands_a_client_document(client, server) -> None:
    r = client.get("/ontology/context.jsonld")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    assert r.json()["@context"]["country"] == {"@id": "nzc:country", "@type": "@id"}
    doc = {
        "@context": server + "/ontology/context.jsonld",
        "@id": CANONICAL + "id/city/x",
        "@type": "City",
        "country": CANONICAL + "id/country/de",
        "label": {"@value": "X", "@language": "en"},
    }
    g = Graph().parse(data=json.dumps(doc), format="json-ld")  # rdflib fetches the context from the server
    x = URIRef(CANONICAL + "id/city/x")
    assert (x, URIRef(NZC + "country"), URIRef(CANONICAL + "id/country/de")) in g
    assert (x, RDF.type, URIRef(NZC + "City")) in g and (x, RDFS.label, Literal("X", lang="en")) in g


def test_well_known_void_describes_the_dataset(client, server) -> None:
    r = client.get("/.well-known/void")
    assert r.status_code == 303 and r.headers["location"] == server + "/dataset.ttl"
    g = Graph().parse(data=client.get("/.well-known/void", follow_redirects=True).text, format="turtle")
    ds = URIRef(CANONICAL + "dataset")
    assert (ds, RDF.type, VOID.Dataset) in g and (ds, RDF.type, DCAT.Dataset) in g
    assert g.value(ds, VOID.sparqlEndpoint) == URIRef(server + "/sparql")
    dump = Graph().parse(data=gzip.decompress(client.get("/dumps/nzc.nt.gz").content), format="nt")
    assert int(g.value(ds, VOID.triples)) == len(dump)
    partitions = {
        str(g.value(p, VOID["class"])): int(g.value(p, VOID.entities)) for p in g.objects(ds, VOID.classPartition)
    }
    assert partitions[NZC + "City"] == len(set(dump.subjects(RDF.type, URIRef(NZC + "City"))))
    for url in g.objects(ds, VOID.dataDump):
        assert client.head(str(url)).status_code == 200
    page = client.get("/dataset", headers={"Accept": "text/html"}, follow_redirects=True)
    assert page.status_code == 200 and str(page.url) == server + "/dataset.html"
    parse_html(page.text)
    assert "Entities per class" in page.text and str(len(dump)) in page.text


def test_dumps_are_isomorphic_to_the_store(client) -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    r = client.get("/sparql", params={"query": construct}, headers={"Accept": "application/n-triples"})
    store = Graph().parse(data=r.content, format="nt")
    assert len(store) > 5000
    for name, fmt in (("nzc.ttl", "turtle"), ("nzc.nt.gz", "nt"), ("nzc.jsonld", "json-ld")):
        r = client.get("/dumps/" + name)
        assert r.status_code == 200
        body = gzip.decompress(r.content) if name.endswith(".gz") else r.content
        assert isomorphic(Graph().parse(data=body, format=fmt), store), name


def test_home_page_links_to_everything(client, server, samples) -> None:
    r = client.get("/", headers={"Accept": "text/html"})
    assert r.status_code == 200
    parse_html(r.text)
    for target in ("/sparql", "/dataset", "/ontology", "/dumps/nzc.ttl", "/cities", "/challenges", "/browse"):
        assert f'href="{server}{target}"' in r.text, target
    # every resource is two clicks away: home → a directory → the resource
    for directory, kind in (("/cities", "city"), ("/challenges", "challenge"), ("/browse", "practice-kind")):
        listing = client.get(directory, headers={"Accept": "text/html"})
        parse_html(listing.text)
        assert f'href="{server}{samples[kind][len(CANONICAL) - 1 :]}"' in listing.text, (directory, kind)
    css = client.get("/static/site.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert client.get("/static/..%2Fapp.py").status_code == 404


@pytest.mark.parametrize("path", ["/ontology/term/H%C3%9A%C3%BA%C3%A1%F1%8F%8A%BDU", "/id/city/%C3%BA%F1%8F%8A%BD"])
def test_non_ascii_names_are_404_not_500(server, path) -> None:
    assert httpx.get(server + path).status_code == 404
    assert httpx.head(server + path).status_code == 404
