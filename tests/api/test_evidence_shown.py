"""Evidence fit to read wherever people see it: the search facts, the /solved and /faces JSON and
every city page show quotes as plain text, a mid-sentence quote with its "…" and its sentence,
and evidence that names only other cities as indirect."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient
from rdflib.namespace import RDF

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.namespaces import NZC
from nzc_graph.queries import QueryLibrary
from nzc_graph.search.facts import Evidence, load_facts
from nzc_graph.store import EmbeddedStore

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
MARKUP = re.compile(r"\*\*|\*\w|\w\*|</?[A-Za-z]+[\s/>]|\\[_*\[\]]|\]\(|\[\^")
BRAND = "https://w3id.org/nzc/id/practice/budapest--green-budapest-brand"
UMEA_ARTS = "https://w3id.org/nzc/id/practice/umea--arts-based-engagement"


@pytest.fixture(scope="module")
def client(app_settings: Settings, store: EmbeddedStore) -> Iterator[TestClient]:
    app = create_app(app_settings, store)
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def evidence(settings: Settings, store: EmbeddedStore) -> dict[str, tuple[Evidence, ...]]:
    facts = load_facts(store, QueryLibrary(settings.queries_dir))
    claims = [*facts.practices.values(), *facts.statements.values()]
    return {c.iri: c.evidence for c in claims}


def questions(settings: Settings) -> list[str]:
    path = settings.root / "eval" / "dev_questions.jsonl"
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_search_facts_carry_plain_quotes_their_context_and_the_indirect_flag(evidence) -> None:
    every = [e for found in evidence.values() for e in found]
    assert len(every) > 300
    assert not [e.quote for e in every if MARKUP.search(e.quote) or MARKUP.search(e.context)]
    arts = evidence[UMEA_ARTS]
    mid = next(e for e in arts if e.context)
    assert mid.shown == "…" + mid.quote and mid.quote in mid.context and not mid.context.startswith(mid.quote)
    assert all(e.indirect for e in evidence[BRAND] if "Guimarães" in e.quote and "Budapest" not in e.quote)
    assert any(e.indirect for e in evidence[BRAND])


def test_solved_and_faces_json_show_plain_quotes(client: TestClient, settings: Settings) -> None:
    shown = []
    for q in questions(settings)[:40]:
        for path in ("/solved", "/faces"):
            for r in client.get(path, params={"q": q, "limit": 50}).json()["results"]:
                if r.get("evidence"):
                    shown.append(r["evidence"])
    assert len(shown) > 200
    assert not [e["quote"] for e in shown if MARKUP.search(e["quote"]) or MARKUP.search(e.get("context") or "")]
    assert {"quote", "section", "context", "indirect"} <= set(shown[0])
    assert all(e["context"] is None or e["quote"] in e["context"] for e in shown)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_city_pages_show_plain_quotes(client: TestClient, store: EmbeddedStore) -> None:
    cities = sorted(str(c) for c in store.export("https://w3id.org/nzc/graph/data").subjects(RDF.type, NZC.City))
    assert len(cities) > 50
    for iri in cities:
        page = client.get("/id/" + iri.split("/id/", 1)[1], headers=HTML, follow_redirects=True)
        assert page.status_code == 200, iri
        quotes = re.findall(r'<blockquote class="quote">(.*?)</blockquote>', page.text, flags=re.S)
        marked = [q for q in map(text_of, quotes) if MARKUP.search(q)]
        assert not marked, (iri, marked)


def test_a_page_shows_a_mid_sentence_quote_with_its_ellipsis_and_indirect_evidence(client: TestClient) -> None:
    umea = text_of(client.get("/id/city/umea", headers=HTML, follow_redirects=True).text)
    assert "…creative ways involving arts like theatre and dancing" in umea
    brand = text_of(client.get("/id/practice/budapest--green-budapest-brand", headers=HTML, follow_redirects=True).text)
    assert "indirect evidence" in brand
