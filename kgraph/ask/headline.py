"""A question typed as a headline: what it is about, then the bare question word or the
noun of what is asked, set off by a dash or a colon or put last ("the Cartagena joint
declaration — dated when", "the second dialogue: date?", "first working group held where",
"the AG at the summit — name?"). Read as the question it stands for ("when was ...",
"where was ... held", "who is ...", "what are ...")."""

from __future__ import annotations

import re

_SEPARATOR = re.compile(r"\s+[-–—]+\s+|\s*:\s+|\s*[-–—]\s*$"
                        # or a comma before the last question word ("..., which ones were?")
                        r"|,\s+(?=(?:who|whom|what|which|where|when)\b[^,]*$)", re.IGNORECASE)
_WH = re.compile(r"\b(who|whom|whose|what|which|where|when|how)\b", re.IGNORECASE)
# the bare tails, and the question each stands for
_TAILS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:when|date|dates|dated when|held when|what date|which date|on what date|"
                r"what day|year|what year)$"), "when was {t}?"),
    (re.compile(r"^(?:where|venue|location|place|site|held where|where held|city|which city|"
                r"what city|held in what city|held in which city)$"), "where was {t} held?"),
    (re.compile(r"^(?:who|name|names|who is it|who was it|which person)$"), "who is {t}?"),
    (re.compile(r"^(?:which ones?|which|what are they|list|list them|name them)$"),
     "what are {t}?"),
]
# a tail of a question word and words that say nothing of their own ("which ones were
# they", "who is"): the question word's question, of the topic
_EMPTY = frozenset({"is", "are", "was", "were", "be", "it", "they", "them", "he", "she",
                    "one", "ones", "those", "these", "that", "this", "exactly", "then",
                    "again", "now", "do", "does", "did"})
_BY_WORD = {"who": "who is {t}?", "whom": "who is {t}?", "which": "what are {t}?",
            "what": "what are {t}?", "when": "when was {t}?", "where": "where was {t} held?"}
# the same tails put last without a separator ("first working group held where")
_LAST = re.compile(r"^(?P<t>.+?)\s+(?P<tail>held where|held when|dated when|where held)\s*\??$",
                   re.IGNORECASE)


def headline(question: str) -> str | None:
    """The question a headline-shaped ``question`` stands for; None when it is not so
    shaped (what it is about opens with a question word, or a tail asks something else)."""
    text = question.strip()
    cuts = list(_SEPARATOR.finditer(text))
    if cuts:
        last = cuts[-1]
        topic, tail = text[:last.start()].strip(" ,"), text[last.end():]
    else:
        m = _LAST.match(text)
        if m is None:
            return None
        topic, tail = m["t"], m["tail"]
    tail = re.sub(r"[?.!\s]+$", "", tail.strip()).lower()
    if not topic or _WH.match(topic) or len(topic.split()) < 2:
        return None
    for pattern, form in _TAILS:
        if pattern.match(tail):
            return form.format(t=topic)
    words = tail.split()
    if words and all(w in _EMPTY for w in words[1:]):  # ("who is?", "which ones were?")
        asked = _BY_WORD.get(words[0])
        if asked is not None:
            return asked.format(t=topic)
    return None
