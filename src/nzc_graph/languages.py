"""The languages questions may be asked and answered in, and the phrases shown in each.

English is the report's language and the default; the catalogue's concepts also carry labels in
German, French, Spanish, Italian and Portuguese (data/ttl/labels-*.ttl). The answer language is
chosen at the edge: an explicit `lang=` first, then the Accept-Language header by its q-values, else
English (`preferred_language`). Every sentence the service writes around the graph's labels comes
from one catalogue, phrases.json (key → language → text, `str.format` fields), so the web pages and
the "why" lines follow the chosen language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Literal

from nzc_graph.errors import InvalidQueryParameter

Language = Literal["en", "de", "fr", "es", "it", "pt"]
LANGUAGES: tuple[Language, ...] = ("en", "de", "fr", "es", "it", "pt")
FOREIGN: tuple[Language, ...] = ("de", "fr", "es", "it", "pt")  # the languages besides the report's
DEFAULT_LANGUAGE: Language = "en"
# Each language by its own name, as a language chooser lists them.
LANGUAGE_NAMES: dict[Language, str] = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "pt": "Português",
}
PHRASES_FILE = "phrases.json"


def parse_language(value: str) -> Language | None:
    """The language of a tag, or None when it is none of ours: "de-AT" → "de", "EN_gb" → "en".

    >>> parse_language("de-AT"), parse_language("pt_BR"), parse_language("nl")
    ('de', 'pt', None)
    """
    primary = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if primary in LANGUAGES else None


def accepted_language(header: str | None) -> Language | None:
    """The best of our languages in an Accept-Language header (highest q first, then header order).

    >>> accepted_language("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5")
    'fr'
    >>> accepted_language("nl, es;q=0.4, en;q=0.3"), accepted_language("nl"), accepted_language("de;q=0")
    ('es', None, None)
    """
    ranked: list[tuple[float, int, Language]] = []
    for n, part in enumerate((header or "").split(",")):
        tag, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        language = parse_language(tag) if tag else None
        if language is not None and q > 0:
            ranked.append((-q, n, language))
    return min(ranked)[2] if ranked else None


def preferred_language(lang: str | None, accept_language: str | None) -> Language:
    """The answer language: `lang` when given (one of LANGUAGES, else an error naming them), else
    the Accept-Language header's best, else English."""
    if lang:
        chosen = parse_language(lang)
        if chosen is None:
            raise InvalidQueryParameter(f"lang: '{lang}' is not offered; use one of {', '.join(LANGUAGES)}")
        return chosen
    return accepted_language(accept_language) or DEFAULT_LANGUAGE


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, str]]:
    text = resources.files(__package__).joinpath(PHRASES_FILE).read_text(encoding="utf-8")
    loaded: dict[str, dict[str, str]] = json.loads(text)
    return loaded


def phrases(language: Language) -> Mapping[str, str]:
    """Every phrase of the catalogue in one language (English where a translation is missing)."""
    return {key: texts.get(language) or texts[DEFAULT_LANGUAGE] for key, texts in _catalogue().items()}


def phrase(language: Language, key: str, fields: Mapping[str, object] | None = None) -> str:
    """One phrase of the catalogue in a language, its fields filled: phrase("de", "quote_note")."""
    texts = _catalogue()[key]
    return (texts.get(language) or texts[DEFAULT_LANGUAGE]).format(**(fields or {}))


__all__ = [
    "DEFAULT_LANGUAGE",
    "FOREIGN",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "Language",
    "accepted_language",
    "parse_language",
    "phrase",
    "phrases",
    "preferred_language",
]
