"""Request and response bodies of the submissions API (pydantic); domain values converted here."""

from __future__ import annotations

from pydantic import BaseModel, Field

from nzc_graph.graph.validate import ValidationResult
from nzc_graph.submissions.records import SubmissionRecord


class ValidationResultModel(BaseModel):
    """One problem found by the shapes or the submission rules."""

    focus: str = Field(description="The node the problem is on.")
    path: str = Field(description="The property, when the problem is about one (e.g. nzc:status).")
    value: str = Field(description="The offending value, when there is one.")
    message: str = Field(description="What is wrong and how to fix it.")
    severity: str = Field(description="Violation (refused) or Warning (accepted, worth fixing).")
    shape: str = Field(description="The shape that found it.")
    line: int | None = Field(default=None, description="The input line (row of a CSV sheet), when known.")

    @classmethod
    def of(cls, result: ValidationResult) -> ValidationResultModel:
        return cls(
            focus=result.focus,
            path=result.path,
            value=result.value,
            message=result.message,
            severity=result.severity,
            shape=result.shape,
            line=result.line,
        )


class SubmissionModel(BaseModel):
    """A stored submission's provenance."""

    id: str = Field(description="The submission id (32 hex digits).")
    iri: str = Field(description="The IRI of the submission record, a prov:Entity.")
    graph: str = Field(description="The named graph that holds the submission.")
    created: str = Field(description="When it was accepted (xsd:dateTime, UTC).")
    format: str = Field(description="The media type it was sent in.")
    note: str = Field(description="The source note sent with it (?note=...).")
    attributed_to: str = Field(description="The label of the API key that sent it.")
    city: str | None = Field(description="The city slug of a city key; null for an admin key.")
    triples: int = Field(description="How many triples were stored (provenance excluded).")
    software: str = Field(description="The nzc-graph version that accepted it.")
    url: str = Field(description="Where to GET it.")

    @classmethod
    def of(cls, record: SubmissionRecord, base_url: str) -> SubmissionModel:
        return cls(
            id=record.id,
            iri=record.iri,
            graph=record.graph,
            created=record.created,
            format=record.media_type,
            note=record.note,
            attributed_to=record.attributed_to,
            city=record.city,
            triples=record.triples,
            software=record.software,
            url=f"{base_url}/submissions/{record.id}",
        )


class SubmissionCreated(SubmissionModel):
    """The answer to an accepted POST /submissions."""

    warnings: list[ValidationResultModel] = Field(
        default_factory=list, description="Problems of severity Warning; the submission was stored."
    )


class SubmissionDetail(SubmissionModel):
    """A submission with its triples."""

    turtle: str = Field(description="The submission's named graph (triples and provenance) as Turtle.")


class SubmissionWithdrawn(BaseModel):
    """The answer to DELETE /submissions/{id}."""

    withdrawn: str = Field(description="The id of the removed submission.")
    graph: str = Field(description="The named graph that was removed.")
    triples: int = Field(description="How many submitted triples went with it.")
