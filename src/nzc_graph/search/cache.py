"""The search index a server shares: built from the store on first use, kept up to date after writes.

A write that says what it changed (`GraphChange`: an accepted or withdrawn submission) is applied
in place on the next `get()` (search/delta.py), in milliseconds; any other write (a SPARQL update,
a build) or a change the delta cannot express rebuilds the whole index. `builds` counts the
full builds.
"""

from __future__ import annotations

import threading

from nzc_graph.queries import QueryLibrary
from nzc_graph.search.delta import refreshed
from nzc_graph.search.index import SearchIndex, SemanticMode, build_index
from nzc_graph.store.base import GraphChange, GraphStore


class IndexCache:
    """The index of one store; thread-safe.

    `invalidate()` never waits: it records the change, and the next `get()` applies it (writers are
    not held up by a build in progress). Re-reading a subject is idempotent, so a change that a
    build in progress already saw is harmless to apply again.
    """

    def __init__(self, store: GraphStore, library: QueryLibrary, semantic: SemanticMode = "auto") -> None:
        self.store = store
        self.library = library
        self.semantic = semantic
        self.builds = 0
        self._index: SearchIndex | None = None
        self._stale = False  # a change of unknown extent: build anew
        self._subjects: set[str] = set()  # subjects changed since the index was made
        self._lock = threading.Lock()
        self._pending = threading.Lock()

    def get(self) -> SearchIndex:
        with self._lock:
            with self._pending:
                stale, subjects = self._stale, frozenset(self._subjects)
                self._stale, self._subjects = False, set()
            done = False
            try:
                index = self._index
                if index is not None and not stale and subjects:
                    index = refreshed(index, self.store, self.library, subjects)
                if index is None or stale:
                    index = build_index(self.store, self.library, self.semantic)
                    self.builds += 1
                self._index, done = index, True
                return index
            finally:
                if not done:  # the store could not be read: the next get() builds anew
                    with self._pending:
                        self._stale = True

    def invalidate(self, change: GraphChange | None = None) -> None:
        """Mark the index out of date: just the change's subjects, or (no change given) all of it."""
        with self._pending:
            if change is None:
                self._stale = True
            else:
                self._subjects |= change.subjects
