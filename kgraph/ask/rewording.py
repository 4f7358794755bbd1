"""A question's words put in the order and form the grammar reads: "name of X" as "who is X",
"number of X" as "how many X", a phrase or date put before the question word moved after
it, a clause of time read as its date."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kgraph.ask.atom import Atom

if TYPE_CHECKING:
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph


def arranged(kg: KnowledgeGraph, atoms: list[Atom]) -> list[Atom]:
    """``atoms`` with every rewording below applied, in the order each needs."""
    atoms = as_office(kg, compound_of(time_clause(kg, partitive(question_last(
        counted(atoms))))))
    atoms = whose(described_predicate(unknown_place(predicate_adjective(atoms))))
    return fronted(pronoun_of_fronted(of_which(contact_clause(reduced_passive(atoms)))))


def reworded(atoms: list[Atom], first: Atom, wh: str, second: Atom, kind: str, word: str
              ) -> list[Atom]:
    """``atoms`` with ``first`` read as the question word ``wh`` and ``second`` as a
    ``kind`` atom ``word`` ("name of X": "who is X")."""
    return [Atom("wh", a.start, a.end, wh, word=wh) if a is first else
            Atom(kind, a.start, a.end, word, word=word) if a is second else a for a in atoms]


def fronted(atoms: list[Atom]) -> list[Atom]:
    """"Within the Justice Department, which division houses X": a phrase put before the
    question word says where the answer is; read right after the question word's phrase
    ("which division within the Justice Department houses X"). A date put there is the
    main relation's."""
    lead = [a for a in atoms if a.kind != "filler"]
    w = next((k for k, a in enumerate(atoms) if a.kind == "wh"), None)
    if w is not None and 0 < w <= 3 and all(a.kind in ("prep", "date", "filler")
                                            for a in atoms[:w]) \
            and any(a.kind == "date" for a in atoms[:w]):
        # "In March 2017, which counterparts did Sessions meet": the date is the main
        # relation's, read right after it
        verb = next((k for k in range(w + 1, len(atoms)) if atoms[k].kind == "relation"), None)
        if verb is not None:
            return atoms[w:verb + 1] + [a for a in atoms[:w] if a.kind == "date"] \
                + atoms[verb + 1:]
    if len(lead) < 4 or lead[0].kind != "prep" or lead[0].word in ("of", "how"):
        return atoms
    if w is None or w < 2 or not all(a.kind in ("prep", "filler", "entity", "type", "word",
                                                "date") for a in atoms[:w]) \
            or not any(a.kind == "entity" for a in atoms[:w]):
        return atoms
    end = w + 1
    while end < len(atoms) and atoms[end].kind in ("type", "word"):
        end += 1
    if end == w + 1:
        # "At the Cartagena summit, who represented Colombia": no phrase of the question
        # word to put it after; it says where the main relation was, read after it
        return atoms[w:] + atoms[:w]
    return atoms[w:end] + atoms[:w] + atoms[end:]


def compound_of(atoms: list[Atom]) -> list[Atom]:
    """"The ministers of justice": "of" between two plain words, the second without an
    article, joins one name of a thing ("justice" is no second thing it is related to)."""
    return [replace(a, kind="filler") if a.kind == "prep" and a.word == "of"
            and 0 < k < len(atoms) - 1 and atoms[k - 1].kind == "word"
            and atoms[k + 1].kind == "word" and not atoms[k + 1].capital
            and (k + 2 >= len(atoms) or atoms[k + 2].kind != "word") else a
            for k, a in enumerate(atoms)]


def question_last(atoms: list[Atom]) -> list[Atom]:
    """"Mexico's acting prosecutor general in December 2017: who?": a phrase, then the
    question word alone; read as "who is <the phrase>" (a phrase with a verb of its own
    is left as it is: "X was confirmed while serving where" asks something else)."""
    if len(atoms) < 2 or atoms[-1].kind != "wh" or atoms[-1].word not in (
            "who", "what", "when", "where") or any(
            a.kind in ("wh", "relation", "copula", "aux", "rel") for a in atoms[:-1]):
        return atoms
    wh = atoms[-1]
    return [wh, Atom("copula", wh.end, wh.end, "is", word="is"), *atoms[:-1]]


