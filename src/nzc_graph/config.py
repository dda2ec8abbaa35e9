"""Settings: one class, read at the edges (CLI entry, app factory) and passed down."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def project_root() -> Path:
    """The checkout that holds ontology/, shapes/, data/ and queries/ (editable install)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "ontology").is_dir() and (parent / "queries").is_dir():
            return parent
    return Path.cwd()


def default_store_path() -> Path:
    """A per-user data folder, following the XDG base-directory convention."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "nzc-graph" / "store"


class Settings(BaseSettings):
    """Everything configurable, from NZC_* environment variables or arguments."""

    model_config = SettingsConfigDict(env_prefix="NZC_", extra="ignore")

    store_kind: Literal["embedded", "memory", "remote"] = "embedded"
    store_path: Path = Field(default_factory=default_store_path)
    sparql_endpoint: str | None = None
    update_endpoint: str | None = None

    root: Path = Field(default_factory=project_root)
    source_text: Path | None = None

    query_timeout: float = 10.0
    max_result_bytes: int = 50_000_000
    max_body_bytes: int = 1_000_000
    query_workers: int = 2
    # Plain-words search: "auto" fuses BM25 with sentence embeddings when the `semantic` extra is
    # installed, "off" uses BM25 only, "on" requires the extra.
    search_semantic: Literal["auto", "off", "on"] = "auto"
    service_allowlist: list[str] = Field(default_factory=list)
    admin_key: str | None = None
    api_keys_file: Path | None = None
    public_base_url: str = "http://localhost:8000"
    log_level: str = "INFO"

    @field_validator("query_timeout")
    @classmethod
    def _positive_timeout(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("NZC_QUERY_TIMEOUT must be a positive number of seconds")
        return value

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
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def source_text_path(self) -> Path:
        if self.source_text is not None:
            return self.source_text
        return self.root.parent / "shared" / "sources" / "nzc-d4.8-peer-learning-report.txt"
