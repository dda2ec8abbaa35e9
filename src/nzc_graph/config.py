"""Settings: one class, read at the edges (CLI entry, app factory) and passed down. Invalid
settings fail at start-up with a message naming the NZC_* variable and how to fix it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from nzc_graph.errors import ConfigurationError

ROOT_ENV = "NZC_ROOT"
# What a project root must hold: the RDF sources of truth and the named queries.
ROOT_FOLDERS = ("ontology", "shapes", "queries", "data/ttl")
MIB = 1024 * 1024


def missing_folders(root: Path) -> list[str]:
    """The folders of ROOT_FOLDERS that `root` lacks (empty when it is a project root).

    >>> missing_folders(Path("/nonexistent"))
    ['ontology', 'shapes', 'queries', 'data/ttl']
    """
    return [name for name in ROOT_FOLDERS if not (root / name).is_dir()]


def _root_problem(label: str, missing: list[str]) -> str:
    lacks = ", ".join(f"{name}/" for name in missing)
    holds = ", ".join(f"{name}/" for name in ROOT_FOLDERS)
    return f"{label} has no {lacks} (a project root holds {holds}): set {ROOT_ENV} to a checkout of nzc-graph"


def project_root() -> Path:
    """The folder holding ontology/, shapes/, queries/ and data/ttl/: $NZC_ROOT if set, else the
    checkout the package was installed from (editable install). Raises ConfigurationError if
    $NZC_ROOT lacks a folder or no checkout is found."""
    configured = os.environ.get(ROOT_ENV)
    if configured:
        root = Path(configured).expanduser()
        missing = missing_folders(root)
        if missing:
            raise ConfigurationError(_root_problem(f"{ROOT_ENV}={root}", missing))
        return root
    for parent in Path(__file__).resolve().parents:
        if not missing_folders(parent):
            return parent
    raise ConfigurationError(
        f"cannot find ontology/, shapes/, queries/ and data/ttl/ above the installed package: "
        f"set {ROOT_ENV} to a checkout of nzc-graph (or install it from one with pip install -e)"
    )


def default_store_path() -> Path:
    """A per-user data folder, following the XDG base-directory convention."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "nzc-graph" / "store"


def is_http_url(value: str) -> bool:
    """An absolute http(s) URL with a host (and a numeric port, if any).

    >>> is_http_url("http://localhost:7878/query"), is_http_url("localhost:7878"), is_http_url("http://h:x")
    (True, False, False)
    """
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in value)


def env_name(field: str) -> str:
    """The environment variable of a Settings field: `sparql_endpoint` → `NZC_SPARQL_ENDPOINT`."""
    return f"NZC_{field.upper()}"


def settings_error(exc: ValidationError) -> ConfigurationError:
    """One line naming every setting that is wrong, for an edge to report instead of pydantic's
    multi-line dump."""
    problems = []
    for error in exc.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["loc"] and "NZC_" not in message:
            given = error.get("input")
            shown = f" (got {given!r})" if isinstance(given, str | int | float) else ""
            message = f"{env_name(str(error['loc'][0]))}: {message}{shown}"
        problems.append(message)
    return ConfigurationError("invalid settings: " + "; ".join(problems))


_URL_EXAMPLES = {
    "NZC_SPARQL_ENDPOINT": "http://localhost:7878/query",
    "NZC_UPDATE_ENDPOINT": "http://localhost:7878/update",
    "NZC_PUBLIC_BASE_URL": "https://nzc.example.org",
}


def physical_memory() -> int:
    """Bytes of memory this machine (or the cgroup the process runs in, if smaller) can give."""
    total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    try:
        with open("/sys/fs/cgroup/memory.max", encoding="ascii") as f:
            cgroup = f.read().strip()
    except OSError:
        return int(total)
    return min(int(total), int(cgroup)) if cgroup.isdigit() else int(total)