def as_office(kg: KnowledgeGraph, atoms: list[Atom]) -> list[Atom]:
    """"The diplomats confirmed as Career Ambassadors": a verb, "as" and an office is the
    holding of that office (the relation whose holder acts as the office:
    ``acts_as_target``), the verb's words kept as the relation's ("confirmed as")."""
    from kgraph.ask.plan import holding_senses

    holding = holding_senses(kg)
    if not holding:
        return atoms
    out = list(atoms)
    for k in range(len(out) - 3, -1, -1):  # (from the end: the list shortens)
        verb, word, name = out[k], out[k + 1], out[k + 2]
        if verb.kind == "relation" and word.kind == "filler" and word.text.lower() == "as" \
                and name.kind == "entity" and name.ids and not any(
                    s in holding for s in verb.senses) and any(
                    n in kg.graph and kg.schema.is_a(str(kg.graph.nodes[n].get("type", "")),
                                                     "office") for n in name.ids):
            out[k:k + 2] = [replace(verb, end=word.end, text=f"{verb.text} as",
                                    senses=list(holding))]
    return out


# how many there are, in words ("the three countries")
COUNTS = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                    "both", "several", "many"})


def unknown_place(atoms: list[Atom]) -> list[Atom]:
    """"Which federal districts in Texas ...": a name the data does not hold after "in" (or
    "from") and the question word's noun can only describe it, as its own words: read
    before the noun ("which Texas federal districts"), whose names may have it."""
    w = next((k for k, a in enumerate(atoms) if a.kind == "wh"), None)
    if w is None or atoms[w].word not in ("which", "what"):
        return atoms
    j = w + 1
    while j < len(atoms) and atoms[j].kind in ("word", "type", "end") and not atoms[j].capital:
        j += 1
    if j == w + 1 or j + 1 >= len(atoms) or atoms[j].kind != "prep" \
            or atoms[j].word not in ("in", "from"):
        return atoms
    e = j + 1
    while e < len(atoms) and atoms[e].kind == "word" and atoms[e].capital:
        e += 1
    if e == j + 1:
        return atoms
    return [*atoms[:w + 1], *atoms[j + 1:e], *atoms[w + 1:j], *atoms[e:]]


def described_predicate(atoms: list[Atom]) -> list[Atom]:
    """"Which country at the Cartagena summit is described as the largest producer": a
    description after the copula at the end says what the answer is; read beside the
    question word's noun ("which country described as ... at the summit")."""
    w = next((k for k, a in enumerate(atoms) if a.kind == "wh"), None)
    if w is None or w + 1 >= len(atoms) or atoms[w].word not in ("which", "what") \
            or atoms[w + 1].kind != "type":
        return atoms
    q = next((k for k in range(len(atoms) - 1, w + 1, -1) if atoms[k].kind != "filler"), None)
    if q is None or atoms[q].kind != "quote" or atoms[q].word != "described":
        return atoms
    c = q - 1
    while c > w + 1 and atoms[c].kind == "filler":
        c -= 1
    if atoms[c].kind == "copula" and c - 1 > w + 1 and atoms[c - 1].kind == "aux":
        c -= 1  # ("has been described as": the copula's auxiliary with it)
    if atoms[c].kind not in ("copula", "aux") or c == w + 2:
        return atoms  # ("which country is described as ...": read so already)
    return [*atoms[:w + 2], atoms[q], *atoms[w + 2:c], *atoms[q + 1:]]


