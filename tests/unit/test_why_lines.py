"""'Why' lines read as one plain sentence: no filler or lone stop words among "your words", plurals
right, on every question of the dev sets (real graph)."""

from __future__ import annotations

import json
import re

import pytest

from nzc_graph.queries import QueryLibrary
from nzc_graph.search.index import SearchIndex, build_index
from nzc_graph.search.service import ask, practices_for
from nzc_graph.search.words import FILLER, GLUE_BACK, GLUE_ON, STOPWORDS, shown_words

YOUR_WORDS = re.compile(r"\(your words: ([^)]*)\)")
BAD_PLURAL = re.compile(r"\b1 (cities|challenges|practices|links|violations|nodes|warnings)\b")
KEPT_STOPWORDS = GLUE_BACK | GLUE_ON
# templates that read badly: "is a Building retrofitting", "…” its own description matches"
BAD_TEMPLATE = re.compile(r"\bis an? [A-Z]|” its own description")


@pytest.fixture(scope="module")
def bm25_index(store, settings) -> SearchIndex:
    return build_index(store, QueryLibrary(settings.queries_dir), "off")


@pytest.fixture(scope="module")
def why_lines(settings, bm25_index: SearchIndex) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for name in ("dev_questions.jsonl", "dev_unanswerable.jsonl"):
        for row in (settings.root / "eval" / name).read_text(encoding="utf-8").splitlines():
            q = json.loads(row)["question"]
            answer = ask(bm25_index, q, limit=5)
            lines += [(q, r.why) for r in answer.solved.results + answer.faces.results]
            lines += [(q, r.why) for r in practices_for(bm25_index, q, limit=3).results]
    assert len(lines) > 100
    return lines


def test_your_words_hold_no_filler_and_no_lone_stop_word(why_lines: list[tuple[str, str]]) -> None:
    bad = []
    for q, why in why_lines:
        for group in YOUR_WORDS.findall(why):
            for shown in group.split(", "):
                parts = shown.split(" ")
                lone_stop = len(parts) == 1 and (shown in STOPWORDS or shown in KEPT_STOPWORDS)
                if lone_stop or shown in FILLER or any(p in STOPWORDS for p in parts):
                    bad.append((q, shown, why))
    assert not bad, bad[:5]


def test_why_lines_are_one_sentence_with_right_plurals(why_lines: list[tuple[str, str]]) -> None:
    for q, why in why_lines:
        assert why.endswith("."), (q, why)
        assert not BAD_PLURAL.search(why), (q, why)
        assert not BAD_TEMPLATE.search(why), (q, why)


def test_kept_stop_words_are_shown_with_the_word_they_belong_to() -> None:
    seq = ["partners", "fed", "up", "too", "many", "initiatives"]
    everything = {w: w for w in seq}
    assert shown_words(seq, everything) == ["partners", "fed up", "too many", "initiatives"]
    # "up" matched a document that does not hold "fed": it is no reason on its own
    assert shown_words(seq, {"up": "up", "initiatives": "initiatives"}) == ["initiatives"]
    # a typo's fix is shown as the index read it
    assert shown_words(["buisness"], {"buisness": "business"}) == ["business"]
