"""Plain-English questions -> one of the queries, with how the question was understood.

Nothing here knows about particular entities or questions. The vocabulary comes from the
data and the schema:

* entity mentions: names, aliases and ids, case-/accent-insensitively, longest first, with
  prefix and small-typo matching;
* relation words: each relation type's readings and synonyms in both directions
  (``attended`` / ``was attended by`` / "took part in"...), with simple verb forms
  ("did X attend", "grew" / "grow");
* type words: entity type names, labels and plurals ("operations", "people", "summits");
* dates: "2018", "December 2017", "June 12, 2019", "2017-12".

Whether the named entity is the subject or the object of the relation phrase gives the
direction: in "who attended X" X comes after the phrase, so we walk ``attended`` backwards
into X; in "what did X grow out of" X comes first, so we walk from X.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kgraph import queries as q
from kgraph.errors import KgraphError
from kgraph.resolve import index as name_index
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.api import KnowledgeGraph


class NotUnderstood(KgraphError):
    """The question could not be turned into a query."""

    exit_code = 1

    def __init__(self, message: str, understood: dict[str, Any], suggestions: list[str]):
        super().__init__(message)
        self.understood = understood
        self.suggestions = suggestions


STOPWORDS = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "and", "or", "is",
    "was", "were", "are", "be", "been", "did", "do", "does", "has", "have", "had", "who",
    "whom", "whose", "what", "which", "where", "when", "how", "why", "me", "us", "it", "its",
    "this", "that", "these", "those", "there", "their", "they", "them", "he", "she", "his",
    "her", "we", "our", "you", "your", "i", "my", "from", "as", "about", "into", "any", "all",
    "some", "tell", "show", "list", "give", "find", "many", "much", "other", "s", "up",
}

IRREGULAR = {
    "grew": "grow", "grown": "grow", "led": "lead", "met": "meet", "ran": "run",
    "spoke": "speak", "spoken": "speak", "took": "take", "taken": "take", "came": "come",
    "gave": "give", "given": "give", "held": "hold", "built": "build", "made": "make",
    "brought": "bring", "went": "go", "gone": "go", "began": "begin", "begun": "begin",
    "set": "set", "put": "put", "fought": "fight", "sought": "seek", "was": "be", "were": "be",
    "is": "be", "are": "be", "been": "be", "arose": "arise", "arisen": "arise", "born": "bear",
    "wrote": "write", "written": "write", "drove": "drive", "driven": "drive",
    "won": "win", "had": "have", "has": "have", "did": "do", "does": "do", "done": "do",
}

WH_WORDS = ("who", "whom", "whose", "what", "which", "where", "when", "how")
CONNECTION_WORDS = ("connected", "connection", "connections", "related", "relation",
                    "relationship", "linked", "link", "links", "tied", "ties", "path",
                    "connect", "connects", "relate")
AROUND_WORDS = ("around", "near", "neighbours", "neighbors", "neighbourhood",
                "neighborhood", "surrounds", "associated")
MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

WHO_TYPES = ("person", "agency", "organization", "criminal_organization", "country",
             "programme")
PLACE_TYPES = ("place", "country")


def lemma(word: str) -> str:
    """A crude stem, the same for 'attend'/'attended'/'attends', 'produce'/'produced',
    'organise'/'organized' and 'grew'/'grow': only used to compare words with words."""
    word = IRREGULAR.get(word, word)
    if "iz" in word:
        word = word.replace("iz", "is")
    for suffix in ("ies", "ied"):
        if word.endswith(suffix) and len(word) > 4:
            return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "lsfz":
                word = word[:-1]  # planned -> plan, running -> run
            break
    else:
        if word.endswith("s") and len(word) > 3 and word[-2] not in "usi":
            word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _lemmas(tokens: list[str]) -> list[str]:
    return [lemma(t) for t in tokens]


@dataclass
class Mention:
    start: int
    end: int  # token span [start, end)
    id: str
    text: str
    how: str  # exact | prefix | fuzzy | description (most words of its name) | reference


@dataclass
class Phrase:
    start: int
    end: int
    text: str
    # (relation type, how the words name it): "forward" (its reading or a synonym),
    # "inverse" (the inverse reading), "source"/"target" (a noun for that end)
    relations: list[tuple[str, str]]


@dataclass
class Parsed:
    question: str
    tokens: list[str]
    mentions: list[Mention] = field(default_factory=list)
    phrase: Phrase | None = None
    types: list[str] = field(default_factory=list)
    period: tuple[str, str] | None = None
    wh: str | None = None


# ---------------------------------------------------------------------------------------
# vocabulary from the schema


class Vocabulary:
    def __init__(self, kg: KnowledgeGraph) -> None:
        self.phrases: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for rt in kg.schema.relation_types.values():
            groups = (("forward", [rt.reading, *rt.synonyms]),
                      ("inverse", [rt.inverse_reading, *rt.inverse_synonyms]),
                      ("source", rt.source_nouns), ("target", rt.target_nouns))
            for kind, texts in groups:
                if rt.symmetric and kind == "inverse":
                    kind = "forward"
                for text in texts:
                    for variant in self._variants(text):
                        entry = (rt.name, kind)
                        bucket = self.phrases.setdefault(variant, [])
                        if entry not in bucket:
                            bucket.append(entry)
        self.max_phrase = max((len(k) for k in self.phrases), default=1)
        self.type_words: dict[tuple[str, ...], str] = {}
        for name, et in kg.schema.entity_types.items():
            for text in (name.replace("_", " "), et.label, et.plural):
                for part in re.split(r"\s+or\s+|/", text):
                    key = tuple(_lemmas(fold(part).split()))
                    if key:
                        self.type_words.setdefault(key, name)
        for word, name in (("people", "person"), ("person", "person"),
                           ("organisation", "organization"), ("organization", "organization"),
                           ("event", "event"), ("place", "place")):
            if name in kg.schema.entity_types:
                self.type_words.setdefault((lemma(word),), name)
        # words of multi-word names, for descriptive mentions ("Sessions's March meeting
        # with the attorneys general of ...")
        self.name_words: dict[str, set[str]] = {}
        for node, attrs in kg.graph.nodes(data=True):
            for w in set(_content(fold(str(attrs.get("name", node))).split())):
                self.name_words.setdefault(w, set()).add(node)

    @staticmethod
    def _variants(text: str) -> set[tuple[str, ...]]:
        words = fold(text).split()
        out = set()
        if words:
            out.add(tuple(_lemmas(words)))
        # leading auxiliaries: "is part of" is also "part of", "was held in" "held in"
        while len(words) > 1 and words[0] in ("is", "was", "were", "are", "be", "has",
                                               "have", "had", "the"):
            words = words[1:]
            out.add(tuple(_lemmas(words)))
        # "delivered remarks at" is also "deliver remarks" ("where did X deliver remarks")
        if len(words) > 1 and words[-1] in ("at", "in", "on", "to", "with", "for", "from"):
            out.add(tuple(_lemmas(words[:-1])))
        return out


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS]


def vocabulary(kg: KnowledgeGraph) -> Vocabulary:
    from kgraph.graph import derived  # built once per graph, kept in the compiled cache

    return derived(kg, "_vocabulary", Vocabulary)  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------
# parsing


def _is_date_word(word: str) -> bool:
    return word in MONTHS or word.isdigit()


def _find_mentions(kg: KnowledgeGraph, tokens: list[str], question: str) -> list[Mention]:
    idx = name_index(kg)
    taken = [False] * len(tokens)
    found: list[Mention] = []
    n_max = min(len(tokens), 12)
    for n in range(n_max, 0, -1):
        for i in range(len(tokens) - n + 1):
            if any(taken[i:i + n]):
                continue
            gram_tokens = tokens[i:i + n]
            if all(_is_date_word(t) or t in STOPWORDS for t in gram_tokens):
                continue  # "March 2017" is a date, not a name
            gram = " ".join(gram_tokens)
            if n == 1 and gram in STOPWORDS and not re.search(
                    rf"\b{re.escape(gram.upper())}\b", question):
                continue
            ids = idx.keys.get(gram)
            how = "exact"
            if not ids and n >= 2 and gram_tokens[0] not in STOPWORDS and len(
                    [t for t in gram_tokens
                     if not _is_date_word(t) and t not in STOPWORDS]) >= 2:
                ids = _prefix_ids(idx, gram)
                how = "prefix"
            if not ids:
                continue
            if len(ids) > 1:
                ids = _prefer(kg, ids)
            for node in sorted(ids)[:1]:
                found.append(Mention(i, i + n, node, gram, how))
            for k in range(i, i + n):
                taken[k] = True
    found = _better_mentions(kg, tokens, found)
    found.sort(key=lambda m: m.start)
    return found


def _better_mentions(kg: KnowledgeGraph, tokens: list[str], found: list[Mention]
                     ) -> list[Mention]:
    """Replace short mentions by a longer one that a typo or a description hid:
    "Cartagena sumit" (fuzzy), "Sessions's March 2017 meeting with the attorneys general of
    El Salvador..." (most words of a long name)."""
    for better in (_fuzzy_mentions(kg, tokens, found), _descriptive_mentions(kg, tokens)):
        for m in better:
            inside = [f for f in found if f.start < m.end and m.start < f.end]
            if _takes_a_relation_word(kg, tokens, m, inside):
                continue
            if all(f.end - f.start < m.end - m.start for f in inside):
                found = [f for f in found if f not in inside] + [m]
    return found


