"""API keys for writers: an admin key from settings, and city or admin keys in a keys file.

The keys file holds one key a line as `<sha256 hex of the key> <scope> [created=<UTC time>] <label>`,
where scope is `admin` or a city slug (`aachen`) and the created time (`2026-05-01T09:30:00Z`) is
optional, so files written before it was recorded still read; `#` starts a comment. Only hashes
are stored; a new key is shown once, when it is made. A key's id is the first 12 hex digits of its
hash: enough to name it in `nzc-graph keys revoke ID` and in the audit log, nothing to forge it
with. Keys are compared in constant time (hmac.compare_digest) against every entry, so timing
tells nothing about which entry is close. Changing the file is `submissions/keyfile.py`'s job.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from nzc_graph.errors import AuthError, ConfigurationError
from nzc_graph.namespaces import CITY

ADMIN = "admin"
KEY_ID_LENGTH = 12
SETTINGS_KEY_ID = "NZC_ADMIN_KEY"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_CREATED = re.compile(r"^created=(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a label, the city a city key is scoped to (None for an admin), the key's id."""

    label: str
    city: str | None
    key_id: str

    @property
    def is_admin(self) -> bool:
        return self.city is None

    @property
    def scope(self) -> str:
        return ADMIN if self.city is None else self.city

    @property
    def city_iri(self) -> URIRef | None:
        return None if self.city is None else CITY[self.city]


@dataclass(frozen=True)
class KeyEntry:
    """One line of the keys file."""

    digest: str
    scope: str
    label: str
    created: str | None = None

    @property
    def key_id(self) -> str:
        return self.digest[:KEY_ID_LENGTH]

    def line(self) -> str:
        """The entry as a line of the keys file (without the newline)."""
        created = f" created={self.created}" if self.created else ""
        return f"{self.digest} {self.scope}{created} {self.label}"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def parse_line(raw: str, source: str, number: int) -> KeyEntry | None:
    """One line of a keys file: its entry, or None for a blank line or a comment."""
    line = raw.strip()
    if not line or line.startswith("#"):
        return None
    parts = line.split(None, 2)
    if len(parts) < 2 or not _DIGEST.match(parts[0]) or not (parts[1] == ADMIN or SLUG.match(parts[1])):
        raise ConfigurationError(
            f"{source}, line {number}: expected '<sha256 hex> <admin|city-slug> [created=<time>] <label>'; "
            f"make keys with 'nzc-graph keys add --city SLUG' (or --admin)"
        )
    rest = parts[2] if len(parts) > 2 else ""
    first, _, after = rest.partition(" ")
    stamp = _CREATED.match(first)
    created, label = (stamp.group(1), after.strip()) if stamp else (None, rest)
    return KeyEntry(parts[0], parts[1], label or parts[1], created)


def parse_keys(text: str, source: str) -> list[KeyEntry]:
    """Read a keys file; raise ConfigurationError naming the line of a malformed entry."""
    entries = (parse_line(raw, source, number) for number, raw in enumerate(text.splitlines(), start=1))
    return [entry for entry in entries if entry is not None]


def _principal(entry: KeyEntry) -> Principal:
    return Principal(entry.label, None if entry.scope == ADMIN else entry.scope, entry.key_id)


class KeyRing:
    """Authenticates presented keys. Re-reads the keys file when it changes: another inode (the
    file was replaced by a rename, as `nzc-graph keys` does), another mtime or another size."""

    def __init__(self, admin_key: str | None, keys_file: Path | None) -> None:
        self._admin_digest = hash_key(admin_key) if admin_key else None
        self._file = keys_file
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int, int] | None = None
        self._entries: list[KeyEntry] = []

    def _current(self) -> list[KeyEntry]:
        if self._file is None:
            return []
        try:
            st = self._file.stat()
        except FileNotFoundError:
            raise ConfigurationError(f"NZC_API_KEYS_FILE names {self._file}, which does not exist") from None
        if not stat.S_ISREG(st.st_mode):
            raise ConfigurationError(f"NZC_API_KEYS_FILE names {self._file}, which is not a file")
        with self._lock:
            if self._stamp != (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size):
                with self._file.open("rb") as fh:  # stamp and text from the same open file
                    opened = os.fstat(fh.fileno())
                    text = fh.read().decode("utf-8")
                self._entries = parse_keys(text, str(self._file))
                self._stamp = (opened.st_dev, opened.st_ino, opened.st_mtime_ns, opened.st_size)
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
            found = Principal("admin (NZC_ADMIN_KEY)", None, SETTINGS_KEY_ID)
        for entry in self._current():  # no early exit: every entry is compared
            if hmac.compare_digest(digest, entry.digest) and found is None:
                found = _principal(entry)
        if found is None:
            raise AuthError(
                "the API key is not valid (unknown or revoked); check for a copy-paste error "
                "or ask the programme staff for a new key"
            )
        return found
