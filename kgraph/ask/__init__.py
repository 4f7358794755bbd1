"""Plain-English questions, answered from the graph with how they were understood.

A question becomes atoms (:mod:`~kgraph.ask.atom`, made by :mod:`~kgraph.ask.parse`:
names, relation phrases, type words, dates from :mod:`~kgraph.ask.dates`, verbs from
:mod:`~kgraph.ask.verbs`...), the atoms become noun phrases and the sets they describe
(:mod:`~kgraph.ask.phrases`), and those candidate plans (:mod:`~kgraph.ask.grammar`, in the
algebra of :mod:`~kgraph.ask.plan`), every candidate is run (:mod:`~kgraph.ask.execute`
over the steps of :mod:`~kgraph.ask.traverse`, looser readings from :mod:`~kgraph.ask.relax`
when it finds nothing, :mod:`~kgraph.ask.facts` for figures, :mod:`~kgraph.ask.fulltext` as
the last resort) and
ranked — by how much of the question it uses, whether it finds anything, and how likely its
shape is — and the best is explained (:mod:`~kgraph.ask.explain`). A content word no plan
can use is said to be ignored, or, when it names something the data does not know, the
question is refused: a constraint is never dropped silently.

Nothing here knows about particular entities or questions: the vocabulary comes from the
schema and the data (:mod:`~kgraph.ask.lexicon`).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from kgraph.ask.unread import suggestions, understood_of
from kgraph.errors import KgraphError, NotFound

if TYPE_CHECKING:
    from kgraph.ask.candidate import Candidate
    from kgraph.ask.parse import Atom
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

__all__ = ["NotUnderstood", "answer"]


class NotUnderstood(KgraphError):
    """The question could not be turned into a query."""

    exit_code = 1

    def __init__(self, message: str, understood: dict[str, Any], suggestions: list[str]):
        super().__init__(message)
        self.understood = understood
        self.suggestions = suggestions


_OPENERS = re.compile(r"^(?:(?:so|ok|okay|well|alright|right|now|hey|yo)\b[,!]?\s+)+(?=\S+\s+\S)",
                      re.IGNORECASE)
# "when was it that X met Y": when did X meet Y (the question put in a cleft says no more)
_CLEFT = re.compile(r"^(\s*(?:when|where|how|why|whom|who|what|which)\b(?:\s+[\w'’-]+){0,3}?)"
                    r"\s+(?:was|is|were)\s+it\s+that\s+(?=\S+\s+\S)", re.IGNORECASE)


def answer(kg: KnowledgeGraph, question: str, limit: int | None = None, offset: int = 0
           ) -> dict[str, Any]:
    """Answer ``question``; raise :class:`NotUnderstood` (no plan fits) or
    :class:`~kgraph.errors.NotFound` (understood, nothing found). ``limit`` answers from
    ``offset`` are given (None: all), with the page's ``total``, ``truncated`` and what was
    ``left_out`` as every listing has (see :mod:`kgraph.listing`)."""
    from kgraph.ask.acronyms import spelt_out
    from kgraph.ask.among import within
    from kgraph.ask.contrast import contrasted
    from kgraph.ask.insitu import interposed
    from kgraph.ask.kinds import everything, kind_asked
    from kgraph.ask.lexicon import lexicon
    from kgraph.ask.negation import answered_negated, negated
    from kgraph.ask.polar import NotAmong, answered_polar, polar
    from kgraph.ask.regions import unheld
    from kgraph.ask.sides import sided
    from kgraph.ask.spelling import respelt
    from kgraph.ask.trailing import placed_last
    from kgraph.listing import left_out, page_info, window

    typed = question
    question = _OPENERS.sub("", question)  # "so the dialogue where ... -- which ...": the
    # words that open a turn of speech say nothing of the question
    question = _CLEFT.sub(r"\1 did ", question)
    lex = lexicon(kg)
    question, read_as = respelt(kg, lex, question)  # "the US Atorney": the word meant
    question, spelt = spelt_out(kg, lex, question)  # "against TOC": its words
    read_as += spelt
    question, unheld_notes = unheld(kg, lex, question)  # "the Central American AGs"
    read_as += unheld_notes
    contrast = contrasted(kg, question)  # "where is it based, not where it started?"
    if contrast is not None:
        question = contrast[0]
        read_as.append(contrast[1])
    question, sides = sided(kg, lex, question)  # "on the US side": from the US
    read_as += sides
    moved = interposed(kg, lex, question) or placed_last(kg, lex, question)
    if moved is not None:  # "who represented, at the summit, Mexico?": after the object
        read_as.append(f"read as: '{moved}'")
        question = moved
    denied = negated(question)  # "which one did not take part in X": a set, less those who did
    kinds = kind_asked(kg, question) if denied is None else []  # "list all the agencies"
    inside = within(question) if denied is None and not kinds else None
    # ("Did X attend Y? Who else was there?": the question asked last)
    whether = polar(kg, question) if inside is None and denied is None and not kinds \
        and not _follow_up(question) else None
    if denied is not None:
        result, more = answered_negated(kg, denied, lambda text: _read(kg, text),
                                        (NotUnderstood,))
        result["question"] = question
    elif kinds:
        result, more = everything(kg, kinds, question)
    elif whether is not None:  # "did Sessions meet Beltrán?": is he among who met Beltrán
        try:
            result, more = answered_polar(kg, whether, lambda text: _read(kg, text))
            result["question"] = question
        except NotAmong:
            raise
        except (NotFound, NotUnderstood) as e:  # (read as typed, then, unless a text match)
            try:
                result, more = _read(kg, question)
            except (NotFound, NotUnderstood):
                raise e from None
            if result.get("match") == "text" and isinstance(e, NotFound) and str(e):
                raise e from None
    elif inside is not None:  # "among the X, who ...": the question's answers in the set
        from kgraph.ask.among import NoneWithin, answered_within
        from kgraph.ask.naming import names_alone

        try:
            result, more = answered_within(inside, lambda text: _read(kg, text),
                                           (NotUnderstood,), lambda text: names_alone(kg, text))
            result["question"] = question
        except NoneWithin:
            raise
        except (NotFound, NotUnderstood):  # (read as typed, as a whole, then)
            result, more = _read(kg, question)
    else:
        result, more = _read(kg, question)
    if read_as:
        result["question"] = typed
        result.setdefault("notes", [])[:0] = read_as
    found: list[dict[str, Any]] = result["answers"]
    page = window(found, limit, offset)
    rest = [str(a["id"]) for a in found[:offset] + found[offset + len(page):]] + more
    result["answers"] = page
    result.update(page_info(len(found) + len(more), len(page), limit, offset))
    result["left_out"] = left_out(kg, rest)
    return result


def _read(kg: KnowledgeGraph, question: str, whole: bool = True
          ) -> tuple[dict[str, Any], list[str]]:
    """The result and the ids of the answers beyond it: of the question, or of the question
    it points back to a topic in (see :mod:`kgraph.ask.topic`). ``whole``: a question, not
    a description inside one (which is no note: :mod:`kgraph.ask.fragments`)."""
    from kgraph.ask.discourse import pointed_back
    from kgraph.ask.elided import answered as elided
    from kgraph.ask.lightverb import given
    from kgraph.ask.nested import possessive, resolved
    from kgraph.ask.standin import stood_in
    from kgraph.ask.topic import answered_as, reread_answered

    unread = (NotFound, NotUnderstood)

    def within(text: str) -> tuple[dict[str, Any], list[str]]:
        return _read(kg, text, whole=False)  # (a reading of the question, read in turn)

    # a question that points back to a topic, or to a statement before it ("X grew out of
    # an order. Who issued it?": the order X grew out of), or is asked of a topic it does
    # not point back to ("TCO Working Group -- who took part from Colombia?")
    back = stood_in(question, within, unread) or reread_answered(question, within, unread) \
        or answered_as(question, given(kg, question), within, unread) \
        or pointed_back(kg, question, within, unread) \
        or elided(kg, question, lambda text: _answer(kg, text), unread)
    if back is not None:
        return back

    def nested_read() -> tuple[dict[str, Any], list[str]] | None:
        return resolved(kg, question, within, unread)

    # a description in it that is a question of its own ("the country whose attorney
    # general signed X"): asked first, and what it finds put in its place; first of all
    # for "whose", which no reading as typed composes, else when that reads nothing whole
    whose = possessive(question)
    inner = nested_read() if whose else None
    if inner is not None and not inner[0].get("partial"):
        inner[0]["question"] = question
        return inner
    from kgraph.ask.fragments import headed, noted
    from kgraph.ask.topic import WH

    def read_as_note() -> tuple[dict[str, Any], list[str]] | None:
        return noted(question, lambda text: _answer(kg, text), unread)

    if whole and headed(question):  # "the summit -- principals in attendance?"
        note = read_as_note()
        if note is not None:
            return note
    # "whose meetings did the dialogue build on?": who had them, not the meetings (the
    # reading as typed would answer with the thing the question word's noun names)
    from kgraph.ask.insitu import owner_answered
    from kgraph.ask.lexicon import lexicon

    owner = owner_answered(question, within, unread, lexicon(kg))
    if owner is not None:
        return owner
    # "meetings in Mexico in February and in Washington in May": those of each (no one
    # reading holds two places or two times for one thing)
    each = _each(kg, question)
    if each is not None:
        return each
    typed: dict[str, Any] = {}
    more: list[str] = []
    refused: NotFound | NotUnderstood | None = None
    try:
        typed, more = _answer(kg, question)
        if typed.get("match") != "text" and not typed.get("partial"):
            # ("Beltrán title": a note that reads whole, of the same things, beats words
            # left out as typed)
            note = read_as_note() if typed["interpretation"].get("ignored") \
                and not WH.search(question) else None
            if note is None or not all(
                    str(kg.graph.nodes[n].get("name", n)) in note[0]["interpretation"]["text"]
                    for n in typed["interpretation"]["entities"] if n in kg.graph):
                return typed, more
            return note
    except (NotFound, NotUnderstood) as e:
        refused = e
    # read as typed, it fits no relation, or only loosely: with its question word moved
    # first, then, if that reads better
    moved = _moved(kg, question)
    if moved is not None:
        try:
            again, more_again = _answer(kg, moved[0])
            if again.get("match") != "text" and (refused is not None or typed.get(
                    "match") == "text" or not again.get("partial")):
                again.setdefault("notes", []).insert(0, moved[1])
                again["question"] = question
                return again, more_again
        except (NotFound, NotUnderstood):
            pass
    from kgraph.ask.double import answered as one_of_two

    two = one_of_two(question, within, unread) if refused is not None or typed.get(
        "match") == "text" else None  # ("where did X start, which city?")
    if two is not None:
        return two
    if not whose:  # (for "whose" it was read already)
        inner = nested_read()
    if inner is not None and (refused is not None or typed.get("match") == "text"
                              or not inner[0].get("partial")):
        inner[0]["question"] = question
        return inner
    # typed as a note ("events attended by both A and B", "the summit -- principals in
    # attendance?"): as the questions it may stand for, the first that reads whole
    failed = refused is not None or typed.get("match") == "text"
    note = read_as_note() if whole and failed else None
    if note is not None:
        return note
    if refused is not None:
        raise refused  # (read as typed: its error)
    return typed, more


def _follow_up(question: str) -> bool:
    """The question is asked after another sentence, and points back to it."""
    from kgraph.ask.discourse import follow_up
    from kgraph.ask.topic import POINTER

    found = follow_up(question)
    return found is not None and POINTER.search(found[1]) is not None


def _each(kg: KnowledgeGraph, question: str) -> tuple[dict[str, Any], list[str]] | None:
    """The answers to the question asked of each set of place and time that "and" joins
    in it (:mod:`kgraph.ask.distribute`); None when it joins none."""
    from kgraph.ask.distribute import answered_each, conjuncts
    from kgraph.ask.lexicon import lexicon

    parts = conjuncts(kg, lexicon(kg), question)
    if parts is None:
        return None
    return answered_each(question, parts, lambda text: _read(kg, text, whole=False),
                         (NotFound, NotUnderstood))


def _moved(kg: KnowledgeGraph, question: str) -> tuple[str, str] | None:
    """The question with its question word moved first ("X comes from which city?": which
    city did X come from), and a note saying so; None when it is not so shaped."""
    from kgraph.ask import parse
    from kgraph.ask.insitu import in_situ, uninverted
    from kgraph.ask.lexicon import lexicon

    tokens, atoms = parse.atoms(kg, question, lexicon(kg))
    moved = in_situ(question, tokens, atoms) or uninverted(question, tokens, atoms)
    return None if moved is None else (moved, f"read as: {moved}")


def _answer(kg: KnowledgeGraph, question: str) -> tuple[dict[str, Any], list[str]]:
    """The result, and the ids of the answers found beyond those it gives in full."""
    from kgraph.ask import grammar, parse, run, scoring, strangers
    from kgraph.ask.asides import asides, details
    from kgraph.ask.company import companions
    from kgraph.ask.coordination import coordinated
    from kgraph.ask.exclusion import Exclusion, exclusions, set_aside
    from kgraph.ask.guessed import unguessed
    from kgraph.ask.headless import as_question
    from kgraph.ask.hedges import hedges, sources_of
    from kgraph.ask.lexicon import lexicon
    from kgraph.ask.phrases import wh_phrase
    from kgraph.ask.plan import WHO_TYPES
    from kgraph.ask.provenance import keep_from, provenance
    from kgraph.ask.rewording import (
        capacity,
        manner,
        noun_purpose,
        purpose,
        regarding,
        undated,
        undertaken,
        weekdays,
    )
    from kgraph.ask.textmatch import speech_atoms

    lex = lexicon(kg)
    typed = question
    # "if the sources name her", "(I believe she was there)": of the record or the asker
    question, hedged = hedges(question)
    tokens, atoms = parse.atoms(kg, question, lex)
    reworded = as_question(question, tokens, atoms)
    if reworded is not None:  # "countries that took part in X?": which countries did
        tokens, atoms = parse.atoms(kg, reworded, lex)
        question = reworded
    # "MS-13, the gang now based in Central America, ...": said in passing of a name
    atoms, passing = asides(question, tokens, atoms)
    atoms, listed = details(kg, question, tokens, atoms)  # "X, Cartagena, June 12-14"
    passing += listed
    # "according to the Latin News report": which documents, not what the answer is
    atoms, prov = provenance(kg, tokens, atoms)
    if not prov.sources and not prov.unchecked:
        prov = sources_of(kg, hedged)
    # "apart from the State Department": what the answers must not include
    atoms, excluded = exclusions(kg, tokens, atoms)
    # "together with Martínez": with a named subject, both did it; else not an answer
    atoms, company = companions(tokens, atoms)
    others = Exclusion(ids=company.ids, text=company.text, reason="did so as well, left out")
    content = grammar.content_tokens(tokens, atoms)
    # "when he addressed the delegation": a clause of time no date is known for
    cut, untimed = undated(kg, atoms)
    untimed &= content
    # words the dataset has never heard of cannot narrow anything it holds: reported
    # when left out, but not counted against a plan (the verb of the question excepted)
    noise = {a.start for a in atoms if a.kind == "word" and not a.capital
             and not lex.known(a.word) and a.start != _predicate(atoms)
             and a.word not in grammar.STRUCTURE_WORDS}
    content -= noise
    # "which interpol official", "how many kilograms of carfentanil": what is asked, in
    # words the data has never heard of
    strangers.refuse(strangers.in_what_is_asked(lex, atoms, wh_phrase(atoms), noise))
    negation = next((a for a in atoms if a.kind == "not"), None)
    if negation is not None:  # "which countries did not attend": a plan would drop the "not"
        raise NotUnderstood(f"questions with '{negation.text}' are not supported: ask for what "
                            "holds and compare", understood_of(kg, tokens, atoms),
                            suggestions(kg, atoms))
    found: list[Candidate] = []
    wh = wh_phrase(atoms)  # "what district": what the answer must be
    head = {i for a in (atoms[wh[0] + 1:wh[1]] if wh else []) if a.kind in ("word", "type")
            for i in range(a.start, a.end)} & content
    # and the relations it names: a plan that leaves either out answers another question
    head |= {i for a in atoms if a.kind == "relation" for i in range(a.start, a.end)} & content
    # the type the answer must be ("which country"): a plan that answers with something
    # else answers another question, whatever else it reads
    asked = {i for a in (atoms[wh[0] + 1:wh[1]] if wh else []) if a.kind == "type"
             for i in range(a.start, a.end)} & content
    asked_types = {t for a in (atoms[wh[0] + 1:wh[1]] if wh else []) if a.kind == "type"
                   for t in a.types}
    who = wh is not None and atoms[wh[0]].word in ("who", "whom") or _name_of_someone(atoms)
    readings = [(plan, atoms) for plan in [*coordinated(kg, lex, tokens, atoms),
                                           *grammar.plans(kg, lex, tokens, atoms)]]
    # and without a part that may say nothing the data can check, then left out and told:
    # a clause of time no date is known for, a phrase put before the question
    # (also when its words are none the data knows: "For the record, where ...")
    before_comma = _fronted(question, tokens, atoms)
    fronted = before_comma & (content | noise)
    parts = [(atoms[:cut], untimed, "no date is recorded for it")] if cut is not None else []
    held_as = capacity(atoms)  # "... represent as acting prosecutor general"
    if held_as is not None:
        parts.append((atoms[:held_as], {i for a in atoms[held_as:] for i in range(a.start, a.end)}
                      & content, "the capacity it was done in is not recorded"))
    if fronted:
        parts.append(([a for a in atoms if not set(range(a.start, a.end)) & before_comma],
                      fronted, "the question read without it"))
        dated = {i for a in atoms if a.kind == "date" for i in range(a.start, a.end)}
        if dated & before_comma and fronted - dated:
            # "In March 2017, not long after taking office, whom ...": a date put first
            # stays (what else is put first is what may say nothing the data can check)
            parts.append(([a for a in atoms if not set(range(a.start, a.end)) & (
                before_comma - dated) or a.kind == "date"], fronted - dated,
                "the question read without it"))
    plain = unguessed(atoms)  # "griping about": as a relation said with "about", and as
    if plain is not None:  # words the data does not know, left out
        parts.append((plain, set(), ""))
    days = weekdays(tokens)  # "on the Wednesday and Thursday of that week"
    if days:
        parts.append(([a for a in atoms if not set(range(a.start, a.end)) & days],
                      days & (content | noise), "no day of the week is recorded"))
    # "... meet to discuss transnational gangs", "... spearhead X by seizing on Y": as typed,
    # and with what else is left out
    for aim, what in ((purpose(tokens, atoms), "what it was done for"),
                      (manner(tokens, atoms), "how it was done"),
                      (regarding(tokens, atoms), "what it concerns"),
                      (undertaken(tokens, atoms), "what it was to do")):
        if aim is None:
            continue
        done_for = {i for a in atoms[aim:] for i in range(a.start, a.end)}
        head -= done_for  # (its verb is not the question's relation)
        parts += [([a for a in read if a.start < atoms[aim].start], left | done_for & content,
                   "; ".join(x for x in (why, f"{what} is not checked") if x))
                  for read, left, why in parts] + [
            (atoms[:aim], done_for & content, f"{what} is not checked")]
    aim_of = noun_purpose(atoms)  # "how many principles to govern X did they lay out"
    if aim_of is not None:
        done_for = {i for a in atoms[aim_of[0]:aim_of[1]] for i in range(a.start, a.end)}
        head -= done_for
        parts.append(([*atoms[:aim_of[0]], *atoms[aim_of[1]:]], done_for & content,
                      "what they are for is not checked"))
    by_read: dict[int, tuple[set[int], str]] = {}
    for read, left, why in parts:
        by_read[id(read)] = (left, why)
        readings += [(plan, read) for plan in grammar.plans(kg, lex, tokens, read)
                     if plan.intent != "text"]
    for plan, read in readings:
        if plan.intent == "text" and any(
                (c.answers or c.value is not None) and not (content - c.used) for c in found):
            continue  # the full-text index is built only for questions no plan read whole
        cand = run.candidate(kg, lex, plan, tokens, read)
        if cand is not None:
            if read is not atoms:
                cand.cut, cand.cut_reason = by_read[id(read)]
                cand.used -= cand.cut
            set_aside(kg, cand, excluded)
            set_aside(kg, cand, others)
            if who and cand.answers and cand.value is None and plan.intent in ("relation", "who-is"):
                # ("who was X's attorney general at the meeting": not the meeting)
                cand.answers = [a for a in cand.answers if any(
                    kg.schema.is_a(str(a.get("type", "")), t) for t in (*WHO_TYPES, "office"))]
                if not cand.answers:
                    continue
            if asked_types and cand.answers and cand.value is None and not any(
                    kg.schema.is_a(str(a.get("type", "")), t)
                    for a in cand.answers for t in asked_types):
                cand.untyped = True  # (none of the answers is of the type asked for)
            scoring.score(cand, content, tokens, head, asked)
            found.append(cand)
    # (of two readings that score alike, the one whose words left out are those it was
    # read without, and says so: the other leaves them out unexplained)
    found.sort(key=lambda c: (-c.score, len(content - c.used - c.cut)))
    understood = understood_of(kg, tokens, atoms)
    # (a reading that leaves out no more than a date is whole enough: had the data an
    # answer, it would have found it undated; a text match would answer another question)
    dated = {i for a in atoms if a.kind == "date" for i in range(a.start, a.end)}
    complete = any(c.plan.intent != "text" and not (content - c.used - dated) for c in found)
    if complete and speech_atoms(kg, atoms) and not any(
            c.answers or c.value is not None for c in found if c.plan.intent != "text"):
        # "who argued that ...": what was said is text; when no reading of it as relations
        # finds anything, the statements' own words are searched
        complete = False
    # a text match stands in only for a question no plan could read whole
    # a relation read as any relation answers only a question read whole: with a word
    # left out as well, it would answer a different question
    # "who was the X that met Y" read as "who is X" leaves the relation out: another question
    # (a clause of time, "when Videgaray visited Washington", only says when)
    # (nor a second question: "what is X, and what is it providing to Y")
    clause = next((i for i, t in enumerate(tokens) if i and t.norm in ("when", "while")),
                  len(tokens))
    clause = min([clause] + [a.start for a in atoms if a.kind == "wh" and a.start > 0
                             and any(b.kind == "and" and b.end <= a.start for b in atoms)])
    relation_words = {i for a in atoms if a.kind == "relation" and a.start < clause
                      for i in range(a.start, a.end)} & content
    hits = [c for c in found if (c.answers or c.value is not None)
            and not (complete and c.plan.intent == "text")
            and not (c.any_relation and c.ignored)
            and not (c.plan.intent == "who-is" and relation_words - c.used)]
    if not hits and not any(a.kind in ("entity", "relation", "type", "end", "date", "quote")
                            for a in atoms):
        raise NotUnderstood("could not turn the question into a query", understood,
                            suggestions(kg, atoms))
    if not hits:
        best = next((c for c in found if c.plan.intent != "text"), None) \
            if complete else (found[0] if found else None)
        if best is None or best.plan.intent == "text":
            raise NotUnderstood("could not turn the question into a query", understood,
                                suggestions(kg, atoms))
        raise NotFound(_nothing(kg, best))
    best = hits[0]
    if best.plan.intent == "text":  # ("what was the budget of X": of nothing it holds)
        strangers.refuse(strangers.asked_of_a_name(lex, found))
    if best.plan.intent == "text" and any(t.norm == "how" and u.norm in ("many", "much")
                                          for t, u in pairwise(tokens)):
        raise NotFound("no figure the data records answers this (a text match has none: "
                       f"kgraph search '{best.plan.text}')")  # (passages are no number)
    verb = _predicate(atoms)
    if verb is not None and verb not in best.used and best.plan.intent != "text":
        raise NotUnderstood(f"'{tokens[verb].text}' is not a relation this dataset records "
                            "(see 'kgraph schema' for the relation types and their words)",
                            understood, suggestions(kg, atoms))
    # "Among the results reported at the dialogue, how many ...": words put before the
    # question, set off by a comma, say where to look; left out, they are reported, but
    # what must be read is the question itself
    # (and so does a clause of time no date is known for: "when he addressed them")
    aside = (fronted | best.cut) - best.used
    main = content - aside
    if main and len(main - best.used) > 0.4 * len(main) and best.plan.intent != "text":
        raise NotUnderstood(f"could not read enough of the question (understood: "
                            f"{_short(kg, best)}; not: {', '.join(best.ignored)})",
                            understood, suggestions(kg, atoms))
    unknown = scoring.unknown(lex, tokens, [a for a in atoms if a.start not in best.cut], best,
                       content)
    if best.cut:
        best.partial = best.partial or (
            f"left out: '{' '.join(tokens[i].text for i in sorted(best.cut))}' "
            f"({best.cut_reason})")
    if unknown:
        names = [a for a in atoms if a.kind == "entity"]
        strangers.refuse([w for w in unknown if not any(w in (a.text, tokens[a.start].text)
                                                        for a in names)])
        structured = next((c for c in found if c.plan.intent != "text"), None)
        if structured is not None:
            raise NotFound(_nothing(kg, structured))
        raise NotFound("found nothing that uses " + ", ".join(repr(w) for w in unknown))
    from kgraph.ask.outcome import result_of
    from kgraph.ask.plan import apart

    loose = sorted(apart(best.plan) & content)
    if loose:  # (a part of the reading joined to nothing it finds: said, not checked)
        words = [tokens[i].text for i in loose]
        best.ignored = list(dict.fromkeys([*best.ignored, *words]))
        best.partial = best.partial or (f"'{' '.join(words)}' is joined to nothing the "
                                        "answer is found by: not checked")
    runner_up = next((c for c in hits[1:] if c.score >= best.score - 0.35
                      and scoring.different(c, best)), None)
    from kgraph.ask.guessed import notes as guesses

    guessed = guesses([a for a in atoms if any(  # ("popped over to")
        st.text == a.text and st.tokens == set(range(a.start, a.end)) for st in best.plan.steps)])
    best.partial = best.partial or "; ".join(guessed)  # (a relation guessed, not read)
    best.notes += [f"read as said in passing, not checked: '{text}'"
                   for text in [*hedged.passing, *passing]]
    best.notes += [f"read as said of the question, not of the answer: '{text}'"
                   for text in hedged.texts if text != prov.text]  # (a source: told below)
    if prov.unchecked:
        best.notes.append(f"'{prov.text}': who said it is not checked")
    if prov.sources:
        best.answers, note, held = keep_from(kg, best.answers, prov)
        best.notes.append(note)
        if not held:
            best.partial = best.partial or note
    return result_of(kg, typed, best, runner_up, atoms), best.more


def _fronted(question: str, tokens: list[Token], atoms: list[Atom]) -> set[int]:
    """The tokens of a phrase put before the question and set off by a comma or a colon
    ("At the Cartagena summit, who ...", "For the briefing: who ..."): those before the
    last such mark ahead of the question word."""
    wh = next((a.start for a in atoms if a.kind == "wh"), 0)
    cut = next((i for i in range(wh, 0, -1)
                if {",", ":"} & set(question[tokens[i - 1].end:tokens[i].start])), 0)
    return set(range(cut))


def _name_of_someone(atoms: list[Atom]) -> bool:
    """"Name of El Salvador's AG at the meeting": who is El Salvador's AG, as the grammar
    reads it; the noun before the first preposition is no type word ("Name of the
    operation run by ICE" asks for an operation)."""
    lead = [a for a in atoms if a.kind != "filler"]
    if len(lead) < 3 or lead[0].kind != "imperative" or lead[1].kind != "prep" \
            or lead[1].word != "of":
        return False
    head = []
    for a in lead[2:]:
        if a.kind in ("prep", "rel", "relation", "wh", "copula", "aux"):
            break
        head.append(a)
    return bool(head) and not any(a.kind == "type" for a in head)


def _predicate(atoms: list[Atom]) -> int | None:
    """The token of the question's verb when it is a word the lexicon does not know ("who
    *won* ...", "who did X *huddle* with"): a plan that leaves it out answers another
    question."""
    kinds = [a.kind for a in atoms]
    if "relation" in kinds or "wh" not in kinds:
        return None
    k = kinds.index("wh")
    rest = [a for a in atoms[k + 1:] if a.kind != "filler"]
    if rest and rest[0].kind == "word" and atoms[k].word in ("who", "whom"):
        return rest[0].start
    if rest and rest[0].kind == "aux":  # "who did X <verb> (with)"
        tail = [a for a in rest[1:] if a.kind not in ("prep", "date")]
        if len(tail) >= 2 and tail[-1].kind == "word" and tail[-2].kind == "entity":
            return tail[-1].start
    return None


def _short(kg: KnowledgeGraph, c: Candidate) -> str:
    from kgraph.ask.explain import plan_text

    return plan_text(kg, c.plan)


def _nothing(kg: KnowledgeGraph, c: Candidate) -> str:
    from kgraph.ask.explain import plan_text

    return f"understood: {plan_text(kg, c.plan)}; found nothing"