def counted(atoms: list[Atom]) -> list[Atom]:
    """"The three countries", "both agencies": how many there are, said of a type, is no
    word that describes them (they are the ones the question means)."""
    return [replace(a, kind="filler") if a.kind == "word" and a.text.lower() in COUNTS
            and k + 1 < len(atoms) and atoms[k + 1].kind == "type" else a
            for k, a in enumerate(atoms)]


def partitive(atoms: list[Atom]) -> list[Atom]:
    """"Of the diplomats confirmed as Career Ambassadors, which one was serving as X": the
    phrase put before "which (one)" is what it chooses among; read as "which diplomats
    confirmed as Career Ambassadors were serving as X"."""
    w = next((k for k, a in enumerate(atoms) if a.kind == "wh"), None)
    if w is None or w < 2 or atoms[0].kind != "prep" or atoms[0].word not in ("of", "among") \
            or atoms[w].word != "which" or any(a.kind in ("wh", "copula", "aux")
                                                for a in atoms[1:w]):
        return atoms
    rest = atoms[w + 1:]
    if rest and rest[0].kind in ("word", "filler") and rest[0].text.lower() in (
            "one", "ones", "of", "them"):
        rest = rest[1:]
    if rest and rest[0].kind in ("word", "filler", "prep") and rest[0].text.lower() == "of":
        rest = rest[1:]
    if rest and rest[0].text.lower() == "them":
        rest = rest[1:]
    # ("the three countries": how many there are to choose among, not a description)
    among = [a for a in atoms[1:w] if a.kind != "number" and a.text.lower() not in COUNTS
             and a.text.lower() not in ("the", "those", "these")]
    return [atoms[w], *among, *rest]


def whose(atoms: list[Atom]) -> list[Atom]:
    """"The country whose acting prosecutor general signed X": what "whose" introduces
    describes the phrase before it, and the clause that follows is of that phrase ("the
    country, acting prosecutor general, that signed X"; see
    :func:`kgraph.ask.readings.office_holders` for the office's holder doing it)."""
    for k in range(1, len(atoms) - 2):
        if atoms[k].kind != "wh" or atoms[k].word != "whose" \
                or atoms[k - 1].kind not in ("type", "word"):
            continue
        j = k + 1
        while j < len(atoms) and atoms[j].kind in ("word", "type", "filler"):
            j += 1
        if j == k + 1 or j >= len(atoms) or atoms[j].kind not in ("relation", "aux"):
            continue
        that = Atom("rel", atoms[k].start, atoms[k].end, atoms[k].text, word="that")
        return [*atoms[:k], *atoms[k + 1:j], that, *atoms[j:]]
    return atoms


def contact_clause(atoms: list[Atom]) -> list[Atom]:
    """"Which president issued the order the working group grew out of": a clause that
    describes the noun before it without "that" (a name and its verb right after the
    noun, once the question has its own verb); read with "that"."""
    verb = next((k for k, a in enumerate(atoms) if a.kind == "relation"), None)
    if verb is None:
        return atoms
    for k in range(verb + 1, len(atoms) - 2):
        a = atoms[k]
        j = k + 1
        while j < len(atoms) and atoms[j].kind == "filler":
            j += 1
        if a.kind != "type" or j + 1 >= len(atoms) or atoms[j].kind != "entity" \
                or atoms[j + 1].kind not in ("relation", "copula"):
            continue
        if any(b.kind in ("rel", "wh") for b in atoms[verb:k]):
            return atoms  # (a clause is open already: "the cycle whose second meeting ...")
        that = Atom("rel", a.end, a.end, "that", word="that")
        return [*atoms[:k + 1], that, *atoms[k + 1:]]
    return atoms


