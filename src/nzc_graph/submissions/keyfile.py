"""Changing the keys file: add, list, revoke and rotate keys.

Every change is one atomic rewrite: the new text goes to a temporary file in the same folder
(mode 0600, the owner of the file it replaces), is flushed to disk and renamed over the keys
file, so a server reading it sees the old file or the new one, never half of one; its key ring
notices the new inode and reads it again without a restart. Changes are serialised by a lock on
`<keys file>.lock`, so two commands at once cannot lose each other's change. Comments and the
other lines are kept as they were.

A key is named by its id, the first hex digits of its hash (`nzc-graph keys list` shows 12; any
unique prefix of at least 4 works).
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nzc_graph.errors import ConfigurationError, NotFound
from nzc_graph.submissions.apikeys import ADMIN, SLUG, KeyEntry, hash_key, parse_line

_KEY_ID = re.compile(r"^[0-9a-f]{4,64}$")


@dataclass(frozen=True)
class NewKey:
    """A key just made: the key itself (shown once) and its entry in the file."""

    key: str
    entry: KeyEntry


def _refuse_folder(keys_file: Path) -> None:
    if keys_file.is_dir():
        raise ConfigurationError(f"the keys file {keys_file} is a folder: name a file (NZC_API_KEYS_FILE or --file)")


@contextmanager
def _locked(keys_file: Path) -> Iterator[None]:
    _refuse_folder(keys_file)
    keys_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(keys_file.with_name(keys_file.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _read(keys_file: Path) -> list[tuple[str, KeyEntry | None]]:
    """Every line of the file with its entry (None for comments and blank lines)."""
    _refuse_folder(keys_file)
    if not keys_file.exists():
        return []
    lines = keys_file.read_text(encoding="utf-8").splitlines()
    return [(raw, parse_line(raw, str(keys_file), number)) for number, raw in enumerate(lines, start=1)]


def _rewrite(keys_file: Path, lines: list[str]) -> None:
    """Replace the file by `lines` in one rename: temp file, fsync, rename, fsync the folder."""
    fd, tmp = tempfile.mkstemp(dir=keys_file.parent, prefix=f".{keys_file.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        if keys_file.exists():
            st = keys_file.stat()
            try:
                os.fchown(fd, st.st_uid, st.st_gid)  # root rotating the server's file keeps it the server's
            except PermissionError:
                pass  # not root: the file is ours anyway
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("".join(f"{line}\n" for line in lines))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, keys_file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    folder = os.open(keys_file.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _new_entry(scope: str, label: str) -> NewKey:
    key = "nzc_" + secrets.token_urlsafe(32)
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return NewKey(key, KeyEntry(hash_key(key), scope, label, created))


def add_key(keys_file: Path, scope: str, label: str) -> str:
    """Make a new key for `scope` (a city slug or 'admin'), store only its hash; return the key."""
    if scope != ADMIN and not SLUG.match(scope):
        raise ConfigurationError(
            f"{scope!r} is not a city slug (lower-case words joined by hyphens, e.g. cluj-napoca) nor 'admin'"
        )
    clean = " ".join(label.split()) or (f"city key for {scope}" if scope != ADMIN else "admin key")
    made = _new_entry(scope, clean)
    with _locked(keys_file):
        lines = _read(keys_file)  # refuses to add to a broken file
        _rewrite(keys_file, [raw for raw, _ in lines] + [made.entry.line()])
    return made.key


def list_keys(keys_file: Path) -> list[KeyEntry]:
    """The entries of the keys file, in file order."""
    return [entry for _, entry in _read_existing(keys_file) if entry is not None]


def find_key(entries: list[KeyEntry], key_id: str) -> KeyEntry:
    """The one entry whose id starts with `key_id`; NotFound when none or several keys match."""
    wanted = key_id.strip().lower()
    if not _KEY_ID.match(wanted):
        raise NotFound(
            f"{key_id!r} is not a key id: give at least 4 of the hex digits that 'nzc-graph keys list' shows"
        )
    matches = {entry.digest: entry for entry in entries if entry.digest.startswith(wanted)}
    if not matches:
        raise NotFound(f"no key with id {key_id!r} in the keys file; 'nzc-graph keys list' shows the ids")
    if len(matches) > 1:
        ids = sorted(entry.key_id for entry in matches.values())
        raise NotFound(
            f"the id {key_id!r} is ambiguous: it matches {len(ids)} keys ({', '.join(ids)}); give more digits",
            suggestions=ids,
        )
    return next(iter(matches.values()))


def revoke_key(keys_file: Path, key_id: str) -> KeyEntry:
    """Remove the key named by `key_id` from the file; return its entry."""
    with _locked(keys_file):
        lines = _read_existing(keys_file)
        gone = find_key([entry for _, entry in lines if entry is not None], key_id)
        _rewrite(keys_file, [raw for raw, entry in lines if entry is None or entry.digest != gone.digest])
    return gone


def rotate_key(keys_file: Path, key_id: str) -> tuple[KeyEntry, NewKey]:
    """Replace the key named by `key_id` with a new one of the same scope and label, in its place
    in the file and in one rewrite; return the old entry and the new key."""
    with _locked(keys_file):
        lines = _read_existing(keys_file)
        old = find_key([entry for _, entry in lines if entry is not None], key_id)
        made = _new_entry(old.scope, old.label)
        kept: list[str] = []
        for raw, entry in lines:
            if entry is None or entry.digest != old.digest:
                kept.append(raw)
            elif made.entry.line() not in kept:
                kept.append(made.entry.line())
        _rewrite(keys_file, kept)
    return old, made


def _read_existing(keys_file: Path) -> list[tuple[str, KeyEntry | None]]:
    if not keys_file.exists():
        raise ConfigurationError(f"no keys file at {keys_file}: make the first key with 'nzc-graph keys add'")
    return _read(keys_file)
