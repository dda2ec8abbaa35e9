"""The SPARQL service description (SPARQL 1.1 Service Description) and the query editor page."""

from __future__ import annotations

from html import escape

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from nzc_graph.api.sparql_formats import RESULT_TYPES
from nzc_graph.config import Settings
from nzc_graph.formats import FORMATS, TURTLE, by_media_type
from nzc_graph.namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, SD
from nzc_graph.queries import NamedQuery


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


EXAMPLE = """PREFIX nzc: <https://w3id.org/nzc/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

# Which cities have a practice that addresses a challenge, and how far did they get?
SELECT ?cityLabel ?practiceLabel ?statusLabel ?challengeLabel WHERE {
  ?practice a nzc:PracticeAdoption ; nzc:city ?city ; nzc:status ?status ;
            nzc:addresses ?challenge ; rdfs:label ?practiceLabel .
  ?city rdfs:label ?cityLabel .
  ?status skos:prefLabel ?statusLabel .
  ?challenge skos:prefLabel ?challengeLabel .
}
ORDER BY ?challengeLabel ?cityLabel
LIMIT 50"""


def editor_page(queries: list[NamedQuery]) -> str:
    items = "\n".join(
        f'<li><a href="/queries/{escape(q.name)}">{escape(q.title)}</a> <code>{escape(q.name)}</code></li>'
        for q in queries
    )
    formats = "".join(f'<option value="{escape(m)}">{escape(m)}</option>' for m in RESULT_TYPES)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL query editor · nzc-graph</title>
<style>
body{{font-family:system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem;line-height:1.4}}
textarea{{width:100%;min-height:16rem;font-family:ui-monospace,monospace;font-size:.9rem}}
table{{border-collapse:collapse;width:100%;font-size:.9rem}}td,th{{border:1px solid #ccc;padding:.25rem;text-align:left;vertical-align:top}}
#out{{overflow-x:auto}} .err{{color:#a00;white-space:pre-wrap}}
</style></head>
<body><header><h1>SPARQL query editor</h1>
<p>Endpoint <code>/sparql</code> (SPARQL 1.1 Protocol, read-only). Results: JSON, XML, CSV, TSV;
graphs: Turtle, N-Triples, JSON-LD, RDF/XML. Add <code>format=csv</code> to download.</p></header>
<main>
<form id="f" method="get" action="/sparql">
<label for="q">Query</label>
<textarea id="q" name="query" spellcheck="false">{escape(EXAMPLE)}</textarea>
<p><label for="fmt">Download as</label> <select id="fmt" name="format">{formats}</select>
<button type="submit">Download</button> <button type="button" id="run">Run here</button></p>
</form>
<section id="out" aria-live="polite"></section>
<section><h2>Named queries</h2><ul>{items}</ul></section>
</main>
<script>
const out = document.getElementById('out');
function cell(v) {{ const td = document.createElement('td'); td.textContent = v ? v.value : ''; return td; }}
document.getElementById('run').addEventListener('click', async () => {{
  out.textContent = 'Running…';
  const body = new URLSearchParams({{query: document.getElementById('q').value}});
  const r = await fetch('/sparql', {{method: 'POST', body, headers: {{'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}}}});
  const text = await r.text();
  out.textContent = '';
  if (!r.ok) {{ const p = document.createElement('p'); p.className = 'err'; p.textContent = r.status + ': ' + text; out.append(p); return; }}
  if (!(r.headers.get('content-type') || '').includes('json')) {{ const pre = document.createElement('pre'); pre.textContent = text; out.append(pre); return; }}
  const data = JSON.parse(text);
  if ('boolean' in data) {{ out.textContent = 'ASK: ' + data.boolean; return; }}
  const t = document.createElement('table'), head = t.insertRow();
  data.head.vars.forEach(v => {{ const th = document.createElement('th'); th.textContent = v; head.append(th); }});
  data.results.bindings.forEach(b => {{ const tr = t.insertRow(); data.head.vars.forEach(v => tr.append(cell(b[v]))); }});
  const p = document.createElement('p'); p.textContent = data.results.bindings.length + ' row(s)';
  out.append(p, t);
}});
</script></body></html>"""
