"""Every internal link reachable from the home page answers without an error (a bounded crawl):
no 4xx, no 5xx, and no link meant for people ends in a download they did not ask for."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
import pytest

pytestmark = pytest.mark.e2e
MAX_PAGES = 400
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
# Links that are downloads on purpose: dumps, machine formats of a resource, results as data.
DOWNLOAD_SUFFIXES = (".ttl", ".jsonld", ".nt", ".rdf", ".nt.gz", ".nq", ".trig", ".xml", ".csv", ".json")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "link": "href", "script": "src", "img": "src", "form": None}.get(tag, "")
        found = dict(attrs)
        if wanted and found.get(wanted):
            self.hrefs.append(str(found[wanted]))


def is_download(url: str, type_attr: str | None = None) -> bool:
    path = urlsplit(url).path
    return path.startswith("/dumps/") or path.endswith(DOWNLOAD_SUFFIXES) or "format=" in urlsplit(url).query


def test_no_internal_link_is_broken(server: str) -> None:
    host = urlsplit(server).netloc
    seen: set[str] = set()
    queue = [server + "/"]
    broken: list[tuple[str, int, str]] = []
    pages = 0
    with httpx.Client(headers=BROWSER, timeout=30, follow_redirects=True) as client:
        while queue and pages < MAX_PAGES:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            if is_download(url):
                r = client.head(url)
                if r.status_code == 405:
                    r = client.get(url)
                if r.status_code >= 400:
                    broken.append((url, r.status_code, "download"))
                continue
            r = client.get(url)
            pages += 1
            if r.status_code >= 400:
                broken.append((url, r.status_code, r.text[:120]))
                continue
            kind = r.headers.get("content-type", "")
            assert "attachment" not in r.headers.get("content-disposition", ""), f"{url} downloads a file"
            if not kind.startswith("text/html"):
                continue
            parser = Links()
            parser.feed(r.text)
            for href in parser.hrefs:
                target = urldefrag(urljoin(str(r.url), href))[0]
                if urlsplit(target).netloc == host and target not in seen:
                    queue.append(target)
    assert pages > 50, f"the crawl reached only {pages} pages"
    assert not broken, broken[:20]
