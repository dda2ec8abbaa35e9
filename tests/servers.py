"""Real servers the multi-process tests start: an Oxigraph server that can be stopped and started
again on its folder, Virtuoso, the built graph loaded into either, and nginx as a reverse proxy.
The stores themselves live in nzc_graph.devtools.stores (which `.ci/run` also uses)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.samples import built_folder

from nzc_graph.devtools import stores
from nzc_graph.devtools.devserver import free_port, wait_ready
from nzc_graph.store import EmbeddedStore
from nzc_graph.store.loading import load_store


def remote_env(endpoints: stores.StoreEndpoints) -> dict[str, str]:
    """Settings of an API process over a remote store with these endpoints."""
    return {**endpoints.env(), "NZC_SEARCH_SEMANTIC": "off", "NZC_QUERY_TIMEOUT": "3"}


def load_built(store: EmbeddedStore, folder: Path, endpoints: stores.StoreEndpoints) -> None:
    """Load the graphs of `store` as `nzc-graph load` would (through an on-disk copy)."""
    load_store(built_folder(store, folder), endpoints.target(), auth=endpoints.http_auth())


class OxigraphServer(stores.OxigraphServer):
    def __init__(self, folder: Path) -> None:
        if not self.available():
            pytest.skip("this test needs the Oxigraph server (pip install oxigraph)")
        super().__init__(folder)

    def load(self, store: EmbeddedStore, folder: Path) -> None:
        load_built(store, folder, self.endpoints())

    def remote_env(self) -> dict[str, str]:
        return remote_env(self.endpoints())


class VirtuosoServer(stores.VirtuosoServer):
    def __init__(self, folder: Path) -> None:
        if not self.available():
            pytest.skip("this test needs Virtuoso (Debian package virtuoso-opensource)")
        super().__init__(folder)

    def load(self, store: EmbeddedStore, folder: Path) -> None:
        load_built(store, folder, self.endpoints())

    def remote_env(self) -> dict[str, str]:
        return remote_env(self.endpoints())


class Nginx:
    """nginx in the foreground on a free port, proxying to `upstreams` (round robin)."""

    def __init__(self, folder: Path, upstreams: list[str]) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            pytest.skip("this test needs nginx (Debian package nginx)")
        self.folder, self.port = folder, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        servers = "\n".join(f"    server {u.removeprefix('http://')};" for u in upstreams)
        temp = " ".join(f"{k}_temp_path {folder / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (folder / "nginx.conf").write_text(
            f"""daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
  {temp}
  upstream api {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host:$server_port;
    }}
  }}
}}
"""
        )
        command = [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_ready(self.base + "/health", self.proc, 30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