def reduced_passive(atoms: list[Atom]) -> list[Atom]:
    """"Who was the chief of staff met by the foreign minister": a past participle and "by"
    with its doer, right after the noun the question asks about, describe the noun (the
    question has its verb already); read with "that was" ("the chief of staff that was met
    by the foreign minister"). Not "which agency was the operation led by?": no doer."""
    from kgraph.ask.lexicon import is_participle

    w = next((k for k, a in enumerate(atoms) if a.kind == "wh"), None)
    if w is None or w + 2 >= len(atoms) or atoms[w + 1].kind != "copula":
        return atoms
    j = w + 2
    while j < len(atoms) and atoms[j].kind in ("entity", "type", "word", "filler", "end"):
        j += 1
    if j == w + 2 or all(a.kind == "filler" for a in atoms[w + 2:j]) or j >= len(atoms) \
            or atoms[j].kind != "relation" or not is_participle(atoms[j].text.split()[0]):
        return atoms
    by = atoms[j].text.split()[-1] == "by"
    after = j + 1 if by else j + 2
    if not by and (j + 1 >= len(atoms) or atoms[j + 1].kind != "prep"
                   or atoms[j + 1].word != "by") or after >= len(atoms) \
            or atoms[after].kind not in ("entity", "type", "filler") \
            or any(a.kind in ("relation", "copula", "aux") for a in atoms[after:]):
        return atoms  # (nor "where is the gang targeted by X based": its verb comes later)
    at = atoms[j].start
    return [*atoms[:j], Atom("rel", at, at, "that", word="that"),
            Atom("copula", at, at, "was", word="was"), *atoms[j:]]


def of_which(atoms: list[Atom]) -> list[Atom]:
    """"The attorneys general of which countries met X": the question word inside a phrase
    of "of" or "from" ("the ministers of justice of which countries", "attorneys general
    from which countries"); read as its possessive ("which countries' attorneys general
    met X"). A preposition before the phrase is the verb's, whose words hold it ("with
    the attorneys general of which countries did X meet": which countries' attorneys
    general did X meet)."""
    lead = 2 if len(atoms) > 2 and atoms[0].kind == "prep" and atoms[1].kind == "date" else \
        1 if atoms and atoms[0].kind == "date" else 0  # ("In March 2017, ...", "March 2017, ...")
    k = next((k for k, a in enumerate(atoms) if k >= lead and a.kind != "filler"), 0)
    piped = atoms[k] if k < len(atoms) and atoms[k].kind == "prep" \
        and atoms[k].word not in ("of", "from") else None
    if piped is not None:
        k += 1
    w = next((w for w, a in enumerate(atoms) if a.kind == "wh"), None)
    if w is None or w < k + 2 or w + 1 >= len(atoms) or atoms[w].word not in ("which", "what") \
            or atoms[w + 1].kind != "type" or atoms[w - 1].kind != "prep" \
            or atoms[w - 1].word not in ("of", "from") or not all(
                a.kind in ("word", "type", "end", "filler") or a.kind == "prep" and a.word == "of"
                for a in atoms[k:w - 1]):
        return atoms
    j = w - 1
    owner = replace(atoms[w + 1], possessive=True)
    rest = atoms[j + 3:]
    if piped is not None and not any(a.kind == "relation" for a in rest):
        return atoms
    return [*atoms[:lead], atoms[j + 1], owner, *atoms[k:j], *rest]


def pronoun_of_fronted(atoms: list[Atom]) -> list[Atom]:
    """"The gang Raging Bull went after: where did it start out?": a described phrase put
    before the question, and a pronoun after the question word that stands for it; the
    phrase is read in the pronoun's place ("where did the gang that Raging Bull went after
    start out"), its clause marked as one where the question left "that" out."""
    found = fronted_pronoun(atoms)
    if found is None:
        return atoms
    w, p = found
    lead = [a for a in atoms[:w] if a.kind != "filler"]
    head, clause = lead[0], lead[1:]
    if clause[0].kind != "rel":
        clause = [Atom("rel", head.end, head.end, "that", word="that"), *clause]
    return atoms[w:p] + [head, *clause] + atoms[p + 1:]


