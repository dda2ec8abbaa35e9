"""Managing the keys file: ids, list, revoke, rotate as one atomic rewrite (mode 0600, comments
kept), files written before the created time still read, and a key ring that notices a file
replaced by a rename even when its size and mtime did not change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nzc_graph.errors import AuthError, NotFound
from nzc_graph.submissions.apikeys import KeyEntry, KeyRing, hash_key, parse_keys
from nzc_graph.submissions.keyfile import add_key, find_key, list_keys, revoke_key, rotate_key


def test_old_lines_without_a_created_time_still_read() -> None:
    digest = "a" * 64
    old, bare, new = parse_keys(
        f"# keys\n{digest} aachen Aachen climate office\n{'b' * 64} admin\n"
        f"{'c' * 64} porto created=2026-05-01T09:30:00Z Porto energy agency\n",
        "keys",
    )
    assert old == KeyEntry(digest, "aachen", "Aachen climate office", None)
    assert old.key_id == "a" * 12 and bare.label == "admin"
    assert new.created == "2026-05-01T09:30:00Z" and new.label == "Porto energy agency"
    assert parse_keys(new.line(), "keys") == [new]


def test_list_shows_ids_scopes_labels_and_times(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    key = add_key(path, "aachen", "Aachen  climate office")
    add_key(path, "admin", "")
    aachen, admin = list_keys(path)
    assert aachen.key_id == hash_key(key)[:12] and aachen.scope == "aachen"
    assert aachen.label == "Aachen climate office" and aachen.created and aachen.created.endswith("Z")
    assert admin.scope == "admin" and admin.label == "admin key"
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_revoke_removes_exactly_that_line_and_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    path.write_text(f"# who holds what\n{hash_key('old-key')} leuven Leuven (written by hand)\n")
    kept = add_key(path, "porto", "Porto")
    gone = add_key(path, "aachen", "Aachen")
    revoked = revoke_key(path, hash_key(gone)[:8].upper())
    assert revoked.scope == "aachen"
    lines = path.read_text().splitlines()
    assert lines[:2] == ["# who holds what", f"{hash_key('old-key')} leuven Leuven (written by hand)"]
    assert len(lines) == 3 and lines[2].startswith(hash_key(kept))
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_rotate_keeps_scope_label_and_place_and_revokes_the_old_key(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    first = add_key(path, "aachen", "Aachen climate office")
    last = add_key(path, "porto", "Porto")
    ring = KeyRing(None, path)
    assert ring.authenticate(first).city == "aachen"
    old, made = rotate_key(path, hash_key(first)[:12])
    assert old.digest == hash_key(first) and made.key != first
    assert (made.entry.scope, made.entry.label) == ("aachen", "Aachen climate office")
    assert [e.digest for e in list_keys(path)] == [hash_key(made.key), hash_key(last)]
    with pytest.raises(AuthError, match="not valid"):
        ring.authenticate(first)
    principal = ring.authenticate(made.key)
    assert principal.city == "aachen" and principal.key_id == made.entry.key_id
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_unknown_ambiguous_and_malformed_ids_are_refused(tmp_path: Path) -> None:
    entries = [KeyEntry("abcd1" + "0" * 59, "aachen", "a"), KeyEntry("abcd2" + "0" * 59, "porto", "p")]
    with pytest.raises(NotFound, match="ambiguous: it matches 2 keys") as ambiguous:
        find_key(entries, "abcd")
    assert ambiguous.value.suggestions == ["abcd10000000", "abcd20000000"]
    assert find_key(entries, "abcd2").scope == "porto"
    with pytest.raises(NotFound, match="no key with id 'ffff'"):
        find_key(entries, "ffff")
    for bad in ("ab", "not-hex", ""):
        with pytest.raises(NotFound, match="not a key id"):
            find_key(entries, bad)
    same = KeyEntry("abcd1" + "0" * 59, "aachen", "a copy")
    assert find_key([*entries, same], "abcd1").scope == "aachen"  # one key listed twice is one key
    path = tmp_path / "keys"
    add_key(path, "aachen", "Aachen")
    before = path.read_text()
    with pytest.raises(NotFound):
        revoke_key(path, "0000")
    assert path.read_text() == before


def test_a_ring_notices_a_replaced_file_of_the_same_size_and_mtime(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    a, b = "nzc_" + "a" * 43, "nzc_" + "b" * 43
    path.write_text(f"{hash_key(a)} aachen Aachen\n")
    st = path.stat()
    ring = KeyRing(None, path)
    assert ring.authenticate(a).city == "aachen"
    replacement = tmp_path / "keys.new"
    replacement.write_text(f"{hash_key(b)} aachen Aachen\n")
    os.utime(replacement, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(replacement, path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert ring.authenticate(b).city == "aachen"
    with pytest.raises(AuthError):
        ring.authenticate(a)
