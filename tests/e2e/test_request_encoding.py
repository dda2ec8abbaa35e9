"""Through a real server (uvicorn): a query string or path that is not UTF-8 is a 400 JSON error."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("url", ["/sparql?query=SELECT%20*%20%7B%7D%20%23%E9", "/id/city/k%FFzani"])
def test_not_utf8_is_400_on_the_real_server(server: str, url: str) -> None:
    r = httpx.get(server + url, timeout=30)
    assert r.status_code == 400, r.text
    assert "not valid UTF-8" in r.json()["message"]