def _takes_a_relation_word(kg: KnowledgeGraph, tokens: list[str], m: Mention,
                           inside: list[Mention]) -> bool:
    """Whether ``m`` stretches a name found as written over a word that asks for a
    relation: "who organised the Summit Against Transnational Organised Crime"."""
    exact = [f for f in inside if f.id == m.id and f.how == "exact"]
    if not exact:
        return False
    phrases = vocabulary(kg).phrases
    return any(t not in STOPWORDS and (lemma(t),) in phrases
               for k, t in enumerate(tokens[m.start:m.end], m.start)
               if not any(f.start <= k < f.end for f in exact))


def _descriptive_mentions(kg: KnowledgeGraph, tokens: list[str]) -> list[Mention]:
    vocab = vocabulary(kg)
    qwords = set(tokens)
    counts: dict[str, int] = {}
    for w in qwords:
        for node in vocab.name_words.get(w, ()):
            counts[node] = counts.get(node, 0) + 1
    best: list[tuple[float, int, str]] = []
    for node, hits in counts.items():
        if hits < 4:
            continue
        words = set(_content(fold(str(kg.graph.nodes[node].get("name", node))).split()))
        share = hits / len(words)
        if share >= 0.75:
            best.append((share, hits, node))
    if not best:
        return []
    best.sort(key=lambda x: (-x[0], -x[1], x[2]))
    node = best[0][2]
    words = set(_content(fold(str(kg.graph.nodes[node].get("name", node))).split()))
    where = [i for i, t in enumerate(tokens) if t in words]
    return [Mention(min(where), max(where) + 1, node, " ".join(tokens[min(where):max(where) + 1]),
                    "description")]


