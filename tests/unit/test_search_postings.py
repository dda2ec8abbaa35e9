"""The BM25 family with a delta (documents added and withdrawn since the build) ranks exactly as a
family rebuilt from the same live documents, and a withdrawn document is never found."""

from __future__ import annotations

import random

import numpy as np

from nzc_graph.search.index import LexicalFamily
from nzc_graph.search.words import Term

STEMS = [f"w{i}" for i in range(30)]


def _docs(rng: random.Random, prefix: str, n: int) -> dict[str, list[str]]:
    return {f"{prefix}{i}": [rng.choice(STEMS) for _ in range(rng.randint(1, 12))] for i in range(n)}


def _ranked(family: LexicalFamily, terms: list[Term]) -> list[tuple[str, float]]:
    scores = family.scores(terms)
    pairs = [(family.ids[i], round(float(scores[i]), 12)) for i in np.nonzero(scores > 0)[0]]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


def test_a_family_with_a_delta_ranks_as_a_rebuilt_one() -> None:
    rng = random.Random(3)
    main, added = _docs(rng, "m", 40), _docs(rng, "a", 6)
    withdrawn = {"m3", "m17", "a2"}
    family = LexicalFamily.build(list(main), list(main.values()))
    changed = family.changed(dict(list(added.items())[:3]), set()).changed(dict(list(added.items())[3:]), withdrawn)
    live = {k: v for k, v in {**main, **added}.items() if k not in withdrawn}
    rebuilt = LexicalFamily.build(sorted(live), [live[k] for k in sorted(live)])
    for query in (["w1"], ["w2", "w7"], ["w5", "w9", "w29"], ["w3", "nothing"]):
        terms = [Term(s, ((s, 1.0), ("w0", 0.8))) for s in query]
        assert _ranked(changed, terms) == _ranked(rebuilt, terms)
    assert changed.vocabulary == rebuilt.vocabulary


def test_a_withdrawn_document_is_not_found() -> None:
    family = LexicalFamily.build(["a", "b"], [["heat", "pump"], ["bike"]])
    added = family.changed({"c": ["heat"]}, set())
    assert {i for i, _ in _ranked(added, [Term("heat", (("heat", 1.0),))])} == {"a", "c"}
    gone = added.changed({}, {"c", "a"})
    assert _ranked(gone, [Term("heat", (("heat", 1.0),))]) == []
    assert "heat" not in gone.vocabulary
