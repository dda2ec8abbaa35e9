"""Loading the built graphs into an existing triple store, over the SPARQL 1.1 Graph Store Protocol.

`load_store` reads every named graph of a built store folder (ontology, data, inferred, accepted
submissions) and puts it into the target without a moment where readers see a mix:

1. each graph is uploaded, in chunks of N-Triples (`PUT` for the first, `POST` for the rest), into
   a staging graph named by the digest of its content, `urn:nzc:load:<digest>`;
2. one SPARQL update then moves every staging graph onto its real name, drops the graphs an
   earlier load put there that this one no longer has, and rewrites the load record
   (`LOADS_GRAPH`: when, and each graph with its digest and triple count) — the store applies
   one update request atomically;
3. a graph whose digest the record already shows is not sent again, so loading twice gives the
   same graphs and sends nothing the second time; a staging graph that is already complete
   (an earlier load stopped after uploading it) is not sent again either, so a load that
   failed half-way resumes where it stopped and never duplicates a triple.

A graph with blank nodes is sent in one request: blank node labels are scoped to one request.
Transient failures (connection errors, timeouts, 408/429/5xx) are retried with back-off; any
other answer stops the load with the graph, the chunk and the store's own message.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pyoxigraph as ox

from nzc_graph.errors import StoreUnavailable
from nzc_graph.store.dialects import dialect_for, what_the_store_said
from nzc_graph.store.remote import LOADS_GRAPH, STAGING, VERSION_GRAPH, version_update

NT = "application/n-triples"
RETRIED = {408, 429, 500, 502, 503, 504}
LOAD_RECORD = "urn:nzc:load"  # the subject of the record in LOADS_GRAPH
PROV = "http://www.w3.org/ns/prov#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@dataclass(frozen=True)
class Target:
    """The three endpoints of a store: Graph Store Protocol, SPARQL Update and SPARQL query."""

    graph_store: str
    update: str
    query: str

    @classmethod
    def oxigraph(cls, base: str) -> Target:
        """An Oxigraph server at `base` (`/store`, `/update`, `/query`)."""
        base = base.rstrip("/")
        return cls(base + "/store", base + "/update", base + "/query")


@dataclass
class GraphPlan:
    iri: str
    lines: list[bytes]
    digest: str
    has_blank_nodes: bool

    @property
    def triples(self) -> int:
        return len(self.lines)

    @property
    def staging(self) -> str:
        return STAGING + self.digest


@dataclass
class LoadReport:
    graphs: dict[str, int]  # graph IRI → triples now in the target
    sent: list[str] = field(default_factory=list)  # graphs uploaded by this run
    kept: list[str] = field(default_factory=list)  # graphs already there with the same content
    resumed: list[str] = field(default_factory=list)  # staging graphs a stopped load had completed
    dropped: list[str] = field(default_factory=list)  # graphs of an earlier load this one no longer has
    requests: int = 0
    retries: int = 0
    seconds: float = 0.0


def read_graphs(folder: Path) -> list[GraphPlan]:
    """Every named graph of the built store in `folder`, as N-Triples lines with a digest."""
    if not (folder / "CURRENT").is_file():
        raise StoreUnavailable(f"there is no store at {folder}; build one (nzc-graph build) or pass --store")
    store = ox.Store.read_only(str(folder))
    plans = []
    for g in sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value):
        if g.value.startswith(("urn:nzc:staging:", STAGING)) or g.value == LOADS_GRAPH:
            continue
        lines = sorted(
            f"{q.subject} {q.predicate} {q.object} .\n".encode() for q in store.quads_for_pattern(None, None, None, g)
        )
        digest = hashlib.sha256(b"".join(lines)).hexdigest()[:32]
        blank = any(line.startswith(b"_:") or b" _:" in line for line in lines)
        plans.append(GraphPlan(g.value, lines, digest, blank))
    return plans


class _Client:
    """HTTP with retries and back-off; counts requests and retries for the report."""

    def __init__(self, http: httpx.Client, attempts: int, backoff: float, report: LoadReport) -> None:
        self.http, self.attempts, self.backoff, self.report = http, attempts, backoff, report
        self.server: str | None = None  # the store's Server header, which tells its dialect

    def send(self, method: str, url: str, what: str, **kwargs: object) -> httpx.Response:
        for attempt in range(self.attempts):
            self.report.requests += 1
            try:
                r = self.http.request(method, url, **kwargs)  # type: ignore[arg-type]
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if r.status_code < 300:
                    self.server = r.headers.get("Server", self.server)
                    return r
                problem = f"HTTP {r.status_code}: {what_the_store_said(r.content)}"
                if r.status_code in (401, 403):
                    problem += " (set NZC_STORE_USER and NZC_STORE_PASSWORD; NZC_STORE_AUTH=digest for Virtuoso)"
                if r.status_code not in RETRIED:
                    break
            if attempt + 1 < self.attempts:
                self.report.retries += 1
                time.sleep(self.backoff * 2**attempt)
        raise StoreUnavailable(f"{what}: {problem} (url {url}); nothing was switched — run the load again to resume")


def _select(client: _Client, target: Target, query: str) -> list[dict[str, str]]:
    r = client.send(
        "POST",
        target.query,
        "reading the target",
        data={"query": query},  # a form: Virtuoso never answers a direct application/sparql-query POST
        headers={"Accept": "application/sparql-results+json"},
    )
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def loaded_digests(client: _Client, target: Target) -> dict[str, str]:
    """graph IRI → digest of what the last load put there (from the load record)."""
    rows = _select(
        client,
        target,
        f"SELECT ?g ?d WHERE {{ GRAPH <{LOADS_GRAPH}> {{ ?g <{DCT}identifier> ?d }} }}",
    )
    return {r["g"]: r["d"] for r in rows}


def graph_counts(client: _Client, target: Target) -> dict[str, int]:
    """graph IRI → triples, for every graph the store holds (staging graphs and its own included)."""
    rows = _select(client, target, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]: int(r["n"]) for r in rows}


def _chunks(plan: GraphPlan, size: int) -> Iterator[bytes]:
    if plan.has_blank_nodes or plan.triples <= size:
        yield b"".join(plan.lines)
        return
    for start in range(0, plan.triples, size):
        yield b"".join(plan.lines[start : start + size])


def _upload(client: _Client, target: Target, plan: GraphPlan, size: int, progress: Callable[[int], None]) -> None:
    for n, chunk in enumerate(_chunks(plan, size)):
        client.send(
            "PUT" if n == 0 else "POST",
            target.graph_store,
            f"graph {plan.iri}, chunk {n + 1}",
            params={"graph": plan.staging},
            content=chunk,
            headers={"Content-Type": NT},
        )
        progress(chunk.count(b"\n"))


def _switch(plans: list[GraphPlan], moved: list[GraphPlan], dropped: list[str], when: str) -> str:
    """One update: move the staged graphs in, drop the old ones (and staging graphs of loads that
    stopped with other content), rewrite the load record."""
    steps = [f"DROP SILENT GRAPH <{p.iri}> ; MOVE SILENT GRAPH <{p.staging}> TO <{p.iri}>" for p in moved]
    steps += [f"DROP SILENT GRAPH <{iri}>" for iri in dropped]
    record = [f'<{LOAD_RECORD}> a <{PROV}Activity> ; <{PROV}endedAtTime> "{when}"^^<{XSD_DATETIME}> .']
    for p in plans:
        record.append(
            f'<{LOAD_RECORD}> <{PROV}generated> <{p.iri}> . <{p.iri}> <{DCT}identifier> "{p.digest}" ; '
            f'<{VOID}triples> "{p.triples}"^^<{XSD_INTEGER}> .'
        )
    steps.append(version_update(secrets.token_hex(8), datetime.now(UTC)))  # API processes refresh their caches
    steps.append(f"DROP SILENT GRAPH <{LOADS_GRAPH}>")
    steps.append(f"INSERT DATA {{ GRAPH <{LOADS_GRAPH}> {{\n" + "\n".join(record) + "\n} }")
    return " ;\n".join(steps)


def load_store(
    folder: Path,
    target: Target,
    *,
    chunk_triples: int = 50_000,
    attempts: int = 5,
    backoff: float = 0.5,
    timeout: float = 120.0,
    progress: Callable[[int], None] = lambda n: None,
    plans: list[GraphPlan] | None = None,
    auth: httpx.Auth | None = None,
) -> LoadReport:
    """Load every graph of the store in `folder` into `target` (see the module docstring)."""
    started = time.monotonic()
    plans = read_graphs(folder) if plans is None else plans
    report = LoadReport(graphs={p.iri: p.triples for p in plans})
    with httpx.Client(timeout=timeout, auth=auth) as http:
        client = _Client(http, attempts, backoff, report)
        before = loaded_digests(client, target)
        held = graph_counts(client, target)
        staged = {g: n for g, n in held.items() if g.startswith(STAGING)}
        moved = []
        for plan in plans:
            # kept only if still whole: one another writer dropped or changed since is loaded again
            if before.get(plan.iri) == plan.digest and held.get(plan.iri) == plan.triples:
                report.kept.append(plan.iri)
                progress(plan.triples)
                continue
            moved.append(plan)
            if staged.get(plan.staging) == plan.triples:
                report.resumed.append(plan.iri)
                progress(plan.triples)
                continue
            _upload(client, target, plan, chunk_triples, progress)
            report.sent.append(plan.iri)
        report.dropped = sorted(set(before) - {p.iri for p in plans})
        stale = sorted(set(staged) - {p.staging for p in moved})
        when = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        client.send(
            "POST",
            target.update,
            "switching to the loaded graphs",
            data={"update": _switch(plans, moved, [*report.dropped, *stale], when)},  # a form, as for queries
        )
    report.seconds = round(time.monotonic() - started, 2)
    return report


@dataclass(frozen=True)
class Status:
    graphs: dict[str, int]  # graph IRI → triples
    last_load: str | None  # when the last load switched, per its record
    version: str | None  # the store's data version: a digest of what the last load put there


def remote_status(target_query: str, timeout: float = 10.0, auth: httpx.Auth | None = None) -> Status:
    """What a store holds: its graphs and triple counts (not those the store keeps for itself),
    and the last load's time and version."""
    report = LoadReport(graphs={})
    target = Target("", "", target_query)
    with httpx.Client(timeout=timeout, auth=auth) as http:
        client = _Client(http, 2, 0.2, report)
        held = graph_counts(client, target)
        dialect = dialect_for(client.server)
        graphs = {g: n for g, n in held.items() if g != VERSION_GRAPH and not dialect.is_system_graph(g)}
        when = _select(
            client, target, f"SELECT ?t WHERE {{ GRAPH <{LOADS_GRAPH}> {{ <{LOAD_RECORD}> <{PROV}endedAtTime> ?t }} }}"
        )
        digests = loaded_digests(client, target)
    version = hashlib.sha256("".join(sorted(digests.values())).encode()).hexdigest()[:16] if digests else None
    return Status(dict(sorted(graphs.items())), when[0]["t"] if when else None, version)


def http_auth(user: str | None, password: str | None, scheme: str = "basic") -> httpx.Auth | None:
    """The HTTP authentication a store asks for (Virtuoso's /sparql-auth: digest), or None."""
    if not user:
        return None
    if scheme == "digest":
        return httpx.DigestAuth(user, password or "")
    return httpx.BasicAuth(user, password or "")
