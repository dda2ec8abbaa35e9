"""Submissions: POST new data (Turtle, TriG, N-Triples, JSON-LD or the CSV template), read one
back with its provenance, withdraw one (admins). Writers authenticate with an API key.

Status codes: 201 accepted; 400 unreadable (with line and column); 401 no or unknown key;
403 a city key writing about another city, or a non-admin withdrawing; 404 no such submission;
413 body over NZC_MAX_BODY_BYTES or too many triples; 422 does not conform (the report, JSON or text).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from nzc_graph.api.access import AddressLimited, AttemptDep, Audited, PrincipalDep
from nzc_graph.api.bodies import read_body
from nzc_graph.api.deps import ServicesDep, SettingsDep, StoreDep
from nzc_graph.api.openapi import errors, located, merged, ok
from nzc_graph.api.schemas.submissions import (
    SubmissionCreated,
    SubmissionDetail,
    SubmissionModel,
    SubmissionWithdrawn,
    ValidationResultModel,
)
from nzc_graph.formats import TURTLE
from nzc_graph.submissions.records import read_record, withdraw
from nzc_graph.submissions.service import (
    MEDIA_TYPES,
    SubmissionValidator,
    format_for_media_type,
    submit,
    validator_for,
)

SUBMISSION_TYPES = sorted(MEDIA_TYPES)
router = APIRouter(prefix="/submissions", tags=["submissions"], responses=errors(401, 403, 404, 422, 429))


def _software_version() -> str:
    try:
        return version("nzc-graph")
    except PackageNotFoundError:
        return "unknown"


def get_validator(settings: SettingsDep) -> SubmissionValidator:
    return validator_for(settings.shapes_dir, settings.queries_dir)


ValidatorDep = Annotated[SubmissionValidator, Depends(get_validator)]


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.post(
    "",
    status_code=201,
    response_model=SubmissionCreated,
    dependencies=[Audited, AddressLimited],
    responses=merged(
        located(201, "Accepted and stored.", "The submission's URL."),
        errors(413, 415),
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "The data, in the format its Content-Type names.",
            "content": {t: {"schema": {"type": "string"}} for t in SUBMISSION_TYPES},
        }
    },
)
async def create_submission(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    validator: ValidatorDep,
    services: ServicesDep,
    attempt: AttemptDep,
    note: Annotated[str, Query(max_length=1000, description="Where the data comes from (a source note).")] = "",
) -> JSONResponse:
    """Validate and store a submission. The Content-Type names its format; `?format=text` (or
    Accept: text/plain) asks for the 422 report as text."""
    fmt = format_for_media_type(request.headers.get("content-type", ""))
    body = await read_body(request, settings.max_body_bytes, "split the submission into smaller ones")
    accepted = await run_in_threadpool(submit, store, validator, principal, body, fmt, note, _software_version())
    attempt.target, attempt.graph = accepted.record.id, accepted.record.graph
    await run_in_threadpool(services.store_changed, accepted.change)  # a new worker snapshot: not on the event loop
    model = SubmissionCreated(
        **SubmissionModel.of(accepted.record, _base(request)).model_dump(),
        warnings=[ValidationResultModel.of(w) for w in accepted.warnings],
    )
    return JSONResponse(model.model_dump(), status_code=201, headers={"Location": model.url})


@router.get(
    "/{sub_id}", response_model=SubmissionDetail, responses=ok("JSON, or its graph as Turtle.", TURTLE.media_type)
)
def get_submission(sub_id: str, request: Request, store: StoreDep) -> Response:
    """A submission with its provenance; Accept: text/turtle gives just its graph as Turtle."""
    record, graph = read_record(store, sub_id)
    turtle = graph.serialize(format=TURTLE.rdflib_name)
    if TURTLE.media_type in request.headers.get("accept", ""):
        return Response(turtle, media_type=TURTLE.media_type)
    model = SubmissionDetail(**SubmissionModel.of(record, _base(request)).model_dump(), turtle=turtle)
    return JSONResponse(model.model_dump())


@router.delete("/{sub_id}", response_model=SubmissionWithdrawn, dependencies=[Audited, AddressLimited])
def delete_submission(
    sub_id: str, store: StoreDep, principal: PrincipalDep, services: ServicesDep, attempt: AttemptDep
) -> JSONResponse:
    """Withdraw a submission (admin keys only): removes exactly its named graph."""
    attempt.target = sub_id
    record, change = withdraw(store, principal, sub_id)
    attempt.graph = record.graph
    services.store_changed(change)
    return JSONResponse(
        SubmissionWithdrawn(withdrawn=record.id, graph=record.graph, triples=record.triples).model_dump()
    )