def _prefer(kg: KnowledgeGraph, ids: set[str]) -> set[str]:
    """Among entities sharing a name, prefer the most connected one."""
    best = max(ids, key=lambda n: (kg.graph.degree(n), n))
    return {best}


def _prefix_ids(idx: Any, gram: str) -> set[str]:
    """Entities one of whose names starts with ``gram`` (when they are all the same one)."""
    if len(gram) < 8:
        return set()
    hits: set[str] = set()
    for key in idx.with_prefix(gram + " "):
        hits |= idx.keys[key]
        if len(hits) > 1:
            return set()
    return hits


def _fuzzy_mentions(kg: KnowledgeGraph, tokens: list[str], found: list[Mention]
                    ) -> list[Mention]:
    """Names with a small typo: n-grams close to a name or alias that shares a word."""
    import difflib

    idx = name_index(kg)
    words_index = _key_words(kg)
    out: list[Mention] = []
    used: set[int] = set()
    for n in range(min(len(tokens), 8), 0, -1):
        for i in range(len(tokens) - n + 1):
            span = set(range(i, i + n))
            if span & used:
                continue
            gram_tokens = tokens[i:i + n]
            if gram_tokens[0] in STOPWORDS or gram_tokens[-1] in STOPWORDS:
                continue
            gram = " ".join(gram_tokens)
            if len(gram) < 6 or gram in idx.keys:
                continue
            pool = set()
            for t in gram_tokens:
                pool |= words_index.get(t, set()) | words_index.get("pre:" + t[:3], set())
            pool = {k for k in pool if abs(len(k.split()) - n) <= 1}
            if not pool:
                continue
            close = [k for k in difflib.get_close_matches(gram, list(pool), n=3, cutoff=0.86)
                     if _aligned(gram_tokens, k.split())]
            if not close:
                continue
            node = min(_prefer(kg, idx.keys[close[0]]))
            ratio = difflib.SequenceMatcher(None, gram, close[0]).ratio()
            overlapped = {m.id for m in found if m.end - m.start > 1
                          and set(range(m.start, m.end)) & span}
            if overlapped - {node} and ratio < 0.93:
                continue  # do not stretch another multi-word name unless very close
            out.append(Mention(i, i + n, node, gram, "fuzzy"))
            used |= span
    return out


def _aligned(gram: list[str], key: list[str]) -> bool:
    """A misspelt name still ends like the name: 'cartagena sumit' ~ 'cartagena summit',
    but 'operation regional shield grow' is a name followed by another word."""
    import difflib

    return difflib.SequenceMatcher(None, gram[-1], key[-1]).ratio() >= 0.7 and (
        gram[0][0] == key[0][0])


