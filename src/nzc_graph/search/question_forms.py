"""The wordings that tell what a question asks (read by intents.py).

Patterns run on the question folded to lower case without diacritics. A fact pattern must open the
question ("How much did…", "When was…", "Which cities presented…"), after an optional "can you tell
me" or "do you know": in the middle of a sentence the same words describe a problem ("we never know
how much our buildings use", "when the council buys things…").
"""

from __future__ import annotations

import re
from typing import Literal

from nzc_graph.search.matching import tokens
from nzc_graph.search.words import fold

Intent = Literal["solved", "faces", "match", "fact", "unknown"]
Aspect = Literal["amount", "count", "date", "participants", "sessions", "status"]
INTENTS: tuple[Intent, ...] = ("solved", "faces", "match", "fact", "unknown")
ASPECTS: tuple[Aspect, ...] = ("amount", "count", "date", "participants", "sessions", "status")

_OPEN = (
    r"^(?:(?:so|and|ok|okay|please|hi|hello|hey)\W+)*"
    r"(?:(?:can|could) you (?:tell me|say|check)|do you know|tell me|i(?:'d| would) like to know|i want to know"
    r"|i wonder|any idea)?\W*(?:(?:for|about|roughly|approximately|around|exactly)\s+)?"
)
_PLACES = r"(?:cities|city|municipalities|towns|places|councils|participants|representatives|people|ones)"
_TOOK_PART = (
    r"(?:took part|take part|taking part|takes part|presented|present|presenting|attended|attend|attending"
    r"|joined|join|participated|participate|participating|spoke|speak|contributed|contribute|represented"
    r"|(?:was|were) (?:in|at|there))"
)
_ASPECTS: tuple[tuple[Aspect, re.Pattern[str]], ...] = (
    (
        "date",
        re.compile(
            _OPEN + r"(?:when (?:was|were|is|are|did|does|do|will|has|had|have)\b|(?:on |in |since )?"
            r"(?:what|which) (?:date|day|year|month)\b|since when\b|how long ago\b)"
        ),
    ),
    (
        "count",
        re.compile(_OPEN + r"(?:how many\b|(?:what|which) (?:is|was|were|are) the (?:number|count) of\b|number of\b)"),
    ),
    (
        "amount",
        re.compile(
            _OPEN + r"(?:how (?:much|big|large|long|high|often)\b|(?:what|which) (?:share|percentage|proportion"
            r"|fraction|part|amount|sum|size|length|duration)\b|(?:what|which) (?:is|was|were|are) the (?:share"
            r"|percentage|proportion|amount|size|value|sum|total|length|duration)\b)"
        ),
    ),
    (
        "participants",
        re.compile(
            _OPEN + rf"(?:(?:who|which (?:\w+ ){{0,2}}?{_PLACES})\b.*\b{_TOOK_PART}\b"
            rf"|(?:did|was|were|has|have) \w+(?: \w+)?(?: \w+)? {_TOOK_PART}\b"
            r"|(?:who|what) (?:were|are) the participants\b)"
        ),
    ),
    ("sessions", re.compile(_OPEN + r"(?:in )?(?:which|what) (?:learning )?(?:sessions?|events?|meetings?|rounds?)\b")),
    (
        "status",
        re.compile(
            _OPEN + r"(?:(?:what|what's|whats) (?:is )?the (?:status|state|stage) of\b|how far (?:is|are|has|have|did"
            r"|along)\b|is .+ (?:implemented|planned|piloted|piloting|scaled|proposed|in place|running|operational)\b"
            r"|(?:has|did|have) .+ (?:implemented|introduced|set up|launched)\b)"
        ),
    ),
)
_MATCH = re.compile(
    r"\b(?:talk(?:ing)? (?:to|with)|speak (?:to|with)|learn(?:ing)? from|partners? (?:with|for)|partner cit(?:y|ies)"
    r"|pair(?:ed|ing)? (?:with|up)|peers?|match(?:es|ing)?|twin(?:ned)? (?:with|for)|get in touch|contact|reach out"
    r"|work(?:ing)? (?:with|together)|team up|help(?:s|ing)?|mentors?|exchange with)\b"
)
_SOLVED = re.compile(
    r"\b(?:solv\w*|dealt with|deal(?:s|ing)? with|tackl\w*|fix(?:ed|es)?|overc[ao]me\w*|managed to|found (?:a )?ways?"
    r"|has any(?:one|body)?|have any|did any(?:one|body)?|who (?:has|have) (?:done|tried|used|set up|introduced"
    r"|created|built|run|launched)|(?:does|done|did|do) this|moved away|succeed\w*|success\w*|good practices?"
    r"|examples? of|experience (?:with|of|in)|has experience|who (?:uses|runs|offers|gives|pays)"
    r"|how (?:do|did|can|could|should) (?:we|they|other|others|cities|you|i|councils|anyone)\b)"
)
_FACES = re.compile(
    r"\b(?:who else|(?<!face )(?<!face-)fac(?:e|es|ed|ing)(?! to face)(?!-to-face)|struggl\w*|suffer\w*"
    r"|(?:same|similar) (?:problems?|issues?|challenges?|difficult\w*)"
    r"|(?:has|have|had) (?:this|that|the same) (?:problem|issue|clash|difficulty|challenge))\b"
)
_WHO_HAS = re.compile(
    r"^(?:who|whose|who's|where (?:are|is|do|does|did|have|has)|(?:which|what) (?:\w+ )?(?:cities|city|places"
    r"|towns|councils|administrations|municipalities|countries|ones|teams|departments|governments))\b"
)
_PROBLEM = re.compile(
    r"\b(?:not|no|never|nothing|nobody|cannot|can't|cant|couldn't|couldnt|don't|dont|doesn't|doesnt|didn't|didnt"
    r"|won't|isn't|aren't|wasn't|weren't|unable|unsure|hard|difficult\w*|stuck|lacks?|lacking|too|barely|hardly"
    r"|lost|lose|out of date|turned down|rejected|fail\w*|problems?|trouble|worried|nervous|awkward|overwhelm\w*"
    r"|drown\w*|sidelined|ignored|holds? back|held back|only|wants? (?:to learn|advice|help)|asks? for|needs?"
    r"|says?|finds?|afraid|waiting|slow|complain\w*)\b"
)
_TOPIC = re.compile(r"\b(?:with|on|about|regarding|for)\s+(.+?)\W*$")
# Words that name a learning session as such: a question that names a city names a session only with one.
SESSION_WORDS = frozenset(
    {"session", "sessions", "round", "rounds", "meeting", "meetings", "event", "workshop", "sensemaking", "peer"}
)
# City names that are also everyday words: recognised only when capitalised ("Cork", not "cork").
AMBIGUOUS_NAMES = frozenset({"cork", "angers", "gent"})


