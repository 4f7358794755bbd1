"""Words of a question: tokens with their folded form and position, and the general English
vocabulary (function words, question words, months) that no dataset supplies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kgraph.text import fold

# English function words and fillers: they carry no constraint of their own. (A general
# stop list, as full-text search engines use; nothing here is about a dataset.)
FUNCTION_WORDS = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "and", "or", "nor", "but", "is", "was", "were", "are", "be", "been", "being", "am", "did", "do", "does", "done", "doing", "has", "have", "had", "having", "who", "whom", "whose", "what", "which", "where", "when", "how", "why", "me", "us", "it", "its", "this", "that", "these", "those", "there", "their", "theirs", "they", "them", "he", "she", "his", "her", "hers", "him", "we", "our", "ours", "you", "your", "yours", "i", "my", "mine", "from", "as", "about", "into", "onto", "any", "all", "some", "tell", "show", "list", "give", "find", "name", "other", "else", "s", "up", "out", "off", "over", "under", "then", "than", "so", "such", "very", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "just", "also", "still", "even", "ever", "only", "own", "same", "too", "both", "each", "either", "neither", "more", "most", "much", "many", "few", "further", "here", "again", "once", "if", "while", "whether", "because", "though", "although", "yet", "not", "no", "please", "ok", "okay", "let", "lets", "know", "want", "like", "get", "got", "one", "ones", "thing", "things", "someone", "something", "anyone", "anything", "everyone", "everything", "kind", "sort", "type", "types", "way", "whatever", "whoever", "via", "per", "ultimately", "eventually", "actually", "really", "exactly", "directly", "originally", "initially", "finally", "basically", "essentially", "currently", "recently", "previously", "later", "earlier", "soon", "already"])

QUESTION_WORDS = frozenset({"who", "whom", "whose", "what", "which", "where", "when", "how",
                            "why"})
AUXILIARIES = frozenset({"do", "does", "did", "has", "have", "had", "will", "would", "can",
                         "could", "should", "shall", "may", "might", "must"})
COPULAS = frozenset({"is", "was", "were", "are", "be", "been", "being", "am"})
IMPERATIVES = frozenset({"list", "name", "show", "give", "find", "tell", "identify",
                         "enumerate"})
ARTICLES = frozenset({"the", "a", "an"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "any", "some",
                         "all", "each", "every", "its", "their", "his", "her"})
# words the grammar reads as the shape of a question, not as a relation
CONNECTION = frozenset({"connected", "connection", "connections", "connect", "connects",
                        "related", "relationship", "relation", "link", "links", "linked",
                        "tie", "ties", "tied", "path", "relate", "relates", "connecting",
                        "linking", "relationships"})
AROUND = frozenset({"around", "neighbourhood", "neighborhood", "neighbours", "neighbors",
                    "surrounding", "surroundings"})
HAPPEN = frozenset({"happen", "happened", "happens", "occur", "occurred", "going"})
PREPOSITIONS = frozenset({"in", "at", "of", "by", "with", "to", "for", "from", "on", "into",
                          "about", "under", "after", "before", "between", "through",
                          "against", "among", "within", "during", "since", "until", "across",
                          "behind", "near", "around", "inside", "toward", "towards", "via"})
RELATIVE_MARKERS = frozenset({"that", "which", "who", "whom", "where", "when", "whose"})
CONJUNCTIONS = frozenset({"and", "or", "both", "either", "as well as", "plus"})

# Abbreviations people type, read as the word (a general list, not a dataset's)
ABBREVIATIONS = {
    "dept": "department", "depts": "departments", "govt": "government", "gov": "government",
    "intl": "international", "natl": "national", "admin": "administration",
    "atty": "attorney", "attys": "attorneys", "gen": "general", "pres": "president",
    "op": "operation", "ops": "operations", "org": "organisation", "orgs": "organisations",
    "kilos": "kg", "kilo": "kg", "kilograms": "kg", "kilogram": "kg", "kgs": "kg",
    "dollars": "usd", "dollar": "usd", "mtg": "meeting", "mtgs": "meetings", "ag": "attorney general",
    "ags": "attorneys general", "exec": "executive", "eo": "executive order",
    "sec": "secretary", "secy": "secretary", "min": "minister", "dep": "deputy",
    "asst": "assistant", "amb": "ambassador", "fm": "foreign minister",
    "secstate": "secretary of state", "pm": "prime minister", "coop": "cooperation",
}

# prepositions that mean what another does (a general list): as the question's preposition
# ("inside which division"), and in a relation's words after a participle ("housed inside")
PREPOSITION_OF = {"inside": "in"}

MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
PART_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "middle": (11, 20), "late": (21, 31)}

_IS_CONTRACTED = frozenset({"what", "who", "where", "when", "how", "that", "there", "it",
                            "here", "which", "why"})
# contracted auxiliaries after a question word or pronoun ("who'd": who did)
_CONTRACTED_VERBS = {"d": "did", "ll": "will", "re": "are", "ve": "have", "m": "am"}
# (a number written with separators of thousands is one word: "3,800")
_WORD = re.compile(r"(?<![\w,])\d{1,3}(?:,\d{3})+(?![\w,])|[^\W_]+(?:[-'’][^\W_]+)*|[\"“”‘’']",
                   re.UNICODE)
# (inside single quotes, an apostrophe between two letters is a word's: 'It's clear')
QUOTED = re.compile(r"[\"“”]([^\"“”]{2,})[\"“”]"
                     r"|(?<![\w])['‘]((?:[^'’]|(?<=\w)['’](?=\w)){3,}?)['’](?![\w])")


@dataclass
class Token:
    """One word of the question: ``text`` as typed, ``norm`` folded (lower case, no
    accents, British spelling), ``lemma`` (set by the lexicon), its character span, and
    whether it was capitalised (a name) or inside quotation marks."""

    text: str
    norm: str
    start: int
    end: int
    capital: bool = False
    quoted: bool = False
    possessive: bool = False  # followed by 's or '
    lemma: str = ""

    @property
    def function(self) -> bool:
        return self.norm in FUNCTION_WORDS


def phrase_at(tokens: list[Token], i: int, phrases: dict[tuple[str, ...], int]) -> int:
    """How many tokens from ``i`` are one of ``phrases`` (its words -> its length; 0:
    none)."""
    for words, size in phrases.items():
        if tuple(t.norm for t in tokens[i:i + size]) == words:
            return size
    return 0


def tokenize(question: str) -> list[Token]:
    """The question's words, folded, with possessives marked ("Colombia's" -> colombia,
    possessive) and hyphenated words split as names are folded ("MS-13" -> ms, 13)."""
    quoted_spans = [(m.start(), m.end()) for m in QUOTED.finditer(question)]
    tokens: list[Token] = []
    first = True
    for m in _WORD.finditer(question):
        raw = m.group()
        if raw in "\"“”‘’'":
            if raw in "'’" and tokens and tokens[-1].end == m.start() \
                    and tokens[-1].norm.endswith("s"):
                tokens[-1].possessive = True  # Sessions' meeting
            continue
        cut = 2 if raw.lower().endswith(("'s", "’s")) else 1 if raw.lower() != "its" else 0
        if cut and len(raw) > cut + 1 and raw[:-cut].lower() in _IS_CONTRACTED \
                and raw[-1:].lower() == "s":
            # "what's", "who's" (and "whats", typed without the apostrophe): the verb, not
            # a possessive
            for part, start in ((raw[:-cut], m.start()), ("is", m.end() - cut)):
                tokens.append(Token(part, fold(part), start, start + len(part)))
            first = False
            continue
        tail = raw.lower().replace("’", "'").rpartition("'")[2]
        if tail in _CONTRACTED_VERBS and raw[:-len(tail) - 1].lower() in _IS_CONTRACTED | {
                "i", "you", "we", "they", "he", "she"}:
            # "who'd", "where'll", "what're": the question word and an auxiliary
            head = raw[:-len(tail) - 1]
            for part, start in ((head, m.start()),
                                (_CONTRACTED_VERBS[tail], m.end() - len(tail))):
                tokens.append(Token(part, fold(part), start, start + len(part)))
            first = False
            continue
        if raw.lower().endswith(("'s", "’s")) and len(raw) > 2:
            raw_word, possessive = raw[:-2], True
        else:
            raw_word, possessive = raw, False
        quoted = any(a <= m.start() < b for a, b in quoted_spans)
        parts = fold(raw_word).split()
        if "," in raw_word:  # "3,800": the number
            parts = [raw_word.replace(",", "")]
        elif raw_word.lower() == "w" and question[m.end():m.end() + 1] == "/":
            parts = ["with"]  # "sat down w/ Sessions"
        elif len(raw_word) == 2 and raw_word.isdigit() and m.start() \
                and question[m.start() - 1] in "'’" \
                and (m.start() < 2 or not question[m.start() - 2].isalnum()):
            # "Dec '17": a year written short (up to '40 this century, else the last)
            parts = [("20" if int(raw_word) <= 40 else "19") + raw_word]
        offset = m.start()
        for k, part in enumerate(parts):
            tokens.append(Token(raw_word if len(parts) == 1 else part, part, offset,
                                offset + len(raw_word) if len(parts) == 1 else offset,
                                capital=raw_word[:1].isupper() and not first
                                or raw_word.isupper() and len(raw_word) > 1
                                or any(c.isdigit() for c in raw_word),
                                quoted=quoted,
                                possessive=possessive and k == len(parts) - 1))
        first = False
    return tokens


def quoted_phrases(question: str) -> list[str]:
    """Phrases the question puts in quotation marks ('kill, rape, control')."""
    return [(m.group(1) or m.group(2)).strip() for m in QUOTED.finditer(question)]


@lru_cache(maxsize=1 << 16)  # (pure; the words of one graph repeat)
def lemma_guess(word: str) -> str:
    """A word's lemma by the regular English endings, for words the lexicon does not
    list (the lexicon knows the irregular forms of every word it uses)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if word.endswith("ied"):
        return word[:-3] + "y"
    if word.endswith("ed") and len(word) > 4:
        stem = word[:-2]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            return stem[:-1]
        return stem if not stem.endswith(("at", "iz", "is", "ur", "rg", "ng", "rc")) \
            else stem + "e"
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            return stem[:-1]
        return stem
    return word


def same_word(a: str, b: str) -> bool:
    """True when two folded words are forms of one word: equal, the same guessed lemma, or
    a name and its adjective (colombia/colombian, mexico/mexican, honduras/honduran)."""
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4:
        return False
    if lemma_guess(a) == lemma_guess(b):
        return True
    x, y = a.removesuffix("s"), b.removesuffix("s")
    if len(x) > 5 and x[:-2] == y[:-2] and {x[-2:], y[-2:]} == {"er", "or"}:
        return True  # one word spelled two ways ("adviser", "advisor")
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= 0.8 * min(len(a), len(b))