def fronted_pronoun(atoms: list[Atom]) -> tuple[int, int] | None:
    """The question word's and the pronoun's positions when a pronoun stands for a
    described phrase put before the question (see :func:`pronoun_of_fronted`)."""
    w = next((k for k, a in enumerate(atoms) if a.kind == "wh"), None)
    if w is None:
        return None
    lead = [a for a in atoms[:w] if a.kind != "filler"]
    if len(lead) < 3 or lead[0].kind != "type" or lead[-1].kind != "relation" \
            or not any(a.kind == "entity" for a in lead[1:]) \
            or any(a.kind in ("wh", "copula", "aux", "date") for a in lead):
        return None
    p = next((k for k in range(w + 1, len(atoms)) if atoms[k].kind == "entity"
              and atoms[k].match == "pronoun" and not atoms[k].possessive), None)
    return None if p is None else (w, p)


def time_clause(kg: KnowledgeGraph, atoms: list[Atom], any_clause: bool = False
                ) -> list[Atom]:
    """"Who was Colombia's attorney general when the summit was held in December 2017": a
    clause of time after the question says when; read as a date that spans the clause,
    the clause's own date or else the dates of the events it names. A clause that gives
    no date is left as it is, and so is one of a question of where or when."""
    from kgraph.ask.traverse import _span

    first = next((k for k, a in enumerate(atoms) if a.kind == "wh"), None)
    if first is not None and atoms[first].word in ("where", "when"):
        return atoms  # ("where was X when he spoke": where the occasion was, not a date)
    k = next((k for k, a in enumerate(atoms) if first is not None and k > first + 1
              and a.word in ("when", "while") and a.kind in ("wh", "filler")), None)
    lead = 1
    if k is None:
        # "at the time of the summit": the same, said with a noun
        words = [(a.kind, a.word or a.text.lower()) for a in atoms]
        k = next((k for k in range(len(atoms) - 3) if first is not None and k > first + 1
                  and words[k] == ("prep", "at") and words[k + 1][0] == "filler"
                  and words[k + 2] == ("word", "time") and words[k + 3] == ("prep", "of")),
                 None)
        lead = 4
    if k is None or k + lead >= len(atoms):
        return atoms
    clause = atoms[k + lead:]
    dates = [a for a in clause if a.kind == "date" and a.period]
    if dates:
        period = dates[0].period
    elif any_clause:
        period = None
    else:
        spans = [span for a in clause if a.kind == "entity" and a.match != "pronoun"
                 for n in a.ids if n in kg.graph
                 if (span := _span(kg.graph.nodes[n])) is not None]
        if not spans or len(spans) > 3:
            return atoms
        period = (min(x for x, _ in spans), max(y for _, y in spans))
    text = " ".join(a.text for a in clause)
    return atoms[:k] + [Atom("date", atoms[k].start, clause[-1].end, text, period=period)]


def undated(kg: KnowledgeGraph, atoms: list[Atom]) -> tuple[int | None, set[int]]:
    """Where a clause of time that gives no date the data knows begins ("when he
    addressed the delegation", see :func:`time_clause`), and its tokens but the first."""
    if time_clause(kg, atoms) is not atoms:
        return None, set()
    marked = time_clause(kg, atoms, any_clause=True)
    if marked is atoms:
        return None, set()
    clause = marked[-1]
    return len(marked) - 1, set(range(clause.start + 1, clause.end))


def capacity(atoms: list[Atom]) -> int | None:
    """Where a closing "as <a role>" begins ("which country did X represent *as acting
    prosecutor general*"): the capacity something was done in, after the verb (and its
    object), which the relations do not record; the question is read without it."""
    k = len(atoms)
    while k and atoms[k - 1].kind in ("punct",):
        k -= 1
    j = next((i for i in range(k - 1, 0, -1) if atoms[i].kind == "filler"
              and atoms[i].text.lower() == "as"), None)
    if j is None or j + 1 >= k or not all(a.kind in ("word", "type", "entity", "filler", "end")
                                          for a in atoms[j + 1:k]) \
            or not any(a.kind in ("word", "type", "entity", "end") for a in atoms[j + 1:k]):
        return None
    before = [a for a in atoms[:j] if a.kind not in ("filler", "punct")]
    verb = next((i for i in range(len(before) - 1, -1, -1) if before[i].kind == "relation"),
                None)
    if verb is None or not all(a.kind in ("entity", "type", "word", "end")
                               for a in before[verb + 1:]):
        return None
    return j


