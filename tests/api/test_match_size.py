"""Size and distance through the real app: the reasons in the JSON of /match and /ask, the filter
`size=similar` on the match page and the ask page as a plain form field (a shareable address)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
HTML = {"Accept": BROWSER}
CITY = "https://w3id.org/nzc/id/city/"
KOZANI_Q = "Who should Kozani talk to?"


def test_match_json_carries_size_and_distance_reasons(client: TestClient) -> None:
    body = client.get("/match/aachen", params={"limit": 50}).json()
    assert body["size"] is None and body["size_band"] == "250–500 k"
    leuven = next(m for m in body["results"] if m["city"] == CITY + "leuven")
    distance = [r for r in leuven["reasons"] if r["kind"] == "distance"]
    assert len(distance) == 1 and distance[0]["distance_km"] == 97.8
    assert distance[0]["text"] == "neighbours, 98 km apart (GeoNames)"
    assert leuven["why"].endswith("neighbours, 98 km apart (GeoNames).") and leuven["context"] == 0.1
    valladolid = next(m for m in body["results"] if m["city"] == CITY + "valladolid")
    size = next(r for r in valladolid["reasons"] if r["kind"] == "size")
    assert size["populations"][1] == 265208 and "both 250–500 k (GeoNames)" in size["text"]
    assert valladolid["score"] == pytest.approx(
        valladolid["help"]
        + 0.5 * valladolid["reciprocity"]
        + 0.25 * valladolid["similarity"]
        + valladolid["programme"],
        abs=1e-3,
    )  # context stays out of the score


def test_similar_size_filter_on_the_match_json(client: TestClient) -> None:
    everyone = client.get("/match/aachen", params={"limit": 50}).json()
    similar = client.get("/match/aachen", params={"limit": 50, "size": "similar"}).json()
    assert similar["size"] == "similar" and similar["results"]
    assert {m["city"] for m in similar["results"]} < {m["city"] for m in everyone["results"]}
    assert CITY + "leuven" not in {m["city"] for m in similar["results"]}  # 101 k: another band
    assert client.get("/match/aachen", params={"size": ""}).json()["size"] is None  # an empty form field
    wrong = client.get("/match/aachen", params={"size": "huge"})
    assert wrong.status_code == 400 and "size: 'huge'" in wrong.json()["message"]
    gozo = client.get("/match/gozo", params={"size": "similar"})
    assert gozo.status_code == 400 and "GeoNames gives no population for Gozo" in gozo.json()["message"]


def test_the_match_page_has_the_size_field_and_keeps_it(client: TestClient) -> None:
    page = client.get("/match/aachen", params={"size": "similar", "limit": 2}, headers=HTML)
    assert page.status_code == 200
    assert '<select id="size" name="size">' in page.text
    assert '<option value="similar" selected>cities of a similar size</option>' in page.text
    assert "Only cities of a similar size: like Aachen, 250–500 k inhabitants" in page.text
    assert "size=similar&amp;limit=2&amp;offset=2" in page.text  # the next page keeps the filter
    plain = client.get("/match/aachen", headers=HTML).text
    assert '<option value="" selected>any size</option>' in plain and "Only cities of a similar size" not in plain
    assert "neighbours, 98 km apart (GeoNames)" in client.get("/match/aachen", params={"limit": 50}, headers=HTML).text
    redirect = client.get("/match", params={"city": "Aachen", "size": "similar"}, headers=HTML)
    assert redirect.status_code == 303 and redirect.headers["location"].endswith("/match/aachen?size=similar")
    bad = client.get("/match/gozo", params={"size": "similar"}, headers=HTML)
    assert bad.status_code == 400 and "GeoNames gives no population for Gozo" in bad.text


def test_the_ask_page_filters_peer_questions_by_size(client: TestClient) -> None:
    plain = client.get("/ask", params={"q": KOZANI_Q}).json()
    similar = client.get("/ask", params={"q": KOZANI_Q, "size": "similar"}).json()
    assert plain["intent"] == similar["intent"] == "match"
    assert similar["match"]["size"] == "similar" and similar["match"]["size_band"] == "under 100 k"
    assert "cities of its size, under 100 k inhabitants" in similar["message"]
    assert [m["city"] for m in similar["match"]["results"]] != [m["city"] for m in plain["match"]["results"]]
    page = client.get("/ask", params={"q": KOZANI_Q, "size": "similar"}, headers=HTML)
    assert page.status_code == 200 and '<select name="size">' in page.text
    assert '<option value="similar" selected>' in page.text
    assert "size=similar" in page.text  # the JSON link keeps the filter
    facts = client.get("/ask", params={"q": "how much did Turku borrow from the EIB?", "size": "similar"}).json()
    assert facts["intent"] == "fact" and facts["answered"]  # the size filter is for peer questions only


def test_openapi_declares_the_size_filter_and_the_new_fields(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/match/{city}", "/match", "/ask"):
        assert "size" in {p["name"] for p in schema["paths"][path]["get"]["parameters"]}, path
    parts = schema["components"]["schemas"]
    assert {"populations", "distance_km"} <= set(parts["ReasonOut"]["properties"])
    assert "context" in parts["MatchItem"]["properties"]
    assert {"size", "size_band"} <= set(parts["MatchResponse"]["properties"])


def test_the_compare_page_names_neighbours(client: TestClient) -> None:
    page = client.get("/compare", params={"a": "aachen", "b": "leuven"}, headers=HTML)
    assert page.status_code == 200 and "neighbours, 98 km apart (GeoNames)" in page.text
