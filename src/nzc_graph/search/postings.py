"""BM25 over an inverted index of stems that can grow and shrink without being rebuilt.

A `Postings` holds, for every stem, the documents that use it and how often, as numpy arrays built
in one vectorised pass (a Python loop per token, or bm25s's per-document scoring, took seconds at a
million triples). `Segments` joins a main postings built from the whole store with a small one of
documents added since, and a mask of documents withdrawn since: the BM25 statistics (document
count, document frequencies, average length) are those of the documents alive in both, so a
family with a delta scores every document exactly as a family rebuilt from the same documents.

Scoring is Lucene's BM25 (as bm25s's "lucene" method): IDF log(1 + (N - df + 0.5) / (df + 0.5)),
term-frequency part tf / (tf + k1 (1 - b + b dl / avgdl)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import chain

import numpy as np

K1 = 1.2
B = 0.5
_EMPTY_INT = np.zeros(0, dtype=np.int64)
_EMPTY_FLOAT = np.zeros(0, dtype=float)


@dataclass(frozen=True)
class Postings:
    """Term frequencies of a fixed list of documents, by stem (`spans[stem]` slices `docs`, `tfs`)."""

    lengths: np.ndarray
    spans: dict[str, tuple[int, int]]
    docs: np.ndarray
    tfs: np.ndarray

    @classmethod
    def build(cls, tokens: list[list[str]]) -> Postings:
        flat = list(chain.from_iterable(tokens))
        vocabulary = {t: i for i, t in enumerate(dict.fromkeys(flat))}  # stems in order of first use
        ids = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        n = max(len(tokens), 1)
        doc_of = np.repeat(np.arange(len(tokens), dtype=np.int64), lengths)
        keys, counts = np.unique(ids * n + doc_of, return_counts=True)
        stems, docs = np.divmod(keys, n)
        bounds = np.searchsorted(stems, np.arange(len(vocabulary) + 1))
        names = list(vocabulary)
        spans = {names[i]: (int(bounds[i]), int(bounds[i + 1])) for i in range(len(names))}
        return cls(lengths.astype(float), spans, docs, counts.astype(float))

    def get(self, stem: str) -> tuple[np.ndarray, np.ndarray]:
        """The documents using the stem and how often."""
        span = self.spans.get(stem)
        if span is None:
            return _EMPTY_INT, _EMPTY_FLOAT
        return self.docs[span[0] : span[1]], self.tfs[span[0] : span[1]]


class Segments:
    """A main postings, a delta postings numbered after it, and the documents withdrawn since."""

    def __init__(self, main: Postings, delta: Postings | None = None, alive: np.ndarray | None = None) -> None:
        self.main = main
        self.delta = delta or Postings.build([])
        self.offset = len(main.lengths)
        lengths = np.concatenate([main.lengths, self.delta.lengths])
        self.alive = np.ones(len(lengths), dtype=bool) if alive is None else alive
        self.lengths = np.where(self.alive, lengths, 0.0)
        self.size = int(self.alive.sum())
        self.avgdl = float(self.lengths.sum()) / self.size if self.size else 0.0

    def get(self, stem: str) -> tuple[np.ndarray, np.ndarray]:
        """The live documents using the stem (numbered over main then delta) and how often."""
        docs, tfs = self.main.get(stem)
        extra, extra_tfs = self.delta.get(stem)
        if extra.size:
            docs, tfs = np.concatenate([docs, extra + self.offset]), np.concatenate([tfs, extra_tfs])
        if self.size < len(self.alive):
            keep = self.alive[docs]
            docs, tfs = docs[keep], tfs[keep]
        return docs, tfs

    def df(self, stem: str) -> int:
        return int(self.get(stem)[0].size)

    def idf(self, df: int) -> float:
        """BM25's (Lucene) inverse document frequency of a term found in `df` documents."""
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def term_part(self, stem: str) -> tuple[np.ndarray, np.ndarray]:
        """The live documents using the stem and BM25's term-frequency part for each, in [0, 1)."""
        docs, tfs = self.get(stem)
        norm = K1 * (1 - B + B * self.lengths[docs] / self.avgdl) if docs.size else tfs
        return docs, tfs / (tfs + norm)
