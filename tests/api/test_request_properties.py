"""Properties of what the app makes of request text it parses itself, on generated requests.

The SPARQL endpoint reads a query from the query string or from a form body; either way, bytes
that are not UTF-8 once percent-decoded are a 400 naming the problem, and any other bytes reach
the query. Any Accept header and `format` value gives a result in an offered type or a 406.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nzc_graph.api.app import create_app
from nzc_graph.config import Settings
from nzc_graph.formats import by_query_kind
from nzc_graph.store import EmbeddedStore

APP = settings(max_examples=100, deadline=None)
FORM = {"content-type": "application/x-www-form-urlencoded", "accept": "application/sparql-results+json"}
# A comment runs to the end of the line: any other byte after '#' leaves the query ASK {}.
COMMENT_BYTES = st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"").replace(b"\r", b""))
ASK_TYPES = [f.media_type for f in by_query_kind("ask")]


@pytest.fixture(scope="module")
def client(app_settings: Settings, store: EmbeddedStore) -> Iterator[TestClient]:
    """Rate limits off: every generated request reaches the endpoint."""
    unlimited = Settings.model_validate(
        {**app_settings.model_dump(), "rate_limit_per_key": 0, "rate_limit_per_address": 0}
    )
    with TestClient(create_app(unlimited, store)) as c:
        yield c


def is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check(status: int, body: dict[str, object], raw: bytes) -> None:
    if is_utf8(raw):
        assert (status, body) == (200, {"head": {}, "boolean": True})
    else:
        assert status == 400 and "not valid UTF-8" in str(body["message"]), body


@APP
@given(COMMENT_BYTES)
@example(b"caf\xe9")
def test_a_query_string_is_read_or_refused_as_not_utf8(client: TestClient, raw: bytes) -> None:
    r = client.get(f"/sparql?query={quote(b'ASK {} #' + raw, safe='')}", headers={"accept": FORM["accept"]})
    check(r.status_code, r.json(), raw)


@APP
@given(COMMENT_BYTES)
@example(b"caf\xe9").via("discovered: the form body's bad bytes became U+FFFD and the query ran")
def test_a_form_body_is_read_or_refused_as_not_utf8(client: TestClient, raw: bytes) -> None:
    r = client.post("/sparql", content=b"query=" + quote(b"ASK {} #" + raw, safe="").encode(), headers=FORM)
    check(r.status_code, r.json(), raw)


HEADER = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)
ACCEPT = st.one_of(
    HEADER,
    st.lists(
        st.sampled_from([*ASK_TYPES, "application/json", "text/html", "*/*", "text/*", ";q=0", ";q=0.5", ","])
    ).map("".join),
)


@APP
@given(ACCEPT, st.one_of(st.none(), HEADER, st.sampled_from(["json", "XML", " csv ", "tsv", "turtle"])))
@example("text/html;q=0", None)
@example("*/*", "application/sparql-results+xml")
def test_any_accept_and_format_give_an_offered_type_or_406(client: TestClient, accept: str, fmt: str | None) -> None:
    url = "/sparql?query=ASK%20%7B%7D" + ("" if fmt is None else f"&format={quote(fmt, safe='')}")
    r = client.get(url, headers={"accept": accept})
    assert r.status_code in (200, 406), r.text
    if r.status_code == 200:
        assert r.headers["content-type"].split(";")[0] in ASK_TYPES
    else:  # the error itself comes as JSON, or as a page or text to a client that prefers those
        kind = r.headers["content-type"].split(";")[0]
        assert kind in ("application/json", "text/html", "text/plain"), kind
        assert kind != "application/json" or r.json()["error"] == "NotAcceptable"
