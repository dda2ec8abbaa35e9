"""The named-query pages over a real server, as a browser follows them: every link in the library
and on each query page (with and without its example values) answers below 400, and only the
download links hand over a file."""

from __future__ import annotations

import shlex
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(backend_api: str) -> str:
    """Every test here runs on each backend: embedded, Oxigraph server, Virtuoso (tests/backends.py)."""
    return backend_api


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


class Links(HTMLParser):
    """(href, is a download link) of every <a> in the page's <main>. The shell's header and
    footer are the same on every page and checked by test_app_shell.py."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, bool]] = []
        self.in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.in_main = self.in_main or tag == "main"
        if tag == "a" and a.get("href") and self.in_main:
            self.found.append((str(a["href"]), "download" in a))

    def handle_endtag(self, tag: str) -> None:
        self.in_main = self.in_main and tag != "main"


def links_of(html: str, page_url: str) -> list[tuple[str, bool]]:
    parser = Links()
    parser.feed(html)
    return [(urldefrag(urljoin(page_url, href))[0], download) for href, download in parser.found]


def test_every_link_on_the_query_pages_works(server: str) -> None:
    own = urlsplit(server).netloc
    with httpx.Client(headers=BROWSER, timeout=30) as client:
        library = client.get(server + "/queries")
        assert library.status_code == 200 and library.headers["content-type"].startswith("text/html")
        pages = {server + "/queries": library.text}
        listing = client.get(server + "/queries", params={"format": "json"}).json()["queries"]
        for q in listing:
            for params in ({}, q["example"] and _example(q["example"])):
                r = client.get(q["url"], params=params or {})
                assert r.status_code in (200, 422) and r.headers["content-type"].startswith("text/html"), q["name"]
                pages[str(r.url)] = r.text
        links: dict[str, bool] = {}
        for url, html in pages.items():
            for href, download in links_of(html, url):
                if urlsplit(href).netloc == own:
                    links[href] = links.get(href, False) or download
        assert len(links) > 100
        failures = []
        for href, download in sorted(links.items()):
            r = client.get(href, follow_redirects=True)
            attachment = r.headers.get("content-disposition", "").startswith("attachment")
            if r.status_code >= 400 or (attachment and not download):
                failures.append((href, r.status_code, r.headers.get("content-disposition")))
        assert not failures, failures[:10]


def _example(call: str) -> dict[str, str]:
    args = shlex.split(call)
    pairs = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--param"]
    return dict(p.split("=", 1) for p in pairs)


def test_downloads_carry_every_format_the_page_offers(server: str) -> None:
    page = httpx.get(server + "/queries/who-solved", params={"challenge": "stakeholder-fatigue"}, headers=BROWSER)
    downloads = [href for href, download in links_of(page.text, str(page.url)) if download]
    assert len(downloads) == 4
    types = {httpx.get(href, headers=BROWSER).headers["content-type"].split(";")[0] for href in downloads}
    assert types == {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    }
