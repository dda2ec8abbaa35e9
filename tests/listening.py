"""A stand-in for an internal service: a TCP listener on loopback that counts the connections it
gets, for the tests that prove a query cannot reach one (SERVICE refused, workers without network)."""

from __future__ import annotations

import socket
import threading


class Listener:
    """A TCP listener on loopback that counts connections (answers each with an empty 200)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.hits += 1
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def close(self) -> None:
        self.sock.close()
