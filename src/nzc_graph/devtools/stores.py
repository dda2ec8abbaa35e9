"""Real triple stores for tests and CI: an Oxigraph server and Virtuoso Open Source, each on its
own folder and free loopback ports, started in the foreground and stopped by process id.

    python -m nzc_graph.devtools.stores start FOLDER   # prints `export NZC_TEST_...=...` lines
    python -m nzc_graph.devtools.stores stop FOLDER    # stops what `start` started there

`.ci/run` starts both before the tests and stops them after; the tests use them through the
variables printed (and start their own when the variables are not set).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from nzc_graph.devtools.devserver import free_port, wait_ready
from nzc_graph.errors import StoreUnavailable
from nzc_graph.store import RemoteStore
from nzc_graph.store.loading import Target, http_auth
from nzc_graph.store.remote import BOOKKEEPING

# Virtuoso's administrator on a database it has just made (loopback tests only)
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"


def oxigraph_binary() -> str | None:
    """The Oxigraph server (the `oxigraph` package from PyPI puts it beside the interpreter)."""
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    return found if Path(found).exists() else None


@dataclass(frozen=True)
class StoreEndpoints:
    """Where a running store answers, and the settings an API process over it needs."""

    query: str
    update: str
    graph_store: str
    user: str | None = None
    password: str | None = None
    auth: str = "basic"

    def target(self) -> Target:
        return Target(self.graph_store, self.update, self.query)

    def http_auth(self) -> httpx.Auth | None:
        return http_auth(self.user, self.password, self.auth)

    def store(self) -> RemoteStore:
        credentials = (self.user, self.password or "") if self.user else None
        return RemoteStore(self.query, self.update, credentials=credentials, auth_scheme=self.auth)

    def env(self) -> dict[str, str]:
        """NZC_* settings of an API process over this store."""
        found = {"NZC_STORE_KIND": "remote", "NZC_SPARQL_ENDPOINT": self.query, "NZC_UPDATE_ENDPOINT": self.update}
        if self.user:
            found |= {
                "NZC_STORE_USER": self.user,
                "NZC_STORE_PASSWORD": self.password or "",
                "NZC_STORE_AUTH": self.auth,
            }
        return found

    def reset(self) -> None:
        """Drop every graph of ours and our bookkeeping (the store's own graphs stay), so a test
        starts from nothing."""
        store = self.store()
        drops = [f"DROP SILENT GRAPH <{g}>" for g in store.graphs() + sorted(BOOKKEEPING)]
        store.update(" ;\n".join(drops) if drops else "DROP SILENT GRAPH <urn:nzc:nothing>")

    def as_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> StoreEndpoints:
        return cls(**json.loads(text))


class OxigraphServer:
    """`oxigraph serve` on a folder (union default graph, as the embedded store reads)."""

    name = "oxigraph"

    def __init__(self, folder: Path, port: int | None = None) -> None:
        binary = oxigraph_binary()
        if binary is None:
            raise FileNotFoundError("the Oxigraph server is not installed (pip install oxigraph)")
        self.binary, self.folder, self.port = binary, folder, port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return oxigraph_binary() is not None

    def start(self) -> None:
        command = [self.binary, "serve", "--location", str(self.folder), "--bind", f"127.0.0.1:{self.port}"]
        command.append("--union-default-graph")
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_ready(self.base + "/query?query=ASK%7B%7D", self.proc, 30)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def endpoints(self) -> StoreEndpoints:
        return StoreEndpoints(self.base + "/query", self.base + "/update", self.base + "/store")


class VirtuosoServer:
    """Virtuoso Open Source (Debian `virtuoso-opensource`) in the foreground on its own folder and
    ports. Reads go to its public /sparql; writes to /sparql-auth and /sparql-graph-crud-auth as
    its administrator (HTTP Digest), so no right is granted to anonymous users."""

    name = "virtuoso"

    @staticmethod
    def available() -> bool:
        return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None

    def __init__(self, folder: Path, port: int | None = None) -> None:
        binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
        if binary is None or isql is None:
            raise FileNotFoundError("Virtuoso is not installed (Debian package virtuoso-opensource)")
        self.binary, self.isql_path, self.folder = binary, isql, folder
        self.sql_port, self.port = free_port(), port or free_port()
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

    def isql(self, statement: str) -> None:
        """Run one SQL statement as the administrator (e.g. a GRANT)."""
        command = [self.isql_path, str(self.sql_port), VIRTUOSO_USER, VIRTUOSO_PASSWORD, f"exec={statement}"]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def endpoints(self) -> StoreEndpoints:
        return StoreEndpoints(
            self.base + "/sparql",
            self.base + "/sparql-auth",
            self.base + "/sparql-graph-crud-auth",
            VIRTUOSO_USER,
            VIRTUOSO_PASSWORD,
            "digest",
        )


# -- the command line .ci/run uses ------------------------------------------------------------

ENV_NAMES = {"oxigraph": "NZC_TEST_OXIGRAPH", "virtuoso": "NZC_TEST_VIRTUOSO"}


def start(folder: Path) -> list[str]:
    """Start every store installed here, detached; the `export` lines naming them."""
    folder.mkdir(parents=True, exist_ok=True)
    lines, pids = [], []
    for kind in (OxigraphServer, VirtuosoServer):
        if not kind.available():
            print(f"{kind.name}: not installed, not started", file=sys.stderr)
            continue
        server = kind(folder / kind.name)
        server.start()
        assert server.proc is not None
        pids.append(str(server.proc.pid))
        lines.append(f"export {ENV_NAMES[kind.name]}='{server.endpoints().as_json()}'")
        print(f"{kind.name}: answering at {server.base} (pid {server.proc.pid})", file=sys.stderr)
    (folder / "pids").write_text(" ".join(pids))
    return lines


def stop(folder: Path) -> None:
    """Stop the processes `start` left in `folder`, by their ids."""
    pids = [int(p) for p in (folder / "pids").read_text().split()] if (folder / "pids").exists() else []
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    deadline = time.monotonic() + 20
    for pid in pids:
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def from_env(name: str) -> StoreEndpoints | None:
    """The store `.ci/run` started for `name` (oxigraph, virtuoso), if it did."""
    text = os.environ.get(ENV_NAMES[name])
    return StoreEndpoints.from_json(text) if text else None


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: python -m nzc_graph.devtools.stores start|stop FOLDER", file=sys.stderr)
        return 2
    if argv[0] == "start":
        try:
            print("\n".join(start(Path(argv[1]))))
        except (StoreUnavailable, subprocess.CalledProcessError) as exc:
            print(f"a store did not start: {exc}", file=sys.stderr)
            stop(Path(argv[1]))
            return 1
    else:
        stop(Path(argv[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
