"""Reading questions in German, French, Spanish, Italian and Portuguese.

The report and its practices are English; the catalogue's challenges, practice kinds and themes also
carry a preferred and alternative labels in each of these languages (data/ttl/labels-*.ttl). A
question in one of them is matched against those labels, analysed the way they are:

- lower case, the language's stop words and question framing out ("welche Stadt hat …"),
- stemmed with the language's Snowball stemmer, then folded (diacritics dropped, after stemming,
  since the stemmers know their own accents: "Bürgern" → "burg");
- a German word the labels lack may still end in one they have ("Energieberatung" → "beratung"):
  its longest known tail of DECOMPOUND_MIN letters or more stands for it at COMPOUND_WEIGHT.

`detect_language` tells the question's language from its stop words (no model, no dependency):
the language whose stop words it uses most (MIN_HITS of them at least), English when none uses more
than English does, a tie
between the other languages broken by how many of its words the language's labels know.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import snowballstemmer
from bm25s.stopwords import (
    STOPWORDS_EN_PLUS,
    STOPWORDS_FRENCH,
    STOPWORDS_GERMAN,
    STOPWORDS_ITALIAN,
    STOPWORDS_PORTUGUESE,
    STOPWORDS_SPANISH,
)

from nzc_graph.languages import DEFAULT_LANGUAGE, FOREIGN, Language
from nzc_graph.search.words import Term, fold

COMPOUND_WEIGHT = 0.8
MIN_HITS = 2  # one shared word ("via", "a") does not make a question Spanish
DECOMPOUND_MIN = 5
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMER_NAMES: dict[Language, str] = {
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
}
# Words that frame a question in each language ("which city has solved …") rather than describe a problem.
_FRAMING: dict[Language, frozenset[str]] = {
    "de": frozenset(
        "stadt stadte kommune kommunen gemeinde gemeinden jemand schon bereits gelost losen geloest beispiel "
        "beispiele gibt gab wer welche welcher welches wie was wo".split()
    ),
    "fr": frozenset(
        "ville villes commune communes quelqu quelque deja resolu resolue resoudre exemple exemples quelle quelles "
        "quel quels qui comment ya".split()
    ),
    "es": frozenset(
        "ciudad ciudades ayuntamiento ayuntamientos municipio municipios alguien alguna alguno ya resuelto resuelta "
        "resolver ejemplo ejemplos que cual cuales quien quienes como hay".split()
    ),
    "it": frozenset(
        "citta comune comuni qualcuno qualche gia risolto risolta risolvere esempio esempi quale quali chi come "
        "ce".split()
    ),
    "pt": frozenset(
        "cidade cidades municipio municipios camara alguem alguma algum ja resolvido resolvida resolver exemplo "
        "exemplos qual quais quem como".split()
    ),
}
_STOPWORDS: dict[Language, frozenset[str]] = {
    "de": frozenset(STOPWORDS_GERMAN),
    "fr": frozenset(STOPWORDS_FRENCH),
    "es": frozenset(STOPWORDS_SPANISH),
    "it": frozenset(STOPWORDS_ITALIAN),
    "pt": frozenset(STOPWORDS_PORTUGUESE),
}
_FOLDED_STOPWORDS: dict[Language, frozenset[str]] = {
    lang: frozenset(fold(w) for w in words) | _FRAMING[lang] for lang, words in _STOPWORDS.items()
}
_ENGLISH = frozenset(STOPWORDS_EN_PLUS)


def raw_words(text: str) -> list[str]:
    """Every word of the text in lower case, accents kept, apostrophes splitting ("l'énergie")."""
    return _WORD.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=8)
def _stemmer(language: Language) -> Callable[[str], str]:
    stemmer = snowballstemmer.stemmer(_STEMMER_NAMES[language])
    return lambda word: str(stemmer.stemWord(word))


@lru_cache(maxsize=65536)
def stem_in(language: Language, word: str) -> str:
    """The Snowball stem of a lower-case word in a language, folded: stem_in("de", "bürgern") == "burg"."""
    return fold(_stemmer(language)(word))


def content_words(language: Language, text: str) -> list[str]:
    """The words of the text that carry its meaning: lower case, without stop words and framing."""
    stop = _FOLDED_STOPWORDS[language]
    return [w for w in raw_words(text) if len(w) > 1 and fold(w) not in stop and not w.isdigit()]


def analyse_in(language: Language, text: str) -> list[str]:
    """The content words of a text in a language, stemmed: analyse_in("es", "Las ciudades y los socios")."""
    return [stem_in(language, w) for w in content_words(language, text)]


def stopword_hits(text: str) -> dict[Language, int]:
    """How many words of the text are stop words of each language (English included)."""
    folded = [fold(w) for w in raw_words(text)]
    hits: dict[Language, int] = {DEFAULT_LANGUAGE: sum(w in _ENGLISH for w in folded)}
    for lang in FOREIGN:
        stop = _FOLDED_STOPWORDS[lang]
        hits[lang] = sum(w in stop for w in folded)
    return hits


def detect_language(text: str, known: Callable[[Language, str], int] | None = None) -> Language:
    """The language a question is written in: the one whose stop words it uses most, English unless
    another language's count is higher; `known(language, text)` (how many of the text's words that
    language's labels know) breaks a tie between the other languages.

    >>> detect_language("Welche Stadt hat die Bürger für den Klimaschutz gewonnen?")
    'de'
    >>> detect_language("Our partners are tired of all the meetings")
    'en'
    """
    hits = stopword_hits(text)
    english = hits.pop(DEFAULT_LANGUAGE)
    best = max(hits.values())
    if best <= english or best < MIN_HITS:
        return DEFAULT_LANGUAGE
    tied = [lang for lang in FOREIGN if hits[lang] == best]
    if len(tied) > 1 and known is not None:
        return max(tied, key=lambda lang: (known(lang, text), -FOREIGN.index(lang)))
    return tied[0]


class ForeignReader:
    """Reads questions in one language against the stems of that language's labels."""

    def __init__(self, language: Language, stems: Iterable[str]) -> None:
        self.language = language
        self.stems = frozenset(stems)
        self._tails = sorted((s for s in self.stems if len(s) >= DECOMPOUND_MIN), key=len, reverse=True)

    def terms(self, text: str) -> list[Term]:
        """The question's words, each as the stem the labels know (or a German compound's known tail)."""
        out: list[Term] = []
        for word in content_words(self.language, text):
            s = stem_in(self.language, word)
            if s in self.stems:
                out.append(Term(word, ((s, 1.0),)))
                continue
            tail = self._tail(s) if self.language == "de" else None
            if tail is not None:
                out.append(Term(word, ((tail, COMPOUND_WEIGHT),)))
        return out

    def known(self, text: str) -> int:
        """How many of the text's content words the labels know (for telling similar languages apart)."""
        return sum(stem_in(self.language, w) in self.stems for w in content_words(self.language, text))

    def _tail(self, s: str) -> str | None:
        return next((t for t in self._tails if len(t) < len(s) and s.endswith(t)), None)


__all__ = ["ForeignReader", "analyse_in", "content_words", "detect_language", "stem_in", "stopword_hits"]
