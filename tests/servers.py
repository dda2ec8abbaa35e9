"""Real servers the multi-process tests start: an Oxigraph server that can be stopped and started
again on its folder, the built graph loaded into it, and nginx as a reverse proxy."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import oxigraph_binary
from tests.samples import built_folder

from nzc_graph.devtools.devserver import free_port, wait_ready
from nzc_graph.store import EmbeddedStore
from nzc_graph.store.loading import Target, load_store


def remote_env(query: str, update: str) -> dict[str, str]:
    """Settings of an API process over a remote store with these endpoints."""
    return {
        "NZC_STORE_KIND": "remote",
        "NZC_SPARQL_ENDPOINT": query,
        "NZC_UPDATE_ENDPOINT": update,
        "NZC_SEARCH_SEMANTIC": "off",
        "NZC_QUERY_TIMEOUT": "3",
    }


class OxigraphServer:
    """An Oxigraph server on a fixed port and folder (union default graph)."""

    def __init__(self, folder: Path) -> None:
        binary = oxigraph_binary()
        if binary is None:
            pytest.skip("this test needs the Oxigraph server (pip install oxigraph)")
        self.binary, self.folder, self.port = binary, folder, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [self.binary, "serve", "--location", str(self.folder), "--bind", f"127.0.0.1:{self.port}"]
        command.append("--union-default-graph")
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_ready(self.base + "/query?query=ASK%7B%7D", self.proc, 30)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def load(self, store: EmbeddedStore, folder: Path) -> None:
        """Load the graphs of `store` as `nzc-graph load` would (through an on-disk copy)."""
        load_store(built_folder(store, folder), Target.oxigraph(self.base))

    def remote_env(self) -> dict[str, str]:
        return remote_env(self.base + "/query", self.base + "/update")


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


class VirtuosoServer:
    """Virtuoso Open Source (Debian `virtuoso-opensource`) in the foreground on its own folder and
    ports, with SPARQL updates granted to its public SPARQL endpoint (loopback tests only: this
    lets anyone who reaches the port write)."""

    @staticmethod
    def available() -> bool:
        return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None

    def __init__(self, folder: Path) -> None:
        binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
        if binary is None or isql is None:
            pytest.skip("this test needs Virtuoso (Debian package virtuoso-opensource)")
        self.binary, self.isql, self.folder = binary, isql, folder
        self.sql_port, self.port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "virtuoso.ini").write_text(
            f"""[Database]
DatabaseFile = {folder / "virtuoso.db"}
ErrorLogFile = {folder / "virtuoso.log"}
LockFile = {folder / "virtuoso.lck"}
TransactionFile = {folder / "virtuoso.trx"}
xa_persistent_file = {folder / "virtuoso.pxa"}
[TempDatabase]
DatabaseFile = {folder / "virtuoso-temp.db"}
TransactionFile = {folder / "virtuoso-temp.trx"}
[Parameters]
ServerPort = 127.0.0.1:{self.sql_port}
DirsAllowed = ., {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{self.port}
ServerRoot = {folder}
MaxClientConnections = 8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 30
"""
        )
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [self.binary, "+foreground", "+configfile", str(self.folder / "virtuoso.ini")]
        self.proc = subprocess.Popen(command, cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_ready(self.base + "/sparql?query=ASK%7B%7D", self.proc, 60)
        grant = 'GRANT SPARQL_UPDATE TO "SPARQL";'
        subprocess.run([self.isql, str(self.sql_port), "dba", "dba", f"exec={grant}"], check=True, capture_output=True)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def target(self) -> Target:
        return Target(self.base + "/sparql-graph-crud", self.base + "/sparql", self.base + "/sparql")

    def load(self, store: EmbeddedStore, folder: Path) -> None:
        load_store(built_folder(store, folder), self.target())

    def remote_env(self) -> dict[str, str]:
        return remote_env(self.base + "/sparql", self.base + "/sparql")
