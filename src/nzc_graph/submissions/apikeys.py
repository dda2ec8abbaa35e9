"""API keys for writers: an admin key from settings, and city or admin keys in a keys file.

The keys file holds one key a line as `<sha256 hex of the key> <scope> <label>`, where scope is
`admin` or a city slug (`aachen`); `#` starts a comment. Only hashes are stored; a new key is
shown once, when it is made. Keys are compared in constant time (hmac.compare_digest) against
every entry, so timing tells nothing about which entry is close.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from nzc_graph.errors import AuthError, ConfigurationError
from nzc_graph.namespaces import CITY

ADMIN = "admin"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a label, and the city a city key is scoped to (None for an admin)."""

    label: str
    city: str | None

    @property
    def is_admin(self) -> bool:
        return self.city is None

    @property
    def city_iri(self) -> URIRef | None:
        return None if self.city is None else CITY[self.city]


@dataclass(frozen=True)
class KeyEntry:
    """One line of the keys file."""

    digest: str
    scope: str
    label: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def parse_keys(text: str, source: str) -> list[KeyEntry]:
    """Read a keys file; raise ConfigurationError naming the line of a malformed entry."""
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 2 or not _DIGEST.match(parts[0]) or not (parts[1] == ADMIN or _SLUG.match(parts[1])):
            raise ConfigurationError(
                f"{source}, line {number}: expected '<sha256 hex> <admin|city-slug> <label>'; "
                f"make keys with 'nzc-graph keys add --city SLUG' (or --admin)"
            )
        entries.append(KeyEntry(parts[0], parts[1], parts[2] if len(parts) > 2 else parts[1]))
    return entries


def _principal(entry: KeyEntry) -> Principal:
    return Principal(entry.label, None if entry.scope == ADMIN else entry.scope)


class KeyRing:
    """Authenticates presented keys. Re-reads the keys file when it changes."""

    def __init__(self, admin_key: str | None, keys_file: Path | None) -> None:
        self._admin_digest = hash_key(admin_key) if admin_key else None
        self._file = keys_file
        self._lock = threading.Lock()
        self._stamp: tuple[float, int] | None = None
        self._entries: list[KeyEntry] = []

    def _current(self) -> list[KeyEntry]:
        if self._file is None:
            return []
        try:
            st = self._file.stat()
        except FileNotFoundError:
            raise ConfigurationError(f"NZC_API_KEYS_FILE names {self._file}, which does not exist") from None
        with self._lock:
            if self._stamp != (st.st_mtime, st.st_size):
                self._entries = parse_keys(self._file.read_text(encoding="utf-8"), str(self._file))
                self._stamp = (st.st_mtime, st.st_size)
            return self._entries

    def authenticate(self, presented: str | None) -> Principal:
        """The principal a key belongs to; AuthError when there is no key or it is not known."""
        if not presented:
            raise AuthError(
                "this needs an API key: send 'Authorization: Bearer <key>' (or 'X-API-Key: <key>'); "
                "ask the programme staff for a key for your city"
            )
        digest = hash_key(presented)
        found: Principal | None = None
        if self._admin_digest is not None and hmac.compare_digest(digest, self._admin_digest):
            found = Principal("admin (NZC_ADMIN_KEY)", None)
        for entry in self._current():  # no early exit: every entry is compared
            if hmac.compare_digest(digest, entry.digest) and found is None:
                found = _principal(entry)
        if found is None:
            raise AuthError(
                "the API key is not valid (unknown or revoked); check for a copy-paste error "
                "or ask the programme staff for a new key"
            )
        return found


def add_key(keys_file: Path, scope: str, label: str) -> str:
    """Make a new key for `scope` (a city slug or 'admin'), store only its hash; return the key."""
    if scope != ADMIN and not _SLUG.match(scope):
        raise ConfigurationError(
            f"{scope!r} is not a city slug (lower-case words joined by hyphens, e.g. cluj-napoca) nor 'admin'"
        )
    clean = " ".join(label.split()) or (f"city key for {scope}" if scope != ADMIN else "admin key")
    if keys_file.exists():
        parse_keys(keys_file.read_text(encoding="utf-8"), str(keys_file))  # refuse to append to a broken file
    keys_file.parent.mkdir(parents=True, exist_ok=True)
    key = "nzc_" + secrets.token_urlsafe(32)
    fd = os.open(keys_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(f"{hash_key(key)} {scope} {clean}\n")
    return key
