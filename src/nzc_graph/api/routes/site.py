"""Home page, dataset description (VoID/DCAT), dumps, sitemap and the stylesheet."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import Graph

from nzc_graph.api.ask_view import ASK_EXAMPLES
from nzc_graph.api.assets import own_file, vendor_file
from nzc_graph.api.deps import CacheDep, IndexDep, QueriesDep, SettingsDep, StoreDep
from nzc_graph.api.openapi import errors, get_and_head, merged, ok, see_other
from nzc_graph.api.rendering import (
    EXTS,
    OFFERED,
    OFFERED_RDF_FIRST,
    chosen_ext,
    context,
    jsonld_script,
    library,
    link_header,
    mapper,
    not_acceptable,
    rdf_response,
    render,
    store_cache,
)
from nzc_graph.config import Settings
from nzc_graph.errors import NotFound
from nzc_graph.publishing.headlines import home_overview
from nzc_graph.publishing.linked_data import (
    DATASET_IRI,
    DUMPS,
    IriMapper,
    dataset_description,
    dataset_summary,
    dump_bytes,
    dump_graph,
    last_modified,
    published_resources,
    sitemap_xml,
)
from nzc_graph.publishing.serialize import rdf_format
from nzc_graph.search.facts import CHALLENGE_TYPE
from nzc_graph.search.filters import filter_options
from nzc_graph.store.base import GraphStore

router = APIRouter(tags=["linked data"])
# Pages of the app itself listed in the sitemap, besides every resource's page.
DUMP_TYPES = tuple(
    dict.fromkeys("application/gzip" if gz else rdf_format(ext).media_type for ext, gz in DUMPS.values())
)
SITE_PAGES = ["", "cities", "challenges", "network", "matrix", "map", "queries", "sparql", "ontology", "dataset.html"]


@get_and_head(router, "/", summary="Home page: the ask box and the overview", include_in_schema=False)
def home(request: Request, index: IndexDep, store: StoreDep, queries: QueriesDep, cache: CacheDep) -> Response:
    facts = index.facts
    overview = cache.get("home-overview", lambda: home_overview(store, queries))
    counts = {"cities": len(facts.cities), "challenges": len(facts.of_type(CHALLENGE_TYPE))}
    return render(
        request,
        "home.html",
        section="ask",
        q="",
        examples=ASK_EXAMPLES,
        options=filter_options(facts),
        counts=counts,
        overview=overview,
        dumps=sorted(DUMPS),
    )


def _dataset_graph(request: Request, store: GraphStore, settings: Settings) -> Graph:
    modified = last_modified([settings.ontology_dir, settings.data_dir])
    return dataset_description(store, library(request), settings.public_base_url, modified)


def _dataset_links(m: IriMapper) -> str:
    return link_header(lambda e: f"{m.local(DATASET_IRI)}.{e}")


def _see_description(request: Request, offered: tuple[str, ...]) -> Response:
    ext = chosen_ext(request, offered)
    links = _dataset_links(mapper(request))
    if ext is None:
        return not_acceptable(links)
    return RedirectResponse(
        mapper(request).local(DATASET_IRI) + "." + ext, status_code=303, headers={"Vary": "Accept", "Link": links}
    )


@get_and_head(
    router,
    "/dataset",
    summary="The dataset (303 to its description)",
    responses=merged(see_other("The description document in the negotiated format."), errors(406)),
)
def dataset(request: Request) -> Response:
    """The dataset IRI names the dataset itself: 303 to the negotiated description document."""
    return _see_description(request, OFFERED)


@get_and_head(
    router,
    "/.well-known/void",
    summary="VoID description (RFC 8615 well-known URI)",
    responses=merged(see_other("The description document, Turtle unless asked otherwise."), errors(406)),
)
def well_known_void(request: Request) -> Response:
    """The VoID discovery URI: 303 to the description, Turtle unless the client prefers otherwise."""
    return _see_description(request, OFFERED_RDF_FIRST)


@get_and_head(
    router,
    "/dataset.{ext}",
    summary="The dataset description in one format",
    responses=merged(ok("The DCAT/VoID description in the format of the suffix.", *OFFERED), errors(404)),
)
def dataset_document(ext: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    if ext not in EXTS:
        raise NotFound(f"no dataset description format '.{ext}'", ["/dataset.ttl", "/dataset.html"])
    graph = _dataset_graph(request, store, settings)
    headers = {"Link": _dataset_links(mapper(request))}
    if ext != "html":
        return rdf_response(graph, ext, request, store, headers)
    return render(
        request,
        "dataset.html",
        headers=headers,
        summary=dataset_summary(graph),
        jsonld=jsonld_script(graph, request, store),
        iri=DATASET_IRI,
    )


@get_and_head(
    router,
    "/dumps/{name}",
    summary="A dump of the whole graph",
    responses=merged(ok("The dump, as a download.", *DUMP_TYPES), errors(404)),
)
def dump(name: str, request: Request, store: StoreDep) -> Response:
    """Turtle, gzip-compressed N-Triples or JSON-LD, regenerated from the store when it changes."""
    if name not in DUMPS:
        raise NotFound(f"no dump named '{name}'", [f"/dumps/{n}" for n in sorted(DUMPS)])
    cache = store_cache(request)
    graph = cache.get("dump-graph", lambda: dump_graph(store))
    fmt, body = cache.get("dump:" + name, lambda: dump_bytes(graph, name, context(request, store)))
    media_type = "application/gzip" if name.endswith(".gz") else fmt.media_type
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@get_and_head(
    router,
    "/sitemap.xml",
    summary="Sitemap of every HTML page",
    responses=merged(ok("The sitemap.", "application/xml"), errors()),
)
def sitemap(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    resources = published_resources(store, library(request))
    modified = last_modified([settings.ontology_dir, settings.data_dir])
    xml = sitemap_xml(
        mapper(request),
        resources,
        SITE_PAGES,
        modified,
    )
    return Response(xml, media_type="application/xml")


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    """Files of api/static/ (stylesheet, page scripts); nothing else is served from disk."""
    body, media_type = own_file(name)
    return Response(body, media_type=media_type, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/vendor/{name}", include_in_schema=False)
def vendor(name: str, settings: SettingsDep) -> Response:
    """Allow-listed files of the npm packages (YASGUI, cytoscape), from node_modules/."""
    body, media_type = vendor_file(settings.root, name)
    return Response(body, media_type=media_type, headers={"Cache-Control": "public, max-age=86400"})
