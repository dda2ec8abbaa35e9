"""Errors raised by nzc-graph on purpose. The edges map each class once: `api/errors.py` to an
HTTP status, `cli/common.py` to an exit code (a test checks both maps name every class). Anything
else that escapes is a bug: HTTP 500 with a request id in the log, exit code 3.

The hierarchy, with its HTTP status and CLI exit code::

    NzcGraphError                    raised on purpose (base; never raised itself)      500 / 3
    ├── InvalidQueryParameter        a parameter missing, unknown or mistyped            400 / 2
    ├── QuerySyntaxError             SPARQL that does not parse (with line and column)   400 / 2
    ├── QueryEvaluationError         SPARQL that parses but cannot be evaluated          400 / 2
    ├── QueryRefused                 refused by policy (update on read-only, SERVICE)    403 / 2
    ├── QueryTimeout                 stopped at the time limit                           503 / 2
    ├── QueryOutOfMemory             stopped at the memory cap of a query worker         503 / 2
    ├── QueryQueueFull               every query worker busy and the queue full          503 / 2
    ├── ResultTooLarge               more result than the size limit                     413 / 2
    ├── QueryNotFound                no such named query                                 404 / 2
    ├── NotFound                     no such city, IRI or submission (with suggestions)  404 / 2
    ├── RdfParseError                input RDF that does not parse (file, line, column)  400 / 2
    │   └── OntologyLoadError        a source file of the build does not parse           500 / 2
    ├── ShapeViolation               data that does not conform (with the report)        422 / 1
    ├── InconsistentOntology         the reasoner found a contradiction                  422 / 1
    ├── NotAcceptable                no accepted media type can carry the result         406 / 2
    ├── UnsupportedMediaType         a body in a media type that is not taken            415 / 2
    ├── PayloadTooLarge              a body or upload over the size limit                413 / 2
    ├── AuthError                    no key, or a key that is not valid                  401 / 2
    ├── Forbidden                    a valid key that may not do this                    403 / 2
    ├── RateLimited                  too many requests from one key or address           429 / 2
    ├── StoreUnavailable             the store cannot be opened or reached               503 / 2
    │   └── StoreBusy                another process holds the store for writing         503 / 2
    ├── UnsupportedOperation         the backend cannot do this                          501 / 2
    └── ConfigurationError           a setting or configuration file is wrong            500 / 2

Exit codes: 0 success, 1 the data does not conform, 2 bad input, usage, configuration or
environment, 3 unexpected internal error.
"""

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


class QueryEvaluationError(NzcGraphError):
    """A SPARQL query parsed but could not be evaluated (a type or function error the engine reports)."""


class QueryRefused(NzcGraphError):
    """A query was refused by policy (an update on a read-only endpoint, SERVICE to a host not allowed)."""


class QueryTimeout(NzcGraphError):
    """A query ran past its time limit and was stopped."""


class QueryOutOfMemory(NzcGraphError):
    """A query needed more memory than the cap of a query worker; the worker was replaced."""


class QueryQueueFull(NzcGraphError):
    """Every query worker is busy and the queue of waiting queries is full (or the wait ran out);
    carries the seconds to wait before trying again (Retry-After)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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


class RateLimited(NzcGraphError):
    """Too many requests from one key or client address; carries the seconds to wait (Retry-After)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PayloadTooLarge(NzcGraphError):
    """A request body or upload is larger than the configured limit."""


class ConfigurationError(NzcGraphError):
    """A setting or a configuration file (such as the API keys file) is invalid; names it and the fix."""


class NotAcceptable(NzcGraphError):
    """None of the media types the client accepts can carry this kind of result."""


class UnsupportedMediaType(NzcGraphError):
    """A request body has a media type (or charset) the endpoint does not take."""
