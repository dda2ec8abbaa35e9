"""Reading plain words: folding, spelling, stop words, stems, everyday synonyms and typos.

Documents and questions go through the same analyser (`words`, `analyse`): lower case without
diacritics, American spellings turned British (the report's), stop words and question framing
dropped, Snowball-stemmed. A question is then read into `Term`s, one per word, each with the stems
that may stand for it:

- the word itself;
- its everyday synonyms from `everyday_words.txt` (a small curated thesaurus shipped with the
  package: "firms" may be matched by "companies", "mums" by "parents"), each counting
  SYNONYM_WEIGHT of the word itself;
- when the index has never seen the word and the thesaurus does not know it either, the closest
  word the index knows, if it is close enough to be a typo ("buisness" → "business", difflib).

A term that neither the index nor the thesaurus can place is left out.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import snowballstemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

SYNONYM_WEIGHT = 0.8
TYPO_CUTOFF = 0.85  # difflib ratio: one slip in a word of seven letters or more
TYPO_MIN_LENGTH = 6  # shorter words have too many close neighbours ("heart" is not a typo of "heat")
THESAURUS_FILE = "everyday_words.txt"

# Words that frame a question ("which city has dealt with ...") rather than describe a problem.
QUESTION_WORDS = frozenset(
    {
        "city",
        "cities",
        "town",
        "towns",
        "municipality",
        "municipalities",
        "anyone",
        "anybody",
        "someone",
        "somebody",
        "solved",
        "solve",
        "tackled",
        "tackle",
        "dealt",
        "deal",
        "dealing",
        "handled",
        "handle",
        "example",
        "examples",
        "else",
        "already",
        "anywhere",
        "us",
        "ours",
        "could",
        "would",
        "might",
        "must",
        "also",
        "got",
        "get",
        "know",
        "like",
        "want",
        "looking",
        "look",
    }
)
# Framing verbs in any form ("wants", "getting", "looked"), dropped by stem.
FRAMING_VERBS = ("want", "get", "look", "know", "solve", "tackle", "deal", "handle")
# Contractions typed without the apostrophe ("doesnt"); with it they split into stop words already.
CONTRACTIONS = frozenset(
    {
        "dont",
        "doesnt",
        "didnt",
        "cant",
        "couldnt",
        "wont",
        "wouldnt",
        "shouldnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "hasnt",
        "havent",
        "hadnt",
        "aint",
        "im",
        "ive",
        "weve",
        "theyre",
        "theyve",
        "youre",
        "thats",
    }
)
# Stop words, except those that carry the problem: "not enough", "too few", "no one", "only".
MEANINGFUL = frozenset(
    {
        "no",
        "not",
        "nor",
        "few",
        "too",
        "more",
        "most",
        "only",
        "same",
        "against",
        "off",
        "out",
        "over",
        "under",
        "again",
        "down",
        "up",
    }
)
STOPWORDS = (frozenset(STOPWORDS_EN_PLUS) - MEANINGFUL) | QUESTION_WORDS | CONTRACTIONS
# How a "why" line shows the question's matched words: a kept stop word is shown with the word it
# belongs to ("fed up", "too many", "not enough"), never alone, and filler that still counts in the
# ranking (where its rarity weighs it) is not shown as a reason at all.
GLUE_BACK = frozenset({"up", "down", "out", "off", "over"})  # belongs to the word before: "fed up"
GLUE_ON = MEANINGFUL - GLUE_BACK  # belongs to the word after: "too many", "not enough"
FILLER = frozenset(
    {"another", "many", "much", "lot", "lots", "based", "thing", "things", "way", "ways", "kind", "also", "new"}
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("english")
# -ize, -yze and their forms, spelt -ise, -yse as in the report (words of 7 letters or more, so
# "size" and "prize" stay as they are).
_IZE = re.compile(r"(?<=\w{3})([iy])z(e|es|ed|ing|ation|ations|er|ers)$")


def fold(text: str) -> str:
    """Lower case without diacritics (Umeå → umea). ASCII text, most of the corpus, skips the
    decomposition (a character-by-character pass was a third of the index build at scale)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def british(word: str) -> str:
    """The report's spelling of a word: organize → organise, behavior → behaviour."""
    spelt = _thesaurus().spellings.get(word)
    if spelt is not None:
        return spelt
    return _IZE.sub(r"\1s\2", word) if len(word) >= 7 else word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball English stem of one word (memoised: the corpus repeats its words)."""
    return str(_STEMMER.stemWord(word))


_FRAMING_STEMS = frozenset(stem(v) for v in FRAMING_VERBS)


@lru_cache(maxsize=262144)
def _content(token: str) -> str:
    """A folded token as a content word (spelt British), or "" for a stop word or question framing;
    memoised, since a corpus of a million triples repeats a few thousand words millions of times."""
    w = british(token)
    return w if w not in STOPWORDS and len(w) > 1 and stem(w) not in _FRAMING_STEMS else ""


def words(text: str) -> list[str]:
    """The content words of a text, folded, spelt British, without stop words or question framing."""
    return [w for w in map(_content, _WORD.findall(fold(text))) if w]


def shown_words(sequence: list[str], hits: dict[str, str]) -> list[str]:
    """The matched words of a question as a "why" line lists them, in the question's order.

    `sequence` is the question's content words (`words`), `hits` maps each matched one to the word
    the index read it as (the same, or a typo's fix). A kept stop word is shown only together with
    its matched neighbour: "up" alone is no reason.

    >>> shown_words(["companies", "fed", "up", "another", "initiative"], {w: w for w in ["fed", "up", "another"]})
    ['fed up']
    >>> shown_words(["companies", "fed", "up"], {"companies": "companies", "up": "up"})
    ['companies']
    >>> shown_words(["partners", "tired", "too", "many"], {"partners": "partners", "too": "too", "many": "many"})
    ['partners', 'too many']
    """
    shown: list[str] = []
    skip = -1
    for i, typed in enumerate(sequence):
        word = hits.get(typed)
        if word is None or i == skip:
            continue
        if word in GLUE_BACK:
            before = hits.get(sequence[i - 1]) if i > 0 else None
            if before is not None:
                if shown and shown[-1] == before:
                    shown.pop()
                shown.append(f"{before} {word}")
        elif word in GLUE_ON:
            after = hits.get(sequence[i + 1]) if i + 1 < len(sequence) else None
            if after is not None:
                shown.append(f"{word} {after}")
                skip = i + 1
        elif word not in FILLER:
            shown.append(word)
    return list(dict.fromkeys(shown))


def analyse(text: str) -> list[str]:
    """Content words, stemmed (Snowball English)."""
    return [stem(w) for w in words(text)]


@dataclass(frozen=True)
class Thesaurus:
    """Everyday synonyms (stem → stems of the same group) and spelling rewrites (US → British)."""

    synonyms: dict[str, frozenset[str]]
    spellings: dict[str, str]
    words: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> Thesaurus:
        """Lines `us = british` rewrite a word's spelling; other lines are comma-separated synonym groups."""
        groups: dict[str, set[str]] = {}
        spellings: dict[str, str] = {}
        surface: set[str] = set()
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip().lower()
            if "=" in line:
                us, uk = (part.strip() for part in line.split("=", 1))
                spellings[us] = uk
            elif line:
                group = [w.strip() for w in line.split(",") if w.strip()]
                surface.update(group)
                stems = {stem(w) for w in group if w not in STOPWORDS}
                for s in stems:
                    groups.setdefault(s, set()).update(stems - {s})
        return cls({k: frozenset(v) for k, v in groups.items()}, spellings, frozenset(surface))


@lru_cache(maxsize=1)
def _thesaurus() -> Thesaurus:
    text = resources.files(__package__).joinpath(THESAURUS_FILE).read_text(encoding="utf-8")
    return Thesaurus.parse(text)


@dataclass(frozen=True)
class Term:
    """One word of the question and the stems that may stand for it, with their weights.

    `guess_for` is the word as typed when `word` is only the index's guess at a typo
    ("buisness" → "business"); None when the word was read as typed."""

    word: str
    alternatives: tuple[tuple[str, float], ...]
    guess_for: str | None = None

    @property
    def typed(self) -> str:
        """The word of the question this term stands for."""
        return self.guess_for or self.word


class QueryReader:
    """Reads questions against the vocabulary of one index."""

    def __init__(self, corpus_words: Iterable[str], stems: frozenset[str]) -> None:
        self.thesaurus = _thesaurus()
        self.stems = stems
        self._known = sorted(set(corpus_words) | self.thesaurus.words)
        self._typos: dict[str, str | None] = {}

    def terms(self, text: str) -> list[Term]:
        """The question's words, each with its synonyms or typo fix, as stems the index knows."""
        out = []
        for word in words(text):
            term = self._term(word)
            if term.alternatives:
                out.append(term)
        return out

    def _term(self, word: str) -> Term:
        s, guess_for = stem(word), None
        if s not in self.stems and s not in self.thesaurus.synonyms:
            fixed = self._typo(word)
            if fixed is None or fixed in STOPWORDS:
                return Term(word, ())
            word, s, guess_for = fixed, stem(fixed), word
        alternatives = [(s, 1.0)] + [(t, SYNONYM_WEIGHT) for t in sorted(self.thesaurus.synonyms.get(s, ()))]
        return Term(word, tuple((t, w) for t, w in alternatives if t in self.stems), guess_for)

    def _typo(self, word: str) -> str | None:
        if len(word) < TYPO_MIN_LENGTH:
            return None
        if word not in self._typos:
            close = difflib.get_close_matches(word, self._known, n=1, cutoff=TYPO_CUTOFF)
            self._typos[word] = close[0] if close else None
        return self._typos[word]
