"""Matchmaking pages in-process: one URL per view, HTML for browsers and JSON for everyone else,
the CSV of a pairing plan, the compare page and the peer sections of a city page."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest
from fastapi.testclient import TestClient

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
HTML = {"Accept": BROWSER}


def varies_on_accept(r: httpx.Response) -> bool:
    return "accept" in {v.strip().lower() for v in r.headers.get("vary", "").split(",")}


def sections(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "application/json, text/html;q=0.5", "image/png"])
def test_match_stays_json_for_clients_that_are_not_browsers(client: TestClient, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    r = client.get("/match/kozani", headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.json()["city"].endswith("/kozani") and varies_on_accept(r)


def test_match_page_for_browsers(client: TestClient) -> None:
    data = client.get("/match/kozani").json()
    r = client.get("/match/kozani", headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert varies_on_accept(r)
    page = r.text
    assert "<h1>Who can help Kozani</h1>" in page
    ranked = sections(page, 'id="peers"', "</section>")
    positions = [ranked.index(f">{p['city_label']}</a></h3>") for p in data["results"]]
    assert positions == sorted(positions) and positions  # the JSON order
    first = data["results"][0]
    assert first["practice"].rsplit("/", 1)[-1] in ranked and "§" + first["evidence"]["section"] in ranked
    assert re.search(r'href="[^"]*/id/challenge/[a-z-]+"', ranked) and re.search(r'href="[^"]*/id/city/', ranked)
    assert f"compare?a=kozani&amp;b={first['city'].rsplit('/', 1)[-1]}" in ranked
    assert '<form class="picker" action="' in page and 'method="get"' in page and 'name="city"' in page
    assert "<script" not in page.split("</header>", 1)[1]  # no inline script in the page body


def test_match_page_paging_and_picker(client: TestClient) -> None:
    page = client.get("/match/kozani", params={"limit": 2}, headers=HTML).text
    assert page.count('<li class="peer">') == 2 and "offset=2" in page
    r = client.get("/match", params={"city": "Umeå"}, headers=HTML)
    assert r.status_code == 303 and r.headers["location"].endswith("/match/umea")
    assert client.get("/match", params={"city": "Umea"}).status_code == 303  # JSON clients too
    assert client.get("/match", headers=HTML).status_code == 200
    assert client.get("/match").status_code == 400


def test_unknown_city_is_a_404_page_with_suggestions_and_json_for_machines(client: TestClient) -> None:
    r = client.get("/match/Kozanni", headers=HTML)
    assert r.status_code == 404 and "City not found" in r.text and 'match/Kozani"' in r.text
    assert client.get("/match/Kozanni").json()["suggestions"][0] == "Kozani"
    r = client.get("/match", params={"city": "Kozanni"}, headers=HTML)
    assert r.status_code == 404 and "Kozani" in r.text


def test_user_text_is_escaped(client: TestClient) -> None:
    r = client.get("/compare", params={"a": "<script>alert(1)</script>", "b": "aachen"}, headers=HTML)
    assert r.status_code == 404 and "<script>alert" not in r.text and "&lt;script&gt;alert(1)" in r.text
    r = client.get("/match/%3Cb%3Ebold%3C%2Fb%3E", headers=HTML)
    assert r.status_code == 404 and "<b>bold" not in r.text


def test_pairs_negotiates_json_html_and_csv(client: TestClient) -> None:
    data = client.get("/pairs", params={"cohort": "3"}, headers={"Accept": "*/*"}).json()
    page = client.get("/pairs", params={"cohort": "3"}, headers=HTML)
    assert page.status_code == 200 and varies_on_accept(page)
    assert "Pairing plan for Pilot Cities Programme cohort 3" in page.text
    assert page.text.count('<li class="group">') == len(data["results"]) >= 2
    assert all(label in page.text for g in data["results"] for label in g["city_labels"])
    assert 'href="http://localhost:8000/pairs.csv?cohort=3"' in page.text and '<option value="3" selected>' in page.text
    by_accept = client.get("/pairs", params={"cohort": "3"}, headers={"Accept": "text/csv"})
    assert by_accept.headers["content-type"].startswith("text/csv") and by_accept.text.startswith("cohort,")
    by_format = client.get("/pairs", params={"cohort": "3", "format": "csv"}, headers=HTML)
    assert by_format.headers["content-disposition"].startswith("attachment") and by_format.text == by_accept.text
    forced = client.get("/match/kozani", params={"format": "json"}, headers=HTML)
    assert forced.headers["content-type"].startswith("application/json")
    assert client.get("/pairs", headers=HTML).status_code == 200  # the picker alone
    assert client.get("/pairs").status_code == 400  # JSON needs a cohort
    missing = client.get("/pairs", params={"cohort": "99"}, headers=HTML)
    assert missing.status_code == 404 and "Cohort not found" in missing.text


def test_pairs_csv_download(client: TestClient) -> None:
    data = client.get("/pairs", params={"cohort": "3"}).json()
    r = client.get("/pairs.csv", params={"cohort": "3"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="pairs-pcp-3.csv"'
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == len(data["results"])
    for row, group in zip(rows, data["results"], strict=True):
        assert row["city_iris"].split() == group["cities"] and row["reasons"]
        assert row["reasons"].split(" | ") == [x["text"] for x in group["reasons"]]
    assert client.get("/pairs.csv", params={"cohort": "99"}).status_code == 404


def test_compare_page(client: TestClient) -> None:
    r = client.get("/compare", params={"a": "Kozani", "b": "https://w3id.org/nzc/id/city/aachen"}, headers=HTML)
    assert r.status_code == 200
    page = r.text
    assert "<h1>Kozani and Aachen side by side</h1>" in page
    a_side, b_side = (
        sections(page, 'id="h-side-kozani"', "</section>"),
        sections(page, 'id="h-side-aachen"', "</section>"),
    )
    assert "Greece" in a_side and "Germany" in b_side and "Pilot City" in b_side
    assert "tag-shared" in a_side and "tag-shared" in b_side
    assert "aachen--financial-architect-role" in b_side  # Aachen's practices on its own side
    learn = sections(page, 'id="h-a-learns"', "</section>")
    assert "What Kozani could learn from Aachen" in learn and "aachen--" in learn and "kozani--" not in learn
    assert "Source: D4.8 §" in learn
    back = sections(page, 'id="h-b-learns"', "</section>")
    assert "No working practice of Kozani addresses a challenge of Aachen" in back and "kozani--" not in back
    together = sections(page, 'id="h-co-learning"', "</section>")  # planned practices: learning together
    assert "kozani--" in together and "aachen--financial-architect-role" in together and "planned" in together
    assert '<option value="kozani" selected>' in page and '<option value="aachen" selected>' in page


def test_compare_form_errors(client: TestClient) -> None:
    r = client.get("/compare", params={"a": "Kozanni", "b": "aachen"}, headers=HTML)
    assert r.status_code == 404 and "City not found" in r.text
    assert 'compare?a=Kozani&amp;b=aachen"' in r.text  # the suggestion keeps the other city
    assert '<option value="aachen" selected>' in r.text
    assert client.get("/compare", params={"a": "kozani", "b": "Kozani"}, headers=HTML).status_code == 400
    assert client.get("/compare", headers=HTML).status_code == 200


def test_city_page_shows_who_can_help_and_whom_it_can_help(client: TestClient) -> None:
    helpers = client.get("/match/kozani").json()["results"]
    page = client.get("/id/city/kozani.html").text
    assert 'href="http://localhost:8000/static/match.css"' in page
    help_us = sections(page, 'id="who-can-help-us"', 'id="whom-we-can-help"')
    assert "Who can help us" in help_us
    assert all(f">{p['city_label']}</a></h4>" in help_us for p in helpers) and helpers
    assert "compare?a=kozani&amp;b=" in help_us and "Source: D4.8 §" in help_us
    assert "Already paired in the programme" in help_us and ">Alba Iulia</a>" in help_us
    co = sections(page, 'id="co-learners"', "</section>")
    assert "Also working on this" in co and ">Antalya</a>" in co and "not counted as help" in co
    we_help = sections(page, 'id="whom-we-can-help"', "</section>")
    assert "Whom we can help" in we_help and "No other city in the graph has a challenge" in we_help  # all planned
    page = client.get("/id/city/aachen.html").text
    we_help = sections(page, 'id="whom-we-can-help"', "</section>")
    assert "Aachen can help" in we_help and "compare?a=aachen&amp;b=" in we_help
    assert "aachen--" in we_help  # the practices given are Aachen's own


def test_match_json_keeps_co_learners_and_programme_partners_apart(client: TestClient) -> None:
    data = client.get("/match/kozani", params={"limit": 50}).json()
    peers = {p["city_label"] for p in data["results"]}
    learners = {c["city_label"]: c for c in data["co_learners"]}
    assert "Antalya" in learners and "Antalya" not in peers
    early = ("proposed", "planned")
    assert all(r["kind"] == "co-learner" and r["status"] in early for r in learners["Antalya"]["reasons"])
    for p in data["results"]:
        assert p["score"] == pytest.approx(
            p["help"] + 0.5 * p["reciprocity"] + 0.25 * p["similarity"] + p["programme"], abs=1e-3
        )
        for r in p["reasons"]:
            if r["kind"] in ("helps", "offers"):
                assert r["status"] in ("piloting", "implemented", "scaled") and r["practice_label"] in r["text"]
                assert r["evidence"]["quote"] and f"§{r['evidence']['section']}" in r["text"]
    leuven = next(p for p in data["results"] if p["city_label"] == "Leuven")
    backed = next(r for r in leuven["reasons"] if r["learner"])
    assert backed["learner"].endswith("/aachen") and backed["relation"] == "inspired" and backed["source_evidence"]
    partner = data["paired_in_programme"][0]
    assert partner["city_label"] == "Alba Iulia" and partner["role"] == "Twin City"
    assert "already paired" in partner["text"] and partner["citations"][0]["url"].startswith("https://")


def test_match_page_shows_partners_and_co_learners_in_their_own_sections(client: TestClient) -> None:
    page = client.get("/match/kozani", headers=HTML).text
    partners = sections(page, 'id="partners"', "</section>")
    assert "Already paired in the programme" in partners and ">Alba Iulia</a>" in partners
    assert 'href="https://climateneutral2030.cityofkozani.gov.gr/' in partners and "Municipality of Kozani" in partners
    ranked = sections(page, 'id="peers"', "</section>")
    co = sections(page, 'id="co-learners"', "</section>")
    assert ">Antalya</a>" in co and ">Antalya</a>" not in ranked and "not counted as help" in co
    assert ">proposed</span>" not in ranked and ">planned</span>" not in ranked and ">planned</span>" in co
    assert "Aachen learnt it from Leuven" in ranked  # Leuven's model, with the quote that says so
    assert "How Aachen learnt it from Leuven · Source: D4.8 §1.4.4" in ranked


def test_pairs_page_shows_the_programme_pair_with_its_page(client: TestClient) -> None:
    page = client.get("/pairs", params={"cohort": "1"}, headers=HTML).text
    group = next(g for g in page.split('<li class="group">')[1:] if ">Kozani</a>" in g)
    assert ">Alba Iulia</a>" in group and "already paired with Kozani in the programme" in group
    assert 'href="https://climateneutral2030.cityofkozani.gov.gr/' in group
    data = client.get("/pairs", params={"cohort": "1"}).json()
    item = next(g for g in data["results"] if "Kozani" in g["city_labels"])
    assert any(r["kind"] == "paired" and r["citation"]["url"] for r in item["reasons"])