def _words(*texts: str) -> frozenset[str]:
    return frozenset(s for t in texts for s in tokens(t))


# Words that frame a fact question rather than say what it is about, per aspect (dropped as stems).
FRAMING: dict[str, frozenset[str]] = {
    "amount": _words("much big large high long often share percentage percent proportion fraction part amount sum"),
    "count": _words("many number count total took take part present presented attend join participate represented"),
    "date": _words("when date day year month start started begin take place happen held organised since"),
    "participants": _words("took take part present presented attend join participate spoke contribute represent there"),
    "sessions": _words("session sessions event meeting round take part present attend join participate"),
    "status": _words("status state stage far progress implemented planned piloting scaled proposed place running got"),
}
FRAMING["amount"] |= _words("size value length duration total figure last lasted take took")


def normalised(question: str) -> str:
    """Folded, one kind of apostrophe, single spaces: what the patterns read."""
    return re.sub(r"\s+", " ", fold(question).replace("’", "'")).strip()


def fact_aspect(question: str) -> Aspect | None:
    """The fact the question opens by asking for, if any."""
    text = normalised(question)
    return next((aspect for aspect, pattern in _ASPECTS if pattern.search(text)), None)


def reads_as_match(question: str) -> bool:
    """Whether the question asks for peers ("who should Kozani talk to", "who can help Aachen")."""
    return bool(_MATCH.search(normalised(question)))


def reads_as_solved(question: str) -> bool:
    """Whether the question asks explicitly for a solution ("who solved…", "has anyone…", "how do we…")."""
    return bool(_SOLVED.search(normalised(question)))


def reads_as_faces(question: str) -> bool:
    """Whether the question asks who has a problem: "who else faces…", or who/which/where + a problem."""
    text = normalised(question)
    return bool(_FACES.search(text) or (_WHO_HAS.search(text) and _PROBLEM.search(text)))


def match_topic(question: str, city_words: str) -> str | None:
    """The words after "with", "on" or "about" that follow the city, when they say anything."""
    text = normalised(question)
    after = text.split(city_words, 1)[1] if city_words in text else text
    m = _TOPIC.search(after)
    topic = m.group(1).strip() if m else ""
    return topic if tokens(topic) else None