def default_memory_cap(workers: int, share: float = 0.5, floor_mib: int = 512) -> int:
    """Bytes per query worker when none is configured: `share` of the machine's memory divided
    among the workers, but at least `floor_mib` MiB (a worker holds a copy of the data, and its
    address space counts code and libraries too).

    >>> default_memory_cap(10_000_000) == 512 * MIB
    True
    """
    return max(floor_mib * MIB, int(physical_memory() * share) // max(1, workers))


class Settings(BaseSettings):
    """Everything configurable, from NZC_* environment variables or arguments."""

    model_config = SettingsConfigDict(env_prefix="NZC_", extra="ignore")

    store_kind: Literal["embedded", "memory", "remote"] = "embedded"
    store_path: Path = Field(default_factory=default_store_path)
    sparql_endpoint: str | None = None
    update_endpoint: str | None = None
    # Credentials for a remote store that asks for them (HTTP Basic, or Digest as Virtuoso's
    # /sparql-auth does); sent with every request to its query and update endpoints.
    store_user: str | None = None
    store_password: str | None = None
    store_auth: Literal["basic", "digest"] = "basic"

    root: Path = Field(default_factory=project_root)
    source_text: Path | None = None

    query_timeout: float = 10.0
    max_result_bytes: int = 50_000_000
    max_body_bytes: int = 1_000_000
    query_workers: int = 2
    # Memory one query worker may use, in MiB (its address space: RLIMIT_AS); a query past it gets
    # a 503 naming the cap. Unset: half of this machine's memory divided among the workers, at
    # least 512 MiB. 0: no cap.
    query_memory_limit_mib: int | None = None
    # Queries that may wait for a busy worker; more get a 503 with Retry-After at once.
    query_queue_length: int = 8
    # Whole responses of the data routes kept for repeated GETs (bytes of bodies; 0 keeps none).
    response_cache_bytes: int = 64_000_000
    # Plain-words search: "auto" fuses BM25 with sentence embeddings when the `semantic` extra is
    # installed, "off" uses BM25 only, "on" requires the extra.
    search_semantic: Literal["auto", "off", "on"] = "auto"
    service_allowlist: list[str] = Field(default_factory=list)
    admin_key: str | None = None
    api_keys_file: Path | None = None
    public_base_url: str = "http://localhost:8000"
    # Token buckets, in requests per `rate_limit_window` seconds (0 turns a limit off): writes per
    # API key, and query and write requests per client address. Generous: normal use never trips them.
    rate_limit_per_key: int = 600
    rate_limit_per_address: int = 6000
    rate_limit_window: float = 60.0
    # The audit log of writes, one JSON line per attempt: a file, or "off". Unset: beside an
    # on-disk store (`<store_path>-audit.jsonl`); off for memory and remote stores.
    audit_log: str | None = None
    log_level: str = "INFO"

    @field_validator("query_timeout")
    @classmethod
    def _positive_timeout(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("NZC_QUERY_TIMEOUT must be a positive number of seconds")
        return value

    @field_validator("rate_limit_per_key", "rate_limit_per_address")
    @classmethod
    def _limit_not_negative(cls, value: int, info: ValidationInfo) -> int:
        if value < 0:
            raise ValueError(f"{env_name(info.field_name or '')} must be 0 (no limit) or a positive number of requests")
        return value

    @field_validator("query_memory_limit_mib", "query_queue_length", "query_workers")
    @classmethod
    def _count_not_negative(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and value < 0:
            raise ValueError(f"{env_name(info.field_name or '')} must be 0 or a positive whole number")
        return value

    @field_validator("rate_limit_window")
    @classmethod
    def _positive_window(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("NZC_RATE_LIMIT_WINDOW must be a positive number of seconds")
        return value

    @field_validator("root")
    @classmethod
    def _root_holds_the_sources(cls, value: Path) -> Path:
        missing = missing_folders(value)
        if missing:
            raise ValueError(_root_problem(f"the project root {value} ({ROOT_ENV})", missing))
        return value

    @field_validator("sparql_endpoint", "update_endpoint", "api_keys_file", "audit_log", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("sparql_endpoint", "update_endpoint", "public_base_url")
    @classmethod
    def _absolute_http_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and not is_http_url(value):
            name = env_name(info.field_name or "")
            example = _URL_EXAMPLES.get(name, "http://localhost:8000")
            raise ValueError(
                f"{name} must be an absolute http(s) URL such as {example}, got {value!r}: "
                f"set {name} to the full URL, scheme and host included"
            )
        return value

    @model_validator(mode="after")
    def _endpoints_fit_the_store(self) -> Settings:
        if self.store_kind == "remote" and self.sparql_endpoint is None:
            raise ValueError(
                "NZC_STORE_KIND=remote needs NZC_SPARQL_ENDPOINT: set it to the query endpoint's URL "
                "(e.g. http://localhost:7878/query), or use NZC_STORE_KIND=embedded"
            )
        if self.update_endpoint is not None and self.sparql_endpoint is None:
            raise ValueError(
                "NZC_UPDATE_ENDPOINT is set but NZC_SPARQL_ENDPOINT is not: set NZC_SPARQL_ENDPOINT to the "
                "query endpoint of the same store, or unset NZC_UPDATE_ENDPOINT"
            )
        return self

    @property
    def audit_log_path(self) -> Path | None:
        """Where the audit log of writes goes (None: nowhere), from NZC_AUDIT_LOG and the store.

        >>> Settings(store_kind="embedded", store_path=Path("/var/nzc/store"), audit_log=None).audit_log_path
        PosixPath('/var/nzc/store-audit.jsonl')
        >>> Settings(store_kind="memory", audit_log=None).audit_log_path is None
        True
        """
        if self.audit_log == "off":
            return None
        if self.audit_log:
            return Path(self.audit_log).expanduser()
        if self.store_kind == "embedded":
            return self.store_path.with_name(self.store_path.name + "-audit.jsonl")
        return None

    @property
    def query_memory_bytes(self) -> int:
        """The memory cap of one query worker in bytes (0: none), from NZC_QUERY_MEMORY_LIMIT_MIB.

        >>> Settings(query_memory_limit_mib=300).query_memory_bytes
        314572800
        """
        if self.query_memory_limit_mib is None:
            return default_memory_cap(self.query_workers)
        return self.query_memory_limit_mib * MIB

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.root / "data" / "ttl"

    @property
    def geonames_dir(self) -> Path:
        """The hand decisions and region names `nzc-graph enrich` reads (data/geonames/)."""
        return self.root / "data" / "geonames"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def source_text_path(self) -> Path:
        if self.source_text is not None:
            return self.source_text
        return self.root.parent / "shared" / "sources" / "nzc-d4.8-peer-learning-report.txt"
