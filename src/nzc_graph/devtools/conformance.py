"""Runner for the W3C SPARQL 1.1 Protocol test suite against a running server.

Reads the suite's manifest.ttl, loads each test's graph data through the update endpoint, sends
every request over real HTTP and checks status class, result format and boolean value.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import httpx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from nzc_graph.formats import by_query_kind

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
TABULAR = tuple(f.media_type for f in by_query_kind("select"))
RDF_TYPES = tuple(f.media_type for f in by_query_kind("construct"))


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    statuses: frozenset[str]
    fmt: str | None
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    title: str
    graphs: tuple[tuple[Path, str], ...]
    requests: tuple[Request, ...]

    @property
    def is_update(self) -> bool:
        return self.name.startswith(("update_", "bad_update_"))


@dataclass(frozen=True)
class Outcome:
    test: str
    mode: str
    passed: bool
    detail: str


def _required(g: Graph, subject: Node | None, predicate: URIRef) -> Node:
    value = g.value(subject, predicate)
    if value is None:
        raise ValueError(f"test manifest: {subject} has no {predicate}")
    return value


def load_manifest(path: Path) -> list[ProtocolTest]:
    g = Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(g, _required(g, manifest, MF.entries)):
        graphs = tuple(
            (Path(str(g.value(d, UT.graph)).removeprefix("file://")), str(g.value(d, RDFS.label)))
            for d in g.objects(entry, UT.graphData)
        )
        action = g.value(entry, MF.action)
        requests = []
        for req in Collection(g, _required(g, action, HT.requests)):
            headers = {}
            hlist = g.value(req, HT.headers)
            if hlist is not None:
                for h in Collection(g, hlist):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body_node = g.value(req, HT.body)
            resp = g.value(req, HT.resp)
            boolean = g.value(resp, MF.expectedBoolean)
            requests.append(
                Request(
                    method=str(g.value(req, HT.methodName)),
                    path=str(g.value(req, HT.absolutePath)),
                    headers=headers,
                    body=str(g.value(body_node, CNT.chars)) if body_node is not None else None,
                    statuses=frozenset(str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus)),
                    fmt=str(g.value(resp, MF.expectedFormat)) if g.value(resp, MF.expectedFormat) else None,
                    boolean=bool(boolean.toPython()) if isinstance(boolean, Literal) else None,
                )
            )
        name = str(entry).rsplit("#", 1)[-1]
        tests.append(ProtocolTest(name, str(g.value(entry, MF.name)), graphs, tuple(requests)))
    return tests


def _is_update_request(r: Request) -> bool:
    ctype = next((v for k, v in r.headers.items() if k.lower() == "content-type"), "")
    return (
        "sparql-update" in ctype
        or (r.body or "").startswith("update=")
        or "update=" in r.path
        or "using-graph-uri" in r.path
        or "using-named-graph-uri" in r.path
    )


def _check(r: Request, resp: httpx.Response) -> str | None:
    """None if the response meets the expectation, else why not."""
    klass = f"StatusCode{resp.status_code // 100}xx"
    if klass not in r.statuses:
        return f"status {resp.status_code}, expected {'/'.join(sorted(r.statuses))}: {resp.text[:200]}"
    media = resp.headers.get("content-type", "").split(";")[0].strip()
    if r.fmt == "tabular" and media not in TABULAR:
        return f"content type {media} is not a tabular result format"
    if r.fmt == "RDF" and media not in RDF_TYPES:
        return f"content type {media} is not an RDF format"
    if r.fmt == "boolean":
        if "json" in media:
            value = json.loads(resp.text).get("boolean")
        elif "xml" in media:
            node = ElementTree.fromstring(resp.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
            value = node is not None and node.text == "true"
        else:
            return f"content type {media} cannot carry a boolean"
        if r.boolean is not None and value != r.boolean:
            return f"boolean {value}, expected {r.boolean}"
    return None


class Runner:
    """Runs the suite against `base` (server root). With an admin key, updates go to the update endpoint."""

    def __init__(
        self,
        base: str,
        admin_key: str | None,
        query_path: str = "/sparql",
        update_path: str = "/sparql/update",
        timeout: float = 30.0,
    ) -> None:
        self.base = base.rstrip("/")
        self.key = admin_key
        self.query_path, self.update_path = query_path, update_path
        self.client = httpx.Client(timeout=timeout)

    def _url(self, path: str, update: bool) -> str:
        target = self.update_path if update and self.key else self.query_path
        return self.base + re.sub(r"^/sparql/?", target, path)

    def load(self, graphs: tuple[tuple[Path, str], ...]) -> None:
        body = "DROP ALL ;\n" + "".join(
            f"INSERT DATA {{ GRAPH <{URIRef(label)}> {{\n{path.read_text(encoding='utf-8')}\n}} }} ;\n"
            for path, label in graphs
        )
        resp = self.client.post(
            self.base + self.update_path,
            content=body.rstrip(" ;\n").encode(),
            headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {self.key}"},
        )
        resp.raise_for_status()

    def run_test(self, test: ProtocolTest) -> Outcome:
        mode = "update endpoint" if self.key else "public endpoint"
        if test.graphs and self.key:
            self.load(test.graphs)
        for r in test.requests:
            update = _is_update_request(r) or test.name.startswith("bad_update_")
            headers = dict(r.headers)
            if update and self.key:
                headers["Authorization"] = f"Bearer {self.key}"
            content = (
                r.body.encode("utf-16")
                if "UTF-16" in headers.get("content-type", "") and r.body
                else (r.body.encode() if r.body is not None else None)
            )
            resp = self.client.request(r.method, self._url(r.path, update), headers=headers, content=content)
            if update and not self.key:
                if not 400 <= resp.status_code < 500:
                    return Outcome(test.name, mode, False, f"update not refused: status {resp.status_code}")
                return Outcome(test.name, mode, True, f"refused with {resp.status_code}")
            problem = _check(r, resp)
            if problem:
                return Outcome(test.name, mode, False, problem)
        return Outcome(test.name, mode, True, "ok")

    def run(self, tests: list[ProtocolTest]) -> list[Outcome]:
        return [self.run_test(t) for t in tests]
