"""A question as a row of atoms: entity names, relation phrases, type words, the nouns for
a relation's ends, attribute words, dates, and the structural words between them.

Longest matches first: a date, then a name (exactly, then with a small typo), then a
relation phrase, then a type word or end noun; what is left is structure (question words,
auxiliaries, prepositions, "and"), filler, or an unknown content word.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from kgraph.ask.ambiguous import titled_tails, type_or_name
from kgraph.ask.atom import Atom
from kgraph.ask.dates import dates, times_of
from kgraph.ask.fuzzy import fuzzy_across, fuzzy_names, same_ordinals
from kgraph.ask.heads import state_heads
from kgraph.ask.nouns import as_nouns, as_word
from kgraph.ask.owned import named_around
from kgraph.ask.roles import offices_named
from kgraph.ask.verbs import verbs
from kgraph.ask.words import (
    ABBREVIATIONS,
    AUXILIARIES,
    CONJUNCTIONS,
    COPULAS,
    FUNCTION_WORDS,
    IMPERATIVES,
    PREPOSITION_OF,
    PREPOSITIONS,
    QUESTION_WORDS,
    RELATIVE_MARKERS,
    Token,
    tokenize,
)
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.ask.lexicon import Lexicon
    from kgraph.graph import KnowledgeGraph
    from kgraph.resolve import Index

NEGATIONS = frozenset({"not", "no", "never", "without", "except"})
# words after "not" that make it a measure of time or degree, not a negation ("not long
# after", "not only", "not least", "not far from", "not yet")
NOT_DENYING = frozenset({"long", "only", "least", "just", "quite", "far", "much", "yet",
                         "merely", "simply"})
# words for now, which is no date the data has and describes nothing ("based today")
NOW = frozenset({"today", "now", "nowadays", "presently", "currently"})
MAX_NAME = 14  # words in the longest name looked up


def _names(kg: KnowledgeGraph, tokens: list[Token], taken: list[bool], lex: Lexicon
           ) -> list[Atom]:
    """Exact names and aliases, longest first."""
    from kgraph.resolve import index

    idx = index(kg)
    atoms: list[Atom] = []
    n = len(tokens)
    for size in range(min(MAX_NAME, n), 0, -1):
        for i in range(n - size + 1):
            if any(taken[i:i + size]):
                continue
            span = tokens[i:i + size]
            key = " ".join(t.norm for t in span)
            if span[0].norm in ("the", "a", "an") and size > 1:
                continue
            ids: set[str] = set(idx.keys.get(key) or ())
            if not ids and size > 2 and span[-1].norm != "the" \
                    and any(t.norm == "the" for t in span[1:]):
                # "the declaration of the US, Colombian and Mexican AGs": a name with an
                # article inside that the name itself has not (or has elsewhere)
                ids = set(_without_articles(kg).get(" ".join(
                    t.norm for t in span if t.norm != "the")) or ())
            match = "exact"
            if size > 1 and key in lex.roles:
                # "the Deputy Secretary of State": who holds the office (and the office,
                # when it has that name too)
                match = "exact" if ids else "role"
                ids |= set(lex.roles[key])
            elif not ids and size == 1 and len(key) > 4 and (span[0].capital or len(key) > 5
                                                             and not _vocabulary(lex, key, lex.lemma(key))):
                # "Colombian" (and "mexican", typed in lower case)
                ids, match = set(adjective_of(kg, key, idx)), "adjective"
            if not ids:
                continue
            if not _name_like(span, lex):
                continue
            atoms.append(Atom("entity", i, i + size, key, ids=sorted(ids), match=match,
                              capital=any(t.capital for t in span),
                              possessive=span[-1].possessive))
            for x in range(i, i + size):
                taken[x] = True
    return atoms


def _without_articles(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """The names and aliases with every "the" left out, and what each names."""
    from kgraph.graph import derived
    from kgraph.resolve import index

    def build(kg: KnowledgeGraph) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for key, ids in index(kg).keys.items():
            if len(key.split()) > 1:
                out.setdefault(" ".join(w for w in key.split() if w != "the"), set()).update(ids)
        return out

    return derived(kg, "_ask_names_without_articles", build)  # type: ignore[no-any-return]


def _vocabulary(lex: Lexicon, *keys: str) -> bool:
    """One of ``keys`` is a type, relation or relation-end word of the lexicon."""
    return any((k,) in table for k in keys for table in (lex.types, lex.relations, lex.ends))


def place_adjective(kg: KnowledgeGraph, word: str) -> bool:
    """True when ``word`` is read as a country's or place's adjective ("honduran")."""
    from kgraph.ask.plan import is_place
    from kgraph.resolve import index

    return any(is_place(kg, n) for n in adjective_of(kg, word.lower(), index(kg)))


def adjective_of(kg: KnowledgeGraph, word: str, idx: Index) -> list[str]:
    """The place a capitalised adjective names: "Colombian" -> Colombia, "Honduran" ->
    Honduras (one-word names by the shared stem), "American" -> the United States of
    America (a country's longer name by its last word). A people's adjective names a
    country before a region ("the Americas")."""
    from kgraph.ask.words import same_word
    from kgraph.graph import derived

    keys = idx.with_prefix(word[:4])
    found = {n for k in keys if " " not in k and k != word and same_word(word, k)
             for n in idx.keys[k]}
    found |= {n for last, ns in derived(kg, "_ask_country_ends", _country_ends).items()
              if last[:4] == word[:4] and last != word and same_word(word, last) for n in ns}
    countries = {n for n in found if kg.schema.is_a(kg.graph.nodes[n].get("type", ""), "country")}
    found = countries or found
    return sorted(found) if 0 < len(found) <= 2 else []


def _country_ends(kg: KnowledgeGraph) -> dict[str, list[str]]:
    """The last word of each longer name of each country, with the countries (a table
    the compiled cache keeps)."""
    out: dict[str, list[str]] = {}
    for n, attrs in kg.graph.nodes(data=True):
        if not kg.schema.is_a(attrs.get("type", ""), "country"):
            continue
        for name in (attrs.get("name", n), *(attrs.get("aliases") or ())):
            words = fold(str(name)).split()
            if len(words) > 1 and n not in out.setdefault(words[-1], []):
                out[words[-1]].append(n)
    return out


def _name_like(span: list[Token], lex: Lexicon) -> bool:
    """A lower-case word that is also a question's own vocabulary (a type word, a
    relation word, a function word) is not taken for a name on its own."""
    if len(span) > 1 or span[0].capital:
        return True
    w = span[0].norm
    if w in FUNCTION_WORDS or w.isdigit():
        return False
    return not _vocabulary(lex, lex.lemma(w))


def _extend_names(kg: KnowledgeGraph, tokens: list[Token], taken: list[bool],
                  found: list[Atom]) -> None:
    """A name found exactly, followed by capitalised words no name took ("Alberto Elias
    Beltram": "Alberto Elias" is an alias): the whole run is one name with a typo when it
    is close to one of the same entity's names."""
    from rapidfuzz import fuzz

    from kgraph.resolve import index

    idx = index(kg)
    for atom in found:
        if atom.kind != "entity":
            continue
        j = atom.end
        while j < len(tokens) and not taken[j] and tokens[j].capital \
                and tokens[j].norm not in FUNCTION_WORDS:
            j += 1
        if j == atom.end:
            continue
        text = " ".join(t.norm for t in tokens[atom.start:j])
        names = [k for k, ids in idx.keys.items() if set(ids) & set(atom.ids)]
        if any(fuzz.ratio(text, k) >= 84 for k in names):
            for x in range(atom.end, j):
                taken[x] = True
            atom.end = j
            atom.text = text
            atom.match = "fuzzy"


def _merge_names(kg: KnowledgeGraph, tokens: list[Token], found: list[Atom], lex: Lexicon
                 ) -> list[Atom]:
    """Side-by-side names and unknown words that together are one longer name, written
    another way ("U.S.-Mexico Strategic Dialogue", "Luis Videgaray's visit to Washington")
    or with a typo ("Operaton Raging Bull", "Cartagena sumit"): one mention."""

    from kgraph.ask.lexicon import english
    from kgraph.resolve import index

    idx = index(kg)
    found = sorted(found, key=lambda a: a.start)
    out: list[Atom] = []
    i = 0
    while i < len(found):
        best: tuple[int, Atom] | None = None
        for j in range(min(len(found), i + 8), i, -1):
            run = found[i:j]
            named = any(a.kind == "entity" for a in run)
            if not all(a.kind in ("entity", "word", "number") or a.kind == "filler"
                       and a.word in ("of", "the", "de", "la", "to", "for", "on")
                       or a.kind == "type" and a is run[-1] and len(run) > 2 for a in run):
                continue  # (a type word may end a name said with words inside it)
            if run[-1].kind == "filler" or any(b.start != a.end for a, b in pairwise(run)):
                continue
            text = " ".join(t.norm for t in tokens[run[0].start:run[-1].end])
            if not named:
                # words no name took, lower case too ("jeff sesions", "cariazo"): a name
                # with a typo when one is very close and a word is one the data never uses
                if len(text) < 6 or all(lex.known(a.word) for a in run if a.kind == "word"):
                    continue
                close = _typo_of(text, idx)
                if close and len(idx.keys[close]) <= 2:
                    best = (j, Atom("entity", run[0].start, run[-1].end, text,
                                    ids=sorted(idx.keys[close]), match="fuzzy",
                                    capital=any(a.capital for a in run),
                                    possessive=run[-1].possessive))
                    break
                continue
            if j == i + 1:
                continue  # one name alone: as found
            # "U.S. Attorney", "Southland's prosecutor general": an office's title (in
            # either word order), which the words describe; not a name cut short
            swapped = " ".join(t.norm for t in tokens[run[0].end:run[-1].end]) + " of " + \
                run[0].text if run[0].possessive else ""
            ids = idx.keys.get(text)
            how = "words"
            if not ids:
                ids = _adjective_phrase(text, idx)
                how = "adjective" if ids else how
            if run[-1].kind == "type":  # (only a name said with words inside it)
                ids = named_around(idx, lex, text, run, tokens)
                if not ids:
                    continue
            if not ids and not _office_title(text, lex) and swapped not in lex.roles:
                ids = _mostly_named(idx, text, run, lex) or (
                    named_around(idx, lex, text, run, tokens) if len(run) > 2 else set())
            if not ids or len(ids) > 2:
                close = _typo_of(text, idx)
                if close and set(idx.keys[close]) <= {i for a in run for i in a.ids} and any(
                        english(a.word) and a.word not in close.split()
                        for a in run if a.kind == "word" and not a.capital):
                    close = None  # (a name and a word of English it has not, "the summit
                    # principals", is no typo of the name: the word is the question's)
                ids, how = (idx.keys[close], "fuzzy") if close else (set(), "")
            alone = [a for a in run if a.kind != "filler"]
            if len(alone) == 1 and not set(ids) <= set(alone[0].ids):
                continue  # "the American" is not a typo of "the Americas": as found
            if ids and len(ids) <= 2:
                best = (j, Atom("entity", run[0].start, run[-1].end, text, ids=sorted(ids),
                                match=how, capital=any(a.capital for a in run),
                                possessive=run[-1].possessive))
                break
        if best is None:
            out.append(found[i])
            i += 1
        else:
            out.append(best[1])
            i = best[0]
    return out


def _adjective_phrase(text: str, idx: Index) -> set[str]:
    """The place a name of several words names as an adjective ("Latin American": Latin
    America), its last word the adjective of the name's last word."""
    from kgraph.ask.words import same_word

    words = text.split()
    if len(words) < 2 or len(words[-1]) < 5:
        return set()
    head = " ".join(words[:-1])
    return {n for k in idx.with_prefix(f"{head} {words[-1][:4]}")
            if k != text and k.rsplit(" ", 1)[0] == head
            and same_word(words[-1], k.rsplit(" ", 1)[1]) for n in idx.keys[k]}


def _named_with(lex: Lexicon, text: str) -> set[str]:
    """The entities a name or alias of which has every word of ``text`` (the words'
    entries in the lexicon, rarest first: no name is read that lacks one)."""
    words = [w for w in fold(text).split() if w not in FUNCTION_WORDS]
    postings = sorted((lex.index.get(w, {}) for w in words), key=len)
    if not postings:
        return set()
    found = {n for n, weight in postings[0].items() if weight == 3}
    for more in postings[1:]:
        found &= more.keys()
        if not found:
            break
    return found


def _mostly_named(idx: Index, text: str, run: list[Atom], lex: Lexicon) -> set[str]:
    """Entities one of whose names has the run's words in order, and mostly those words
    (or one the run already named): "Mexico Strategic Dialogue" in "U.S.-Mexico Strategic
    Dialogue", not a meeting whose long name happens to list two countries."""
    from kgraph.resolve import in_order

    found = idx.by_words(text, _named_with(lex, text))
    named = {n for a in run for n in a.ids}
    words = len(text.split())
    keep = set()
    for n in found:
        if n in named:
            keep.add(n)
            continue
        # measured against the names that have the words, not a shorter name of another
        # wording ("March meeting")
        if any(words >= 0.75 * len(key.split()) for key in idx.names_of(n)
               if in_order(text.split(), key.split())):
            keep.add(n)
    return keep & named or keep


def _typo_of(text: str, idx: Index) -> str | None:
    """The name or alias ``text`` is a typo of (rapidfuzz, 88 of 100), if any; a name with
    every word of ``text`` and more is a longer wording, not a typo ("Southland
    prosecutor", "Southland Prosecutor's Office")."""
    from rapidfuzz import fuzz, process

    words = set(text.split())
    for key, _, _ in process.extract(text, idx.key_list(), scorer=fuzz.ratio, limit=5,
                                     score_cutoff=88):
        if not words < set(key.split()) and same_ordinals(text, key):
            return str(key)
    return None


def _office_title(text: str, lex: Lexicon) -> bool:
    """The words begin someone's role or office ("U.S. Attorney" of "U.S. Attorney for the
    Middle District of Florida"): a title, not a shortened name of something else."""
    head = text + " "
    return any(key.startswith(head) for key in lex.roles)


def _phrases(table: dict[tuple[str, ...], list], lemmas: list[str], taken: list[bool],
             kind: str, tokens: list[Token], longest: int) -> list[Atom]:
    atoms = []
    n = len(lemmas)
    for size in range(min(longest, n), 0, -1):
        for i in range(n - size + 1):
            if any(taken[i:i + size]):
                continue
            key = tuple(lemmas[i:i + size])
            found = table.get(key)
            stretch = 0
            if not found and kind == "relation" and size >= 2 and i + size < n \
                    and not taken[i + size]:
                # "operates chiefly out of": an adverb inside a relation phrase is part of it;
                # so is a word describing its noun ("gave the big speech at")
                inner = next((j for j in range(i + 1, i + size) if _adverb(tokens[j])
                              or lemmas[j - 1] in ("the", "a", "an") and not tokens[j].capital
                              and tokens[j].norm.isalpha() or tokens[j].norm in _PAIRING),
                             None)
                if inner is not None:
                    key = (*lemmas[i:inner], *lemmas[inner + 1:i + size + 1])
                    found = table.get(key)
                    stretch = 1
            if not found:
                continue
            if size == 1 and kind == "relation" and lemmas[i] in ("be", "have", "do"):
                continue
            if kind == "relation" and key[-1] == "by" and tokens[i].norm == tokens[i].lemma \
                    and any(t.norm in ("did", "does", "do") for t in tokens[:i]) \
                    and not any(t.lemma == "be" for t in tokens[:i]):
                continue  # ("what did X spearhead by seizing ...": no passive after "did")
            end = i + size + stretch
            atom = Atom(kind, i, end, " ".join(t.norm for t in tokens[i:end]),
                        lemma=" ".join(key))
            if kind == "relation":
                atom.senses = list(found)
            elif kind == "type":
                atom.types = list(found)
            elif kind == "end":
                atom.ends = list(found)
            atoms.append(atom)
            for x in range(i, end):
                # ("was part both of A and B": "both" pairs what follows, read as after it)
                taken[x] = not (stretch and tokens[x].norm in _PAIRING and i < x < end - 1)
    return atoms


_PAIRING = ("both", "either")  # a word that pairs what follows, inside a relation phrase


def _adverb(t: Token) -> bool:
    """An adverb of manner or degree ("chiefly", "mainly"), by its ending."""
    return len(t.norm) > 4 and t.norm.endswith("ly") and not t.capital


def _written_out(kg: KnowledgeGraph, tokens: list[Token], lex: Lexicon) -> list[Token]:
    """An abbreviation ("AG", "EO", "dep sec") as the words it stands for, each a token of
    its own at its place (so "the AG of Colombia" reads as the title it is); not one the
    data has as a name, or in a name of the data's the question has whole ("the Joint
    Declaration of US, Colombian and Mexican AGs"; not "the EO" beside a name "EO
    13773")."""
    from kgraph.resolve import index

    idx = index(kg)
    keys = idx.keys
    typed = f" {' '.join(t.norm for t in tokens)} "
    out: list[Token] = []
    for t in tokens:
        expanded = ABBREVIATIONS.get(t.norm)
        if expanded is None or t.quoted or t.norm in keys or len(expanded) < 4 \
                or any(f" {key} " in typed for n, weight in lex.index.get(t.norm, {}).items()
                       if weight == 3 for key in idx.names_of(n) if t.norm in key.split()):
            out.append(t)  # (nor a unit: "kilos" is the figure's "kg", not a word to read)
            continue
        words = expanded.split()
        for k, w in enumerate(words):
            out.append(Token(w, w, t.start, t.end,
                             possessive=t.possessive and k == len(words) - 1))
    return out


def atoms(kg: KnowledgeGraph, question: str, lex: Lexicon) -> tuple[list[Token], list[Atom]]:
    """The question's tokens and its atoms, in order."""
    from kgraph.ask.codes import written_out
    from kgraph.ask.lexicon import is_participle

    tokens = written_out(kg, question, _written_out(kg, tokenize(question), lex))
    for prior, t, after in zip([None, *tokens], tokens, [*tokens[1:], None]):
        if t.norm == "no" and after is not None and after.norm.isdigit():
            t.norm = "number"  # "the State Department's no. 2": a number, no negation
        t.lemma = lex.lemma(t.norm)
        if t.norm in PREPOSITION_OF and prior is not None and is_participle(prior.norm):
            t.lemma = PREPOSITION_OF[t.norm]  # ("housed inside": in; not "sits inside")
        expanded = ABBREVIATIONS.get(t.norm)
        if expanded is not None and " " not in expanded:
            t.lemma = lex.lemma(expanded)  # "Dept" reads as "department"
    taken = [False] * len(tokens)
    found: list[Atom] = []
    i = 0
    while i < len(tokens):  # a quoted phrase is text to look for, not words to parse
        if tokens[i].quoted:
            j = i
            while j < len(tokens) and tokens[j].quoted:
                taken[j] = True
                j += 1
            found.append(Atom("quote", i, j, " ".join(t.text for t in tokens[i:j])))
            i = j
        else:
            i += 1
    if tokens and tokens[0].norm in IMPERATIVES and not taken[0]:
        # "Name the ...", "List the ...": the request, not a relation word
        taken[0] = True
        found.append(Atom("imperative", 0, 1, tokens[0].norm, word=tokens[0].norm))
    # names first: a name may hold a year ("the Foreign Service Act of 1980")
    found += _names(kg, tokens, taken, lex)
    found += dates(tokens, taken)
    _extend_names(kg, tokens, taken, found)
    state_heads(kg, tokens, taken, found)  # ("the U.S. government": the country)
    found = titled_tails(kg, tokens, taken, found)
    lemmas = [t.lemma for t in tokens]
    found += _phrases(lex.relations, lemmas, taken, "relation", tokens, lex.max_phrase)
    found += _phrases(lex.types, lemmas, taken, "type", tokens, 4)
    found += _phrases(lex.ends, lemmas, taken, "end", tokens, 4)
    found += fuzzy_names(kg, tokens, taken)
    found = fuzzy_across(kg, tokens, found, taken)
    for i, t in enumerate(tokens):
        if taken[i]:
            continue
        found.append(_structural(t, i, lex))
        if found[-1].kind == "not" and i + 1 < len(tokens) and tokens[i + 1].norm in NOT_DENYING:
            # "not long after", "not only": a measure of time or degree, no negation
            found[-1] = Atom("filler", i, i + 1, t.norm, word=t.norm)
    found.sort(key=lambda a: a.start)
    found = _pronouns(kg, tokens, found)
    found = type_or_name(kg, tokens, found)
    found = as_nouns(lex, tokens, found)
    content = [a for a in found if a.kind not in ("filler", "punct")]
    if len(content) > 2 and content[0].kind == "prep" \
            and content[-1].kind in ("relation", "word"):
        # "Under which division is X housed?", "Of which order is X an outgrowth?": the
        # fronted preposition ends the relation phrase ("housed under", "outgrowth of")
        last = content[-1]
        senses = lex.relations.get((*(t.lemma for t in tokens[last.start:last.end]),
                                    content[0].word))
        if senses:
            k = found.index(last)
            found[k] = replace(last, kind="relation", senses=list(senses),
                               text=f"{last.text} {content[0].word}")
            if k and found[k - 1].kind == "relation" and found[k - 1].end == last.start:
                before = found[k - 1]  # "a direct outgrowth of": the word before describes it
                found[k - 1] = as_word(before, tokens)
    for k in range(len(found) - 2, -1, -1):
        # "primarily based", "mainly held": an adverb right before a relation is part of
        # it; so is a verb's prefix written with a hyphen ("co-signed", "re-launched")
        a, nxt = found[k], found[k + 1]
        if a.kind == "word" and not a.capital and nxt.kind == "relation" \
                and nxt.start == a.end and (a.word.endswith("ly") and len(a.word) > 4
                                            or a.word in VERB_PREFIXES):
            found[k + 1] = replace(nxt, start=a.start, text=f"{a.text} {nxt.text}")
            del found[k]
        elif a.kind == "relation" and nxt.kind == "word" and not nxt.capital \
                and nxt.word.endswith("ly") and len(nxt.word) > 4 and nxt.start == a.end:
            # and one right after it ("held mainly in")
            found[k] = replace(a, end=nxt.end, text=f"{a.text} {nxt.text}")
            del found[k + 1]
    from kgraph.ask.apposition import appositions, ordinals
    from kgraph.ask.described import descriptions
    from kgraph.ask.guessed import guessed, place_objects
    from kgraph.ask.owned import owned_names


    found = ordinals(kg, tokens, appositions(kg, lex, tokens,
                                             _merge_names(kg, tokens, found, lex)))
    found = descriptions(tokens, owned_names(kg, lex, found))
    # "who popped over to X": a relation said with "to"; "who attended in Cartagena": the
    # events held there
    found = place_objects(kg, guessed(kg, tokens, verbs(tokens, found, lex)))
    return tokens, times_of(kg, tokens, offices_named(kg, found))


VERB_PREFIXES = frozenset({"co", "re", "pre", "counter"})


PERSONAL = {"he": False, "him": False, "his": True, "she": False, "her": True, "hers": True}
IMPERSONAL = {"it": False, "its": True, "they": False, "them": False, "their": True}


def _pronouns(kg: KnowledgeGraph, tokens: list[Token], found: list[Atom]) -> list[Atom]:
    """A pronoun after a name stands for it ("Claudia Carrasquilla: which unit does she
    run?", "Videgaray ... his trip"): the nearest name before it, a person for he/she."""
    out: list[Atom] = []
    for a in found:
        word = tokens[a.start].norm
        if a.kind in ("filler", "rel") and a.end - a.start == 1 and (
                word in PERSONAL or word in IMPERSONAL):
            people = word in PERSONAL
            # (an office is a person too: "Mexico's foreign minister ... his visit")
            before = [b for b in out if b.kind == "entity" and (not people or any(
                kg.schema.is_a(str(kg.graph.nodes[n].get("type")), t) for n in b.ids
                if n in kg.graph for t in ("person", "office")))]
            rel = next((k for k in range(len(out) - 1, 0, -1) if out[k].kind == "rel"), None)
            if rel is not None and out[rel - 1] in before and sum(
                    b.kind == "relation" for b in out[rel + 1:]) >= 2:
                # "where did the group that OPDAT launched hold its first meeting": after
                # the relative clause and the main verb, the subject's (not OPDAT's)
                before = [out[rel - 1]]
            if before:
                ref = before[-1]
                out.append(Atom("entity", a.start, a.end, ref.text, ids=list(ref.ids),
                                match="pronoun", capital=False,
                                possessive=(PERSONAL | IMPERSONAL)[word]))
                continue
        out.append(a)
    return out


def _structural(t: Token, i: int, lex: Lexicon) -> Atom:
    w = t.norm
    if w in QUESTION_WORDS:
        kind = "wh"
    elif w in AUXILIARIES:
        kind = "aux"
    elif w in COPULAS:
        kind = "copula"
    elif w in ("both",):
        kind = "both"
    elif w in ("and", "plus", "but"):  # ("originated in X but operates out of Y": both)
        kind = "and"
    elif w in ("or", "either", "nor"):
        kind = "or"
    elif w in NEGATIONS:
        kind = "not"
    elif w in PREPOSITIONS:
        kind = "prep"
    elif w in IMPERATIVES and i == 0:
        kind = "imperative"
    elif w in RELATIVE_MARKERS:
        kind = "rel"
    elif w in FUNCTION_WORDS or w in CONJUNCTIONS or w in NOW or (
            len(w) > 5 and w.endswith("ly") and not t.capital and w not in lex.index):
        kind = "filler"  # an adverb ("originally", "jointly") qualifies, it does not name
    elif w.replace(".", "").isdigit():
        kind = "number"
    else:
        kind = "word"
    if kind == "word" and w in ABBREVIATIONS:
        w = ABBREVIATIONS[w]  # a description word, as written out
    elif kind == "prep":
        w = PREPOSITION_OF.get(w, w)  # ("inside which division": in which)
    atom = Atom(kind, i, i + 1, w, word=w, lemma=t.lemma, capital=t.capital,
                possessive=t.possessive)
    if kind == "word":
        atom.attributes = list(lex.attributes.get((t.lemma,), []) or
                               lex.attributes.get((t.norm,), []))
    return atom
