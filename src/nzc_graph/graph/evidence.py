"""Evidence quotes as people read them: the report's markup taken out, sentences found, cities named.

The source report is Markdown-like text. Quotes are stored as plain text: the same words as the
source, without its markup. `plain_text` is the one normalisation, used both to write quotes and
to prove them: a quote is verbatim when `plain_text(quote)` lies in `plain_text(section)`.

The markup the report uses, and what `plain_text` does with it:

- emphasis `**bold**`, `*italic*` (and `***both***`): the asterisks go, the words stay;
- HTML tags such as `<i>Porto</i>`: the tags go (with the space a tag left before a comma);
- links `[link here](#)`: the link text stays, the target goes;
- list bullets (`- ` at the start of a line) go; line breaks, tabs and runs of spaces become one space.

Marks the report does not use yet but other Markdown exports do are handled the same way:
backslash escapes (`\\_` is `_`), footnote references (`[^1]`) and HTML entities (`&amp;`).

>>> plain_text("**Cohort 3 cities**, such as *Cork* and <i>Elbasan</i> , were")
'Cohort 3 cities, such as Cork and Elbasan, were'
>>> plain_text("the Miro board ([link here](#)); a\\\\_b and 2 * 3")
'the Miro board (link here); a_b and 2 * 3'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*\)")
_TAG_BEFORE_PUNCT = re.compile(r"(</[A-Za-z][A-Za-z0-9]*\s*>)[ \t]+(?=[,;.:!?)])")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")
# An asterisk run is emphasis when it touches a word on at least one side; " * " stays.
_EMPHASIS = re.compile(r"\*+(?=\S)|(?<=\S)\*+")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+", re.MULTILINE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
# Escaped characters wait in the private-use area while the markup is taken out.
_HELD = 0xE000


def _hold(m: re.Match[str]) -> str:
    return chr(_HELD + ord(m.group(1)))


def _release(text: str) -> str:
    return "".join(chr(ord(c) - _HELD) if _HELD <= ord(c) < _HELD + 128 else c for c in text)


def _without_markup(text: str) -> str:
    text = _ESCAPE.sub(_hold, text)
    text = _BULLET.sub("", text)
    text = _FOOTNOTE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG_BEFORE_PUNCT.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    return html.unescape(_release(text))


def plain_lines(text: str) -> str:
    """The text without markup, one block per line: each paragraph, list item and table cell of
    the source is a line, with single spaces inside.

    A line that starts in lower case continues the one before it (the source breaks paragraphs
    and table rows at page ends): a paragraph is joined up again, a table row cell by cell.

    >>> plain_lines("- **Oslo** runs a\\n\\ncar share.\\nTheme\\tmore and\\tvia\\n\\n\\tco-ownership\\tgroups")
    'Oslo runs a car share.\\nTheme\\nmore and co-ownership\\nvia groups'
    """
    rows: list[list[str]] = []
    for line in _without_markup(text).split("\n"):
        cells = [_SPACES.sub(" ", c).strip() for c in line.split("\t")]
        first = next((c for c in cells if c), "")
        if not first:
            continue
        if rows and first[0].islower():
            before = rows[-1]
            if len(cells) > 1 and len(cells) == len(before):
                rows[-1] = [" ".join(filter(None, pair)) for pair in zip(before, cells, strict=True)]
            else:
                before[-1] = " ".join([before[-1], *filter(None, cells)])
            continue
        rows.append(cells)
    return "\n".join(c for row in rows for c in row if c)


def plain_text(text: str) -> str:
    """The text without markup, white space collapsed to single spaces (see the module doc)."""
    return plain_lines(text).replace("\n", " ")


# A sentence ends at . ! or ? (and any closing quote or bracket) before a space and a capital,
# a digit or an opening quote; abbreviations such as "e.g." do not end one. A lead-in such as
# "Learning Question:" ends at its colon when a capital follows.
_SENTENCE_END = re.compile(
    r"(?<![A-Za-z]\.[a-z])(?<!\betc)(?<!\bvs)[.!?][”’\"')\]]*(?= [A-Z0-9“‘\"'(])|:(?= [“‘\"']?[A-Z])"
)
_OPENING = "“‘\"'("


@dataclass(frozen=True)
class PlainSource:
    """A source text without markup, for finding quotes and the sentences they start in.

    `lines` keeps the source's blocks (lines, table cells) apart; `text` is the same string with
    each line break as a space, so positions in one are positions in the other.

    >>> doc = PlainSource.of("Cities met. **Aachen**, which plans a fund, spoke of\\n\\nthe Lund model. Oslo")
    >>> i = doc.find("which plans a fund")[0]
    >>> doc.starts_sentence(i), doc.sentence_at(i)
    (False, 'Aachen, which plans a fund, spoke of the Lund model.')
    >>> [doc.starts_sentence(doc.find(q)[0]) for q in ("Aachen, which", "the Lund model", "Oslo")]
    [True, False, True]
    """

    lines: str

    @classmethod
    def of(cls, source: str) -> PlainSource:
        return cls(plain_lines(source))

    @property
    def text(self) -> str:
        return self.lines.replace("\n", " ")

    def find(self, quote: str) -> list[int]:
        """Every position where the plain text of `quote` starts."""
        needle = plain_text(quote)
        return [m.start() for m in re.finditer(re.escape(needle), self.text)] if needle else []

    def _sentence_start_before(self, index: int) -> int:
        block = self.lines.rfind("\n", 0, index) + 1
        ends = (m.end() + 1 for m in _SENTENCE_END.finditer(self.lines, block, index + 2))
        return max([block, *(e for e in ends if e <= index)])

    def starts_sentence(self, index: int) -> bool:
        """Whether a quote starting at `index` starts a sentence (or a line, cell or list item)
        with a word that is not in lower case, or with the source's own ellipsis ("“... it came")."""
        opening = self.lines[index:].lstrip(_OPENING)
        first = next((c for c in opening if c.isalnum()), "")
        while index > 0 and self.lines[index - 1] in _OPENING:
            index -= 1
        elided = opening.startswith(("...", "…"))
        return self._sentence_start_before(index) == index and (elided or not first.islower())

    def sentence_at(self, index: int) -> str:
        """The whole sentence the text at `index` belongs to, within its line or cell."""
        start = self._sentence_start_before(index)
        block_end = self.lines.find("\n", index)
        block_end = len(self.lines) if block_end < 0 else block_end
        end = _SENTENCE_END.search(self.lines, index, block_end)
        return self.lines[start : end.end() if end else block_end]


def cities_named(text: str, names: Mapping[str, Iterable[str]]) -> set[str]:
    """The cities (keys of `names`, each with all its names) that `text` names as a whole word.
    Longer names are matched first, so "Esplugues de Llobregat" is Esplugues, not also Llobregat.

    >>> names = {"a": ["Aachen"], "e": ["Esplugues de Llobregat"], "l": ["Llobregat"], "o": ["Oslo"]}
    >>> sorted(cities_named("*Leuven*'s model inspired **Aachen** and Esplugues de Llobregat", names))
    ['a', 'e']
    """
    plain = plain_text(text)
    spellings = sorted(((n, city) for city, ns in names.items() for n in ns if n), key=lambda nc: -len(nc[0]))
    found: set[str] = set()
    for name, city in spellings:
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        if pattern.search(plain):
            found.add(city)
            plain = pattern.sub(" ", plain)
    return found