def purpose(tokens: list[Token], atoms: list[Atom]) -> int | None:
    """Where a closing clause of purpose begins ("whom did Sessions meet *to discuss
    transnational gangs*", "*in order to* spearhead ..."): what something was done for,
    after its verb, which the relations seldom record; the question may be read without it."""
    for j in range(2, len(atoms) - 1):
        a = atoms[j]
        if a.kind != "prep" or a.word != "to" or atoms[j + 1].kind not in ("relation", "word"):
            continue
        start = j
        if j >= 2 and [tokens[atoms[j - 2].start].norm, tokens[atoms[j - 1].start].norm] == [
                "in", "order"]:
            start = j - 2  # ("in order to")
        before = atoms[start - 1]
        if before.kind in ("relation", "word") and (
                tokens[before.end - 1].lemma or tokens[before.end - 1].norm) in TAKES_TO:
            continue  # ("threaten to drop", "agree to"): what the verb is, not what for
        if any(b.kind == "relation" for b in atoms[:start]) and before.kind in (
                "relation", "entity", "type", "word", "end", "date"):
            return start
    return None


def noun_purpose(atoms: list[Atom]) -> tuple[int, int] | None:
    """Where an infinitive after the noun of the question word's phrase begins and ends
    ("how many principles *to govern future cooperation* did they lay out"): what the
    things are for, up to the question's auxiliary, which the relations seldom record;
    the question may be read without it."""
    w = next((k for k, a in enumerate(atoms) if a.kind == "wh"), None)
    if w is None:
        return None
    for j in range(w + 2, len(atoms) - 1):
        a = atoms[j]
        if a.kind in ("aux", "copula", "relation"):
            return None  # (only before the question's own verb)
        if a.kind == "prep" and a.word == "to" and atoms[j - 1].kind in ("type", "word", "end") \
                and atoms[j + 1].kind in ("relation", "word"):
            end = next((k for k in range(j + 2, len(atoms)) if atoms[k].kind in ("aux", "copula")
                        or atoms[k].kind == "relation" and atoms[k].text in ("did", "does", "do")),
                       None)
            return (j, end) if end is not None else None
    return None


def undertaken(tokens: list[Token], atoms: list[Atom]) -> int | None:
    """Where what a verb like "threaten" or "promise" says would be done begins ("which
    country did Trump threaten *to drop as a partner*"): the act the data may record, not
    what it was to do; the question may be read without it. Only after the question's
    relation (not "if it failed to reverse ...")."""
    for j in range(2, len(atoms) - 1):
        a, before = atoms[j], atoms[j - 1]
        if a.kind == "prep" and a.word == "to" and atoms[j + 1].kind in ("relation", "word") \
                and before.kind == "relation" \
                and (tokens[before.end - 1].lemma or tokens[before.end - 1].norm) in TAKES_TO \
                and tokens[atoms[j + 1].start].norm not in ("do", "doing"):
            return j  # (not "what did X threaten to do": what is asked is in it)
    return None


def manner(tokens: list[Token], atoms: list[Atom]) -> int | None:
    """Where a closing clause of manner begins ("what did OPDAT spearhead *by seizing on the
    summit's momentum*"): how something was done, after its verb; the question may be read
    without it."""
    for j in range(2, len(atoms) - 1):
        a, nxt = atoms[j], atoms[j + 1]
        if a.kind == "prep" and a.word == "by" and nxt.kind in ("relation", "word") \
                and tokens[nxt.start].norm.endswith("ing") \
                and any(b.kind == "relation" for b in atoms[:j]):
            return j
    return None


