"""Shared by the linked-data routers: templates, the per-store cache, and negotiated responses."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from rdflib import Graph

from nzc_graph.api.assets import ENABLE_HINT, available
from nzc_graph.api.deps import get_services
from nzc_graph.api.negotiation import negotiate
from nzc_graph.api.services import StoreCache
from nzc_graph.formats import HTML_MEDIA_TYPE
from nzc_graph.languages import DEFAULT_LANGUAGE, LANGUAGE_NAMES, phrases
from nzc_graph.publishing.linked_data import IriMapper, ontology_graph
from nzc_graph.publishing.serialize import (
    PUBLISHED_FORMATS,
    jsonld_context,
    rdf_format,
    serialize,
)
from nzc_graph.queries import QueryLibrary
from nzc_graph.store.base import GraphStore
from nzc_graph.wording import counted

# What a resource IRI offers, people first: the order breaks ties such as `Accept: */*`.
OFFERED: tuple[str, ...] = (HTML_MEDIA_TYPE, *(f.media_type for f in PUBLISHED_FORMATS))
# Machines first, for URLs that exist for machines (`/.well-known/void`).
OFFERED_RDF_FIRST: tuple[str, ...] = (*OFFERED[1:], HTML_MEDIA_TYPE)
# The URL suffix of each representation (`aachen.html`, `aachen.ttl`, …), in the order of OFFERED.
EXTS: tuple[str, ...] = ("html", *(f.ext for f in PUBLISHED_FORMATS))
EXT_BY_MEDIA_TYPE: dict[str, str] = dict(zip(OFFERED, EXTS, strict=True))


def store_cache(request: Request) -> StoreCache:
    return get_services(request).cache


def library(request: Request) -> QueryLibrary:
    return get_services(request).queries


def mapper(request: Request) -> IriMapper:
    return get_services(request).iris


def context(request: Request, store: GraphStore) -> dict[str, Any]:
    """The published JSON-LD @context, read from the ontology in the store."""
    return store_cache(request).get("context", lambda: jsonld_context(ontology_graph(store)))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("nzc_graph.api", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.trim_blocks = env.lstrip_blocks = True
    env.filters["counted"] = counted
    return env


def render(
    request: Request, template: str, status_code: int = 200, headers: dict[str, str] | None = None, **values: Any
) -> HTMLResponse:
    services = get_services(request)
    m = services.iris
    env = environment()
    name = template if template in env.list_templates() else "resource.html"
    vendor = available(services.settings.root)
    if "lang" in values:  # a page that follows the asker's language offers the others
        values.setdefault("language_links", language_links(request))
    values.setdefault("lang", DEFAULT_LANGUAGE)  # the page's language (ask pages: lang=, Accept-Language)
    values.setdefault("t", phrases(values["lang"]))  # its headings, labels and buttons (phrases.json)
    html = env.get_template(name).render(
        page_url=m.page, local=m.local, base=m.base, vendor=vendor, enable_hint=ENABLE_HINT, **values
    )
    return HTMLResponse(html, status_code=status_code, headers=headers)


def language_links(request: Request) -> list[tuple[str, str, str]]:
    """The same page in each language: (code, its own name, a relative address with lang= set and
    every other parameter kept). English carries lang=en too, so it wins over Accept-Language."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [(code, name, "?" + urlencode([*kept, ("lang", code)])) for code, name in LANGUAGE_NAMES.items()]


def script_json(data: str) -> Markup:
    """JSON made safe inside <script>: no `<`, `>` or `&` can close the element."""
    return Markup(data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def link_header(url_of: Callable[[str], str], exts: Sequence[str] = EXTS) -> str:
    """`Link` header with one `rel="alternate"` entry per representation."""
    media = {v: k for k, v in EXT_BY_MEDIA_TYPE.items()}
    return ", ".join(f'<{url_of(ext)}>; rel="alternate"; type="{media[ext]}"' for ext in exts)


def not_acceptable(links: str) -> PlainTextResponse:
    offered = ", ".join(OFFERED)
    return PlainTextResponse(
        f"406 Not Acceptable: this resource is available as {offered}. "
        f"Send one of them in the Accept header, or use a format URL from the Link header.\n",
        status_code=406,
        headers={"Vary": "Accept", "Link": links},
    )


def chosen_ext(request: Request, offered: Sequence[str] = OFFERED) -> str | None:
    """The file suffix of the representation the client prefers, or None (→ 406)."""
    media_type = negotiate(request.headers.get("accept"), offered)
    return EXT_BY_MEDIA_TYPE[media_type] if media_type else None


def rdf_response(graph: Graph, ext: str, request: Request, store: GraphStore, headers: dict[str, str]) -> Response:
    fmt = rdf_format(ext)
    body = serialize(graph, fmt, context(request, store))
    return Response(body, media_type=fmt.media_type, headers=headers)  # text/* get charset=utf-8


def jsonld_script(graph: Graph, request: Request, store: GraphStore) -> Markup:
    text = serialize(graph, rdf_format("jsonld"), context(request, store)).decode("utf-8")
    json.loads(text)  # it is JSON; fail here rather than ship a broken page
    return script_json(text)
