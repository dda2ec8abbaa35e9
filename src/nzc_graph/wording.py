"""Wording every line of the product shares: a count with its noun in the right number.

>>> counted(1, "challenge"), counted(3, "city"), counted(0, "practice"), counted(2, "pilot activity")
('1 challenge', '3 cities', '0 practices', '2 pilot activities')
>>> counted(2, "person", "people")
'2 people'
"""

from __future__ import annotations


def plural(noun: str) -> str:
    """The regular English plural of a noun: city → cities, practice → practices, match → matches."""
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def counted(n: int, noun: str, many: str | None = None) -> str:
    """`n` and the noun, singular for exactly one (an irregular plural is given as `many`)."""
    return f"{n} {noun if n == 1 else (many or plural(noun))}"
