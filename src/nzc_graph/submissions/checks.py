"""What a submission is checked against besides the shapes: its context from the store, the
submission rules that SHACL cannot say cheaply, the city scope of a key, and blank-node naming.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Identifier, Node

from nzc_graph.errors import Forbidden
from nzc_graph.graph.build import skolemize_quotes
from nzc_graph.graph.validate import ValidationResult
from nzc_graph.namespaces import GRAPH, ID, NZC, ONTOLOGY_IRI, SUBMISSION, is_absolute_iri
from nzc_graph.queries import QueryLibrary
from nzc_graph.store.base import GraphStore
from nzc_graph.store.bindings import inject_column
from nzc_graph.submissions.apikeys import Principal

CONTEXT_QUERY = "context-for-validation"
RULES = "https://w3id.org/nzc/shapes#SubmissionRules"
_LANG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
_PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_CHUNK = 400


def values_query(query: str, var: str, terms: Sequence[Identifier]) -> str:
    """`query` with a one-variable VALUES block of RDF terms (many rows) at the start of its WHERE."""
    return inject_column(query, var, terms)


def mentioned_iris(graph: Graph) -> list[URIRef]:
    """Every well-formed IRI of the graph, in any position, in a stable order."""
    found = {t for triple in graph for t in triple if isinstance(t, URIRef) and is_absolute_iri(str(t))}
    return sorted(found)


def context_for(store: GraphStore, library: QueryLibrary, graph: Graph) -> Graph:
    """Types, schemes and superclasses the store holds for the IRIs `graph` mentions."""
    text = library.get(CONTEXT_QUERY).text
    iris = mentioned_iris(graph)
    context = Graph()
    for start in range(0, len(iris), _CHUNK):
        context += store.construct(values_query(text, "iri", iris[start : start + _CHUNK]))
    return context


def _result(focus: Node, message: str, path: str = "", value: str = "") -> ValidationResult:
    return ValidationResult(
        focus=str(focus), path=path, value=value, message=message, severity="Violation", shape=RULES
    )


def _malformed_terms(graph: Graph) -> Iterable[ValidationResult]:
    for s, p, o in graph:
        for term in (s, p, o, getattr(o, "datatype", None)):
            if isinstance(term, URIRef) and not is_absolute_iri(str(term)):
                yield _result(
                    s,
                    f"{str(term)!r} is not a valid absolute IRI (spaces, quotes and <> are not "
                    f"allowed; relative IRIs need a base): write it as https://w3id.org/nzc/id/...",
                )
        if isinstance(o, Literal) and o.language and not _LANG.match(o.language):
            yield _result(s, f"@{o.language} is not a valid language tag; use e.g. @en", str(p), str(o))


def _reserved(s: Node) -> bool:
    text = str(s)
    return isinstance(s, URIRef) and (text.startswith((str(SUBMISSION), str(GRAPH), str(NZC))) or text == ONTOLOGY_IRI)


def rule_results(graph: Graph, context: Graph, own_quotes: set[URIRef], *, new_only: bool) -> list[ValidationResult]:
    """Submission rules: well-formed terms, no reserved subjects, known nzc properties, typed
    resources, and (when `new_only`) only resources the graph does not hold yet."""
    results = list(_malformed_terms(graph))
    known = context + graph
    for s in sorted(set(graph.subjects()), key=str):
        if _reserved(s):
            results.append(
                _result(
                    s,
                    f"{s} is reserved: submissions describe instances under "
                    f"https://w3id.org/nzc/id/, not ontology terms, graphs or submission records",
                )
            )
            continue
        if (s, RDF.type, None) not in known and (isinstance(s, BNode) or str(s).startswith(str(ID))):
            results.append(
                _result(
                    s,
                    f"{s} has no rdf:type; say what it is, e.g. 'a nzc:PracticeAdoption' "
                    f"for a city's practice or 'a nzc:Quote' for an evidence quote",
                )
            )
        if new_only and s not in own_quotes and (s, RDF.type, None) in context:
            results.append(
                _result(
                    s,
                    f"{s} already exists in the graph; a submission adds new resources. "
                    f"Use a new IRI, or ask an admin to withdraw the earlier submission first",
                )
            )
    for p in sorted(set(graph.predicates()), key=str):
        if str(p).startswith(str(NZC)) and not any((p, RDF.type, k) in context for k in _PROPERTY_KINDS):
            for s in sorted(set(graph.subjects(p, None)), key=str):
                results.append(
                    _result(
                        s,
                        f"nzc:{str(p)[len(str(NZC)) :]} is not a property of the nzc ontology; "
                        f"check the spelling against ontology/nzc.ttl (e.g. nzc:status, "
                        f"nzc:city, nzc:addresses)",
                        f"nzc:{str(p)[len(str(NZC)) :]}",
                    )
                )
    return results


def check_city_scope(graph: Graph, principal: Principal) -> None:
    """A city key may only make claims about its own city (nzc:city and nzc:fromCity)."""
    own = principal.city_iri
    if own is None:
        return
    for prop in (NZC.city, NZC.fromCity):
        for s, o in sorted(graph.subject_objects(prop), key=str):
            if o != own:
                raise Forbidden(
                    f"this key is for city {principal.city}, but {s} makes a claim about {o} "
                    f"(via {prop.n3(graph.namespace_manager)}); send claims about another city "
                    f"with that city's key or an admin key"
                )


def skolemize_own_quotes(graph: Graph) -> tuple[Graph, set[URIRef]]:
    """Blank-node quotes get content-hash IRIs, as in the build; returns the graph and those IRIs."""
    quoted = skolemize_quotes(graph)
    own = {
        q
        for q in quoted.subjects(RDF.type, NZC.Quote)
        if isinstance(q, URIRef) and (q, RDF.type, NZC.Quote) not in graph
    }
    return quoted, own


def name_blank_nodes(graph: Graph, namespace: str) -> Graph:
    """Give every remaining blank node an IRI under `namespace` (node/1, node/2, ...)."""
    names: dict[BNode, URIRef] = {}

    def name(term: Node) -> Node:
        if isinstance(term, BNode):
            names.setdefault(term, URIRef(f"{namespace}node/{len(names) + 1}"))
            return names[term]
        return term

    out = Graph()
    out.namespace_manager = graph.namespace_manager
    for s, p, o in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        out.add((name(s), p, name(o)))
    return out
