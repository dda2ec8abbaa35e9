"""Errors raised by nzc-graph. Edges (CLI, HTTP) map these to exit codes and status codes."""

from __future__ import annotations

from typing import Any


class NzcGraphError(Exception):
    """Base class of every error the project raises on purpose."""


class QueryNotFound(NzcGraphError):
    """A named query was asked for that does not exist in queries/."""


class InvalidQueryParameter(NzcGraphError):
    """A query parameter is missing, unknown or of the wrong type."""


class QuerySyntaxError(NzcGraphError):
    """A SPARQL query or update could not be parsed; the message carries the parser's position."""


class QueryRefused(NzcGraphError):
    """A query was refused by policy (an update on a read-only endpoint, SERVICE to a host not allowed)."""


class QueryTimeout(NzcGraphError):
    """A query ran past its time limit and was stopped."""


class ResultTooLarge(NzcGraphError):
    """A query produced more results than the configured limit."""


class StoreUnavailable(NzcGraphError):
    """The store cannot be opened or reached."""


class StoreBusy(StoreUnavailable):
    """The store is held for writing by another process (a running server); reading still works."""


class UnsupportedOperation(NzcGraphError):
    """The backend cannot do what was asked; the message names backend and operation."""


class NotFound(NzcGraphError):
    """A resource (city, IRI, submission) does not exist; carries close matches when known."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class RdfParseError(NzcGraphError):
    """Input RDF could not be parsed; carries the file, line and column when known."""

    def __init__(self, message: str, source: str = "", line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.line = line
        self.column = column


class OntologyLoadError(RdfParseError):
    """The ontology or a data file of the build could not be loaded; carries file and line."""


class ShapeViolation(NzcGraphError):
    """Data does not conform to the SHACL shapes; carries the validation report."""

    def __init__(self, message: str, report: Any) -> None:
        super().__init__(message)
        self.report = report


class InconsistentOntology(NzcGraphError):
    """The reasoner found the ontology and data inconsistent; names the offending resources."""

    def __init__(self, message: str, resources: list[str]) -> None:
        super().__init__(message)
        self.resources = resources


class AuthError(NzcGraphError):
    """No key, or a key that is not valid."""


class Forbidden(NzcGraphError):
    """A valid key that may not do what was asked (a city key writing about another city)."""


class PayloadTooLarge(NzcGraphError):
    """A request body or upload is larger than the configured limit."""


class ConfigurationError(NzcGraphError):
    """A setting or a configuration file (such as the API keys file) is invalid; names it and the fix."""