# the words that open a closing phrase of what the question is about ("..., as regards
# cooperation with X"): a general list
_REGARDING = (("as", "regards"), ("as", "regard"), ("regarding",), ("concerning",),
              ("with", "regard", "to"), ("in", "regard", "to"), ("with", "respect", "to"),
              ("in", "terms", "of"), ("in", "relation", "to"), ("as", "to"))


def regarding(tokens: list[Token], atoms: list[Atom]) -> int | None:
    """Where a closing phrase of what the question is about begins ("what did the order
    give rise to, *as regards cooperation with Colombian prosecutors*"), after the
    question's verb; the question may be read without it."""
    words = [t.norm for t in tokens]
    for j in range(2, len(atoms)):
        at = atoms[j].start
        said = next((p for p in _REGARDING if tuple(words[at:at + len(p)]) == p), None)
        if said is not None and any(b.kind == "relation" for b in atoms[:j]) \
                and j + 1 < len(atoms) and not any(t.capital for t in tokens[at:at + len(said)]):
            return j  # (not in a title: "... with Respect to Transnational ...")
    return None


# English verbs whose object is a "to" and a verb ("threatened to drop", "agreed to set
# up"): after them, "to" says what was done, not what it was done for (a general list)
TAKES_TO = frozenset({
    "threaten", "agree", "pledge", "promise", "vow", "plan", "want", "decide", "seek", "try",
    "refuse", "hope", "offer", "aim", "fail", "continue", "begin", "start", "intend",
    "expect", "need", "commit", "undertake", "resolve", "choose", "prepare", "arrange",
    "attempt", "tend", "manage", "propose", "wish", "hesitate", "struggle", "move", "vote",
    "elect", "opt", "ask", "urge", "call", "push", "press"})


_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday", "mondays", "tuesdays", "wednesdays", "thursdays", "fridays",
                       "saturdays", "sundays"})
_AROUND_DAYS = frozenset({"on", "the", "a", "an", "every", "each", "and", "or", "of", "that",
                          "this", "week", "same"})


def weekdays(tokens: list[Token]) -> set[int]:
    """The tokens of the days of the week a question names, with the words around them
    ("on the Wednesday and Thursday of that week"): the data records dates, not weekdays,
    so the question may be read without them (its date, if it has one, still applies)."""
    days = [i for i, t in enumerate(tokens) if t.norm in _WEEKDAYS]
    if not days:
        return set()
    lo, hi = days[0], days[-1]
    while lo > 0 and tokens[lo - 1].norm in _AROUND_DAYS:
        lo -= 1
    while hi + 1 < len(tokens) and (tokens[hi + 1].norm in _AROUND_DAYS
                                    or tokens[hi + 1].norm in _WEEKDAYS):
        hi += 1
    return set(range(lo, hi + 1))


def predicate_adjective(atoms: list[Atom]) -> list[Atom]:
    """"Which agencies are Colombian?": a place's adjective after the copula says where the
    things belong, not what they are; read as "what are the Colombian agencies"."""
    content = [a for a in atoms if a.kind not in ("filler", "punct")]
    if len(content) < 4 or content[0].kind != "wh" or content[0].word not in ("which", "what") \
            or content[-2].kind != "copula" or content[-1].kind != "entity" \
            or content[-1].match != "adjective" \
            or not all(a.kind in ("type", "end", "word") for a in content[1:-2]):
        return atoms
    wh, copula, place = content[0], content[-2], content[-1]
    return [Atom("wh", wh.start, wh.end, wh.text, word="what"),
            Atom("copula", copula.start, copula.end, copula.text, word="are"),
            Atom("filler", place.start, place.start, "the", word="the"),
            place, *content[1:-2]]
