"""Dependencies shared by the routers: store and settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from nzc_graph.config import Settings
from nzc_graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    return request.app.state.store  # type: ignore[no-any-return]


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