def _key_words(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """word -> the folded names/aliases containing it (only multi-word keys and long words)."""
    from kgraph.graph import derived  # built once per graph, kept in the compiled cache

    return derived(kg, "_key_words", _build_key_words)  # type: ignore[no-any-return]


def _build_key_words(kg: KnowledgeGraph) -> dict[str, set[str]]:
    cached: dict[str, set[str]] = {}
    for key in name_index(kg).keys:
        for w in key.split():
            if w not in STOPWORDS:
                cached.setdefault(w, set()).add(key)
                if len(w) >= 5:
                    cached.setdefault("pre:" + w[:3], set()).add(key)
    return cached


def _find_phrase(vocab: Vocabulary, tokens: list[str], mentions: list[Mention]
                 ) -> Phrase | None:
    lem = _lemmas(tokens)
    blocked: set[int] = set()
    for m in mentions:
        blocked.update(range(m.start, m.end))
    best: Phrase | None = None
    for n in range(min(vocab.max_phrase, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            if any(k in blocked for k in range(i, i + n)):
                continue
            key = tuple(lem[i:i + n])
            rels = vocab.phrases.get(key)
            if not rels:
                continue
            if n == 1 and (tokens[i] in WH_WORDS or (
                    key[0] in STOPWORDS and key[0] not in ("in", "from", "under"))):
                continue
            if best is None or n > best.end - best.start:
                best = Phrase(i, i + n, " ".join(tokens[i:i + n]), list(rels))
        if best is not None:
            return best
    return None


_YEAR = r"(1[89]\d\d|20\d\d)"


def _find_period(question: str) -> tuple[str, str] | None:
    text = fold(question)
    m = re.search(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)}) {_YEAR}\b", text)
    if m:
        d = f"{m.group(3)}-{MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"
        return d, d
    m = re.search(rf"\b({'|'.join(MONTHS)}) (\d{{1,2}}) {_YEAR}\b", text)
    if m:
        d = f"{m.group(3)}-{MONTHS[m.group(1)]:02d}-{int(m.group(2)):02d}"
        return d, d
    m = re.search(rf"\b({'|'.join(MONTHS)}) (?:of )?{_YEAR}\b", text)
    if m:
        d = f"{m.group(2)}-{MONTHS[m.group(1)]:02d}"
        return d, d
    m = re.search(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b", question)
    if m:
        d = m.group(0)
        return d, d
    years = re.findall(rf"\b{_YEAR}\b", text)
    if len(years) >= 2 and re.search(r"\b(between|from)\b", text):
        return min(years), max(years)
    if years:
        return years[0], years[0]
    return None


def _find_types(vocab: Vocabulary, tokens: list[str], blocked: set[int]) -> list[str]:
    lem = _lemmas(tokens)
    types: list[str] = []
    for n in (3, 2, 1):
        for i in range(len(tokens) - n + 1):
            if any(k in blocked for k in range(i, i + n)):
                continue
            name = vocab.type_words.get(tuple(lem[i:i + n]))
            if name and name not in types:
                types.append(name)
                blocked.update(range(i, i + n))
    return types


LINK_WORDS = ("with", "of", "in", "at", "by", "for", "between", "on", "from", "to")
DETERMINERS = ("the", "a", "an", "this", "that")


def _resolve_descriptions(kg: KnowledgeGraph, p: Parsed, vocab: Vocabulary,
                          blocked: set[int], wh_at: int | None) -> None:
    """An entity named by its type, maybe a date, and one entity it is related to - "the
    March 2017 meeting with Jeff Sessions", "Tillerson's February 2017 meetings" - stands
    for that entity when exactly one fits: the mention is replaced by it."""
    tokens = p.tokens
    # the type as a noun, as written ("meeting", "meetings"; not the verb "meet")
    nouns = {tuple(fold(form).split()): name for name, et in kg.schema.entity_types.items()
             for form in (name.replace("_", " "), et.label, et.plural) if form}
    for n in (3, 2, 1):
        for i in range(len(tokens) - n + 1):
            span = range(i, i + n)
            etype = nouns.get(tuple(tokens[i:i + n]))
            if etype is None or any(k in blocked for k in span) or (
                    wh_at is not None and i == wh_at + 1):  # "which meetings": the answer's
                continue
            # dates just before the type word belong to the description
            start = i
            while start > 0 and _is_date_word(tokens[start - 1]):
                start -= 1
            after = [m for m in p.mentions if m.start == i + n + 1
                     and tokens[i + n] in LINK_WORDS]
            before = [m for m in p.mentions if m.end == start]  # "Tillerson's ... meetings"
            if after and start > 0 and tokens[start - 1] == "the":
                anchor, first, last = after[0], start - 1, after[0].end
            elif before and not after:
                anchor, first, last = before[0], before[0].start, i + n
            else:
                continue
            if q.type_matches(kg, anchor.id, [etype]):
                continue  # "the Working Group's first meeting" is that meeting already
            period = _find_period(" ".join(tokens[start:i])) if start < i else None
            fits = sorted({other for other, _ in q.edges_of(kg, anchor.id, "both")
                           if q.type_matches(kg, other, [etype])
                           and (period is None or _in_period(kg.graph.nodes[other], period))})
            if len(fits) != 1:
                continue
            text = " ".join(tokens[first:last])
            p.mentions = sorted([m for m in p.mentions if m is not anchor]
                                + [Mention(first, last, fits[0], text, "reference")],
                                key=lambda m: m.start)
            blocked.update(range(first, last))
            return


def parse(kg: KnowledgeGraph, question: str) -> Parsed:
    tokens = fold(question.replace("?", " ")).split()
    p = Parsed(question, tokens)
    p.mentions = _find_mentions(kg, tokens, question)
    vocab = vocabulary(kg)
    wh_at = next((i for i, t in enumerate(tokens) if t in WH_WORDS), None)
    _resolve_descriptions(kg, p, vocab, {k for m in p.mentions for k in range(m.start, m.end)},
                          wh_at)
    p.phrase = _find_phrase(vocab, tokens, p.mentions)
    blocked = {k for m in p.mentions for k in range(m.start, m.end)}
    if p.phrase:
        blocked.update(range(p.phrase.start, p.phrase.end))
    # the answer's type is named next to the question word ("which operations did",
    # "what meetings"), not later ("who represented Colombia at the summit")
    near = set(range(wh_at, wh_at + 4)) if wh_at is not None else set(range(3))
    p.types = _find_types(vocab, tokens, blocked)
    if p.types:
        lem = _lemmas(tokens)
        # ("what did the commitment to ... lead to": that is the subject, not the answer)
        p.types = [t for t in p.types if any(
            vocab.type_words.get(tuple(lem[i:i + n])) == t
            for i in near for n in (1, 2, 3)
            if i + n <= len(tokens) and not (i > 0 and tokens[i - 1] in DETERMINERS))]
    # a date inside a name ("the March 2017 meeting") is not a period to filter by
    covered = {k for m in p.mentions for k in range(m.start, m.end)}
    p.period = _find_period(" ".join(t for i, t in enumerate(tokens) if i not in covered))
    for t in tokens:
        if t in WH_WORDS:
            p.wh = t
            break
    return p


# ---------------------------------------------------------------------------------------
# answering


def _answer(kg: KnowledgeGraph, node: str, evidence: list[dict[str, Any]] | None = None,
            how: str | None = None, **extra: Any) -> dict[str, Any]:
    attrs = kg.graph.nodes[node]
    out = q.summary(kg, node)
    out["evidence"] = [{"source": e["source"], "quote": e["quote"], "title": e.get("title", "")}
                       for e in (evidence if evidence is not None
                                 else q.evidence(kg, attrs.get("evidence", [])))]
    if how:
        out["how"] = how
    out.update(extra)
    return out


def _merge(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for a in answers:
        if a["id"] in merged:
            have = merged[a["id"]]
            for ev in a["evidence"]:
                if ev not in have["evidence"]:
                    have["evidence"].append(ev)
            if a.get("how") and a["how"] not in have.get("how", ""):
                have["how"] = (have.get("how", "") + "; " + a["how"]).strip("; ")
        else:
            merged[a["id"]] = a
    return list(merged.values())


def _in_period(attrs: dict[str, Any], period: tuple[str, str] | None) -> bool:
    if period is None:
        return True
    span = q._span(attrs)
    if span is None:
        return False
    lo, hi = q._bounds(period[0])[0], q._bounds(period[1])[1]
    return span[0] <= hi and span[1] >= lo


def _name(kg: KnowledgeGraph, node: str) -> str:
    return str(kg.graph.nodes[node].get("name", node))


def _type_filter(kg: KnowledgeGraph, nodes: list[str], types: list[str]) -> list[str]:
    return [n for n in nodes if q.type_matches(kg, n, types)]


def answer(kg: KnowledgeGraph, question: str) -> dict[str, Any]:
    """Understand ``question``, run the query it asks for, and return the answer as data.

    Raises :class:`NotUnderstood` when no query fits, and
    :class:`kgraph.errors.NotFound` when the query ran but found nothing.
    """
    p = parse(kg, question)
    uniq = list(dict.fromkeys(m.id for m in p.mentions))
    connection = any(t in CONNECTION_WORDS for t in p.tokens) or (
        "between" in p.tokens and len(uniq) >= 2)
    attempts: list[Any] = []
    if len(uniq) == 1 and p.wh == "when":
        attempts.append(lambda: _card(kg, p, uniq[0]))
    if (p.wh == "who" and _np_after_be(p) and uniq and p.phrase is None
            and not q.type_matches(kg, uniq[0], ["person"])):
        # "who is the U.S. Attorney for X": a person described by a role
        attempts.append(lambda: _role_search(kg, p))
    if len(uniq) >= 2 and connection:
        return _path(kg, p, uniq[0], uniq[1])  # no connection is the answer, not a guess
    if uniq and p.phrase:
        attempts.append(lambda: _relation(kg, p))
    if uniq and (any(t in AROUND_WORDS for t in p.tokens) or connection):
        attempts.append(lambda: _around(kg, p, uniq[0]))
    if p.period and (not uniq or _happened(p)):
        attempts.append(lambda: _timeline(kg, p))
    if uniq and p.wh == "where":
        attempts.append(lambda: _where(kg, p, uniq[0]))
    if p.wh in ("who", "what") and _np_after_be(p) and not _mention_covers_np(p, kg):
        attempts.append(lambda: _role_search(kg, p))
    if uniq and (p.wh == "when" or _about(p) or (p.wh in ("who", "what")
                                                  and _mention_covers_np(p, kg))):
        attempts.append(lambda: _card(kg, p, uniq[0]))
    first_miss: q.NotFound | None = None
    for attempt in attempts:
        try:
            result = attempt()
        except q.NotFound as exc:
            first_miss = first_miss or exc
            continue
        if result is not None:
            return result  # type: ignore[no-any-return]
    if first_miss is not None:
        raise first_miss
    raise _not_understood(kg, p)


def _happened(p: Parsed) -> bool:
    """'What happened in March 2017?': a question about a period, not about an entity."""
    return any(lemma(t) in ("happen", "occur") for t in p.tokens) or (
        p.phrase is None and p.wh == "what")


def _interpretation(kg: KnowledgeGraph, p: Parsed, intent: str, **extra: Any
                    ) -> dict[str, Any]:
    out: dict[str, Any] = {"intent": intent, "direction": None}
    out.update(extra)
    out.setdefault("entities", [m.id for m in p.mentions])
    out["mentions"] = [{"text": m.text, "id": m.id, "name": _name(kg, m.id), "match": m.how}
                       for m in p.mentions]
    out.setdefault("relations", [])
    if p.types:
        out.setdefault("types", p.types)
    if p.period:
        out["period"] = list(p.period)
    return out


def _result(p: Parsed, interpretation: dict[str, Any], text: str,
            answers: list[dict[str, Any]], paths: list[list[str]] | None = None,
            detail: Any = None) -> dict[str, Any]:
    interpretation["text"] = text
    out: dict[str, Any] = {"question": p.question, "interpretation": interpretation,
                           "answers": answers}
    if paths is not None:
        out["paths"] = paths
    if detail is not None:
        out["detail"] = detail
    return out


def _path(kg: KnowledgeGraph, p: Parsed, a: str, b: str) -> dict[str, Any]:
    result = q.paths(kg, a, b, max_hops=6, limit=5)
    interp = _interpretation(kg, p, "path", entities=[a, b])
    text = f"connection from {_name(kg, a)} to {_name(kg, b)} (shortest paths, any direction)"
    if not result["paths"]:
        raise q.NotFound(f"understood: {text}; found no connection within 6 hops")
    answers: list[dict[str, Any]] = []
    for path in result["paths"]:
        for hop in path["hops"]:
            evs = [e for rel in hop["relations"] for e in rel["evidence"]]
            answers.append(_answer(kg, hop["from"]["id"], evs))
            answers.append(_answer(kg, hop["to"]["id"], evs))
    return _result(p, interp, text, _merge(answers),
                   paths=[path["nodes"] for path in result["paths"]], detail=result)


def _steps(kg: KnowledgeGraph, p: Parsed, mention: Mention) -> list[tuple[str, str]]:
    """(relation, "out"|"in"|"both") to walk from the mentioned entity."""
    assert p.phrase is not None
    subject_first = mention.start < p.phrase.start
    passive = (p.phrase.end < len(p.tokens) and p.tokens[p.phrase.end] == "by") or (
        p.tokens[:2] == ["by", "whom"] or p.tokens[:2] == ["by", "who"])
    steps: list[tuple[str, str]] = []
    for rtype, kind in p.phrase.relations:
        rt = kg.schema.relation_types[rtype]
        if kind == "source":  # "the participants of X": sources of relations into X
            step = (rtype, "in")
        elif kind == "target":  # "the venue of X": targets of relations from X
            step = (rtype, "out")
        elif rt.symmetric:
            step = (rtype, "both")
        else:
            inverse = (kind == "inverse") != passive
            step = (rtype, "out" if subject_first != inverse else "in")
        if step not in steps:
            steps.append(step)
    return steps


def _relation(kg: KnowledgeGraph, p: Parsed) -> dict[str, Any] | None:
    assert p.phrase is not None
    phrase = p.phrase
    # the entity the relation words are about: the nearest mention, the object first
    def distance(m: Mention) -> float:
        d = float(min(abs(m.start - phrase.end), abs(phrase.start - m.end)))
        if any(o.end == m.start for o in p.mentions):
            d -= 1.5  # "Colombia's National Organized Crime Unit": the unit, not Colombia
        return d

    order = sorted(p.mentions, key=lambda m: (distance(m), m.start < phrase.start))
    lineage_types = {rt.name for rt in kg.schema.relation_types.values() if rt.lineage}
    for mention in order:
        node = mention.id
        steps = _steps(kg, p, mention)
        lineage_steps = [(r, way) for r, way in steps if r in lineage_types]
        transitive = any(kg.schema.relation_types[r].transitive for r, _ in steps)
        if transitive and len(lineage_steps) == len(steps):
            found = _lineage_of(kg, p, node, lineage_steps)
        else:
            found = _relation_from(kg, p, node, steps)
            if found is None and lineage_steps:
                # "where did X come from": its lineage, beyond one relation
                found = _lineage_of(kg, p, node, lineage_steps)
        if found is not None:
            return found
    raise q.NotFound("understood: " + ", ".join(_name(kg, m.id) for m in p.mentions)
                     + f" and the relation words '{phrase.text}'; found nothing")


def _lineage_of(kg: KnowledgeGraph, p: Parsed, node: str, steps: list[tuple[str, str]]
                ) -> dict[str, Any] | None:
    """The lineage the relation words ask for, or None when it is empty. Walking from the
    origin end to the other end is "forward" (what grew out of)."""
    votes = sum(1 if (way == "out") == (kg.schema.relation_types[r].origin == "source") else -1
                for r, way in steps)
    try:
        return _lineage(kg, p, node, backward=votes < 0)
    except q.NotFound:
        return None


def _relation_from(kg: KnowledgeGraph, p: Parsed, node: str, steps: list[tuple[str, str]]
                   ) -> dict[str, Any] | None:
    p = _about_anchor(kg, p, node)
    explicit = list(p.types)
    implied: list[str] = []
    if not explicit and p.wh == "who":
        implied = [t for t in WHO_TYPES if t in kg.schema.entity_types]
    if not explicit and p.wh == "where":
        implied = [t for t in PLACE_TYPES if t in kg.schema.entity_types]
    others = [m.id for m in p.mentions if m.id != node]
    note = ""
    answers: list[dict[str, Any]] = []
    wanted = explicit or implied
    for types in ([wanted, explicit] if implied else [wanted]):
        answers = _walk(kg, p, [node], steps, types)
        if not answers:
            # nothing said of the whole: look at its parts (the meetings of a working group)
            composition = [rt.name for rt in kg.schema.relation_types.values()
                           if rt.composition]
            parts = [other for other, _ in q.edges_of(kg, node, "in", composition)]
            answers = _walk(kg, p, parts, steps, types)
            note = " (said of its parts)" if answers else ""
        if answers:
            wanted = types
            break
    if not answers:
        return None
    anchor_near = {n for n, _ in q.edges_of(kg, node, "both")}
    others = [o for o in others if o not in anchor_near]  # "X in Cartagena" describes X
    if others:
        # other entities named narrow the answers to those related to them
        near = {n for o in others for n, _ in q.edges_of(kg, o, "both")} | set(others)
        narrowed = [a for a in answers if a["id"] in near]
        if narrowed:
            answers = narrowed
            note += ", related to " + ", ".join(_name(kg, o) for o in others)
    relations = list(dict.fromkeys(r for r, _ in steps))
    directions = {way for _, way in steps}
    direction = directions.pop() if len(directions) == 1 else "both"
    readable = ", ".join(q.reading(kg, r, True) for r in relations)
    way = {"out": "outgoing", "in": "incoming"}.get(direction, "either direction")
    text = f"relation from {_name(kg, node)} ({way}) via {readable}{note}"
    if wanted:
        text += f", answers of type {', '.join(wanted)}"
    if p.period:
        text += f", in {p.period[0]}" + (f" to {p.period[1]}" if p.period[1] != p.period[0]
                                           else "")
    interp = _interpretation(kg, p, "relation", entities=[node], relations=relations,
                             direction={"out": "forward", "in": "backward"}.get(direction,
                                                                                "both"),
                             types=wanted)
    return _result(p, interp, text, _merge(answers))


def _walk(kg: KnowledgeGraph, p: Parsed, starts: list[str], steps: list[tuple[str, str]],
          wanted: list[str]) -> list[dict[str, Any]]:
    answers = []
    for start in starts:
        for rtype, way in steps:
            for other, (u, v, key, attrs) in q.edges_of(kg, start, way, [rtype]):
                if other in starts or (wanted and not q.type_matches(kg, other, wanted)):
                    continue
                if p.period and not (_in_period(attrs, p.period)
                                     or _in_period(kg.graph.nodes[other], p.period)):
                    continue
                rel = q.relation(kg, u, v, key, attrs)  # read in the relation's own direction
                answers.append(_answer(kg, other, rel["evidence"], rel["sentence"]))
    return answers


def _about_anchor(kg: KnowledgeGraph, p: Parsed, node: str) -> Parsed:
    """Drop a period that only dates the entity asked about ("the Cartagena summit of
    December 2017"): it describes that entity, it does not filter the answers."""
    if p.period and _in_period(kg.graph.nodes[node], p.period):
        from dataclasses import replace

        return replace(p, period=None)
    return p


def _lineage(kg: KnowledgeGraph, p: Parsed, node: str, backward: bool) -> dict[str, Any]:
    p = _about_anchor(kg, p, node)
    result = q.lineage(kg, node, backward=backward)
    family = result["relations"]
    readable = ", ".join(q.reading(kg, r, True) for r in family)
    text = (f"lineage {'backward' if backward else 'forward'} from {_name(kg, node)} via "
            f"{readable}")
    interp = _interpretation(kg, p, "lineage", direction="backward" if backward else "forward",
                             entities=[node], relations=family)
    entities = result["entities"]
    if p.types:
        entities = [e for e in entities if q.type_matches(kg, e["id"], p.types)]
    if p.period:
        entities = [e for e in entities if _in_period(kg.graph.nodes[e["id"]], p.period)]
    if not entities:
        raise q.NotFound(f"understood: {text}; found nothing")
    answers = [_answer(kg, e["id"], e["via"]["evidence"], e["via"]["sentence"],
                       level=e["level"]) for e in entities]
    return _result(p, interp, text, answers, detail=result)


def _around(kg: KnowledgeGraph, p: Parsed, node: str) -> dict[str, Any]:
    result = q.neighbours(kg, node, depth=1, types=p.types or None)
    text = f"neighbours of {_name(kg, node)} (1 hop, any direction)"
    interp = _interpretation(kg, p, "neighbours", entities=[node])
    answers = []
    for child in result["tree"]["children"]:
        rel = child["via"]
        answers.append(_answer(kg, child["entity"]["id"], rel["evidence"], rel["sentence"]))
    if not answers:
        raise q.NotFound(f"understood: {text}; found nothing")
    return _result(p, interp, text, _merge(answers), detail=result)


def _timeline(kg: KnowledgeGraph, p: Parsed) -> dict[str, Any]:
    assert p.period is not None
    lo, hi = p.period
    result = q.timeline(kg, lo, hi, p.types or None)
    when = lo if lo == hi else f"{lo} to {hi}"
    text = f"timeline of what is dated in {when}"
    if p.types:
        text += f", entities of type {', '.join(p.types)}"
    interp = _interpretation(kg, p, "timeline", direction=None)
    answers = []
    for item in result["items"]:
        if item["kind"] == "entity":
            answers.append(_answer(kg, item["id"], item["evidence"], f"{item['name']} "
                                   f"({item['when']})"))
    for item in result["items"]:  # then what dated relations connect
        if item["kind"] == "relation":
            for e in item["entities"]:
                if not p.types or q.type_matches(kg, e["id"], p.types):
                    answers.append(_answer(kg, e["id"], item["evidence"], item["text"]))
    if not answers:
        raise q.NotFound(f"understood: {text}; found nothing")
    return _result(p, interp, text, _merge(answers), detail=result)


LOCATION_HINT = ("place", "country")


def _where(kg: KnowledgeGraph, p: Parsed, node: str) -> dict[str, Any]:
    schema = kg.schema
    rels = [rt.name for rt in schema.relation_types.values()
            if any(any(schema.is_a(t, h) for h in LOCATION_HINT) for t in rt.target)]
    located = {n for n, _ in q.edges_of(kg, node, "out", rels)
               if q.type_matches(kg, n, list(LOCATION_HINT))}
    answers = []
    for other, (u, v, key, attrs) in q.edges_of(kg, node, "out", rels):
        if other not in located:
            continue
        rel = q.relation(kg, u, v, key, attrs, travel_from=node)
        answers.append(_answer(kg, other, rel["evidence"], rel["sentence"]))
    text = f"where {_name(kg, node)} is: relations {', '.join(rels)} from it"
    interp = _interpretation(kg, p, "where", entities=[node], relations=rels,
                             direction="forward")
    if not answers:
        raise q.NotFound(f"understood: {text}; found nothing")
    return _result(p, interp, text, _merge(answers))


def _card(kg: KnowledgeGraph, p: Parsed, node: str) -> dict[str, Any]:
    intent = "when" if p.wh == "when" else "who-is"
    card = q.entity_card(kg, node)
    text = (f"when {_name(kg, node)} happened" if intent == "when"
            else f"who or what {_name(kg, node)} is (its entity card)")
    interp = _interpretation(kg, p, intent, entities=[node])
    extra = {k: card[k] for k in ("date", "start", "end") if card.get(k)}
    if card.get("attributes"):
        extra["attributes"] = card["attributes"]
    if card.get("description"):
        extra["description"] = card["description"]
    return _result(p, interp, text, [_answer(kg, node, **extra)], detail=card)


def _np_after_be(p: Parsed) -> list[str]:
    """The words after 'who is/was/are' (the thing being asked about)."""
    t = p.tokens
    for i, w in enumerate(t[:-1]):
        if w in ("who", "what") and t[i + 1] in ("is", "was", "are", "were"):
            return [x for x in t[i + 2:] if x not in ("the", "a", "an")]
    return []


def _mention_covers_np(p: Parsed, kg: KnowledgeGraph | None = None) -> bool:
    np_words = _np_after_be(p)
    covered = {w for m in p.mentions for w in m.text.split()}
    if kg is not None:  # "who is Nestor Martinez": words of the entity's other names
        idx = name_index(kg)
        for m in p.mentions:
            attrs = kg.graph.nodes[m.id]
            for name in [attrs.get("name", m.id), *attrs.get("aliases", ())]:
                covered.update(fold(str(name)).split())
        del idx
    return bool(np_words) and all(w in covered or w in STOPWORDS for w in np_words)


def _role_search(kg: KnowledgeGraph, p: Parsed) -> dict[str, Any] | None:
    """'Who is the acting prosecutor general of Mexico?': match the words against roles
    and descriptions of people."""
    words = [w for w in _np_after_be(p) if w not in STOPWORDS]
    if not words:
        return None
    scored = []
    for node, attrs in kg.graph.nodes(data=True):
        if not kg.schema.is_a(attrs.get("type", ""), "person"):
            continue
        text = " ".join(str(attrs.get(k, "")) for k in ("role", "description"))
        have = set(fold(text).split())
        hits = sum(1 for w in words if w in have or lemma(w) in {lemma(h) for h in have})
        score = hits / len(words)
        if score >= 0.75:
            scored.append((score, node))
    if not scored:
        return None
    scored.sort(key=lambda x: (-x[0], x[1]))
    top = scored[0][0]
    best = [n for s, n in scored if s == top]
    text = f"people whose role matches '{' '.join(words)}'"
    interp = _interpretation(kg, p, "who-is", entities=[m.id for m in p.mentions])
    answers = [_answer(kg, n, how=str(kg.graph.nodes[n].get("role") or "")) for n in best]
    return _result(p, interp, text, answers)


def _about(p: Parsed) -> bool:
    return any(t in ("about", "describe", "explain", "info", "information") for t in p.tokens)


def _not_understood(kg: KnowledgeGraph, p: Parsed) -> NotUnderstood:
    understood: dict[str, Any] = {
        "entities": [{"text": m.text, "id": m.id, "name": _name(kg, m.id)}
                     for m in p.mentions],
        "relation_phrase": p.phrase.text if p.phrase else None,
        "types": p.types,
        "period": list(p.period) if p.period else None,
    }
    suggestions: list[str] = []
    if p.mentions:
        first = p.mentions[0].id
        suggestions += [f"kgraph show {first}", f"kgraph neighbours {first}",
                        f"kgraph lineage {first}"]
    else:
        words = [t for t in p.tokens if t not in STOPWORDS]
        if words:
            suggestions.append(f"kgraph search \"{' '.join(words[:3])}\"")
        suggestions.append("kgraph timeline")
    parts = []
    if p.mentions:
        parts.append("entities " + ", ".join(_name(kg, m.id) for m in p.mentions))
    else:
        parts.append("no entity I know")
    if p.phrase:
        parts.append(f"the relation words '{p.phrase.text}'")
    msg = ("could not turn the question into a query; I understood " + " and ".join(parts))
    return NotUnderstood(msg, understood, suggestions)
