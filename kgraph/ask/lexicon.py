"""The words a dataset gives questions: relation phrases, type words, the nouns for a
relation's ends, attribute words, and which entities each word of their names, aliases,
roles and descriptions points to.

Everything comes from the schema and the data; verb forms and plurals come from
``lemminflect`` (a maintained English lemmatiser that ships its tables), used while the
lexicon is built — the built lexicon is plain tables, kept in the compiled cache, so that
answering a question does not load the lemmatiser.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from kgraph.ask.words import ARTICLES, FUNCTION_WORDS, lemma_guess
from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

# attributes whose text names an entity's office or role ("Attorney General of Colombia")
ROLE_FIELDS = ("role", "title", "office", "position")
# text fields of an entity that describe it (searched by descriptions in questions)
TEXT_FIELDS = ("description", *ROLE_FIELDS, "nationality", "full_title", "full_name")


@cache
def _lemmatiser() -> Any:
    import lemminflect

    return lemminflect


def lemma_of(word: str, prefer: str = "VERB") -> str:
    """The dictionary form of an English word (``lemminflect``; a regular-ending guess
    for words it does not know)."""
    if not word.isalpha():
        return word
    found = _lemmatiser().getAllLemmas(word)
    for upos in (prefer, "VERB", "NOUN", "ADJ", "AUX", "PROPN"):
        if upos in found:
            return str(found[upos][0])
    return lemma_guess(word)


def past_of(word: str) -> str:
    """The past tense of the verb ``word`` is a form of ("hosted", "written": "wrote");
    ``word`` itself when lemminflect has none."""
    forms = _lemmatiser().getInflection(lemma_of(word), tag="VBD")
    return str(forms[0]) if forms else word


def forms_of(lemma: str) -> set[str]:
    """Every inflected form of ``lemma`` (verbs and nouns)."""
    if not lemma.isalpha():
        return {lemma}
    out = {lemma}
    for upos in ("VERB", "NOUN"):
        for forms in _lemmatiser().getAllInflections(lemma, upos=upos).values():
            out.update(forms)
    return out


def english(word: str) -> bool:
    """True when ``word`` is an English word lemminflect's dictionary knows ("planned",
    "top"), not a name ("interpol")."""
    return bool(_lemmatiser().getAllLemmas(word))


def is_participle(word: str) -> bool:
    """True for a verb's past participle ("based", "held", "housed")."""
    if not word.isalpha():
        return False
    lemma = lemma_of(word)
    forms = _lemmatiser().getAllInflections(lemma, upos="VERB")
    return word in forms.get("VBN", ()) + forms.get("VBD", ())  # (regular verbs: one form)


def _phrase(text: str, prefer: str = "VERB") -> tuple[str, ...]:
    return tuple(lemma_of(w, prefer) for w in fold(text).split())


def _entity_words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w not in FUNCTION_WORDS]


class Tables:
    """The schema's words as plain tables (kept in the compiled cache)."""

    relations: dict[tuple[str, ...], list[tuple[str, bool]]]
    ends: dict[tuple[str, ...], list[tuple[str, str]]]
    types: dict[tuple[str, ...], list[str]]
    attributes: dict[tuple[str, ...], list[str]]
    measures: dict[tuple[str, ...], list[str]]  # a word of a measure (figures) -> measures
    forms: dict[str, str]
    max_phrase: int

    @classmethod
    def build(cls, kg: KnowledgeGraph) -> Tables:
        made = cls()
        made.__dict__.update(build(kg))
        return made


class Words:
    """Which entities each word of their text points to (kept in the compiled cache)."""

    index: dict[str, dict[str, int]]
    name_sizes: dict[str, int]
    fields: dict[str, list[tuple[int, tuple[str, ...]]]]
    roles: dict[str, list[str]]  # a role or office as written -> who holds it

    @classmethod
    def build(cls, kg: KnowledgeGraph) -> Words:
        made = cls()
        made.__dict__.update(words_index(kg))
        return made


def build(kg: KnowledgeGraph) -> dict[str, Any]:
    """The lexicon of ``kg`` as plain tables (see :class:`Lexicon`)."""
    schema = kg.schema
    relations: dict[tuple[str, ...], list[tuple[str, bool]]] = {}
    ends: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    types: dict[tuple[str, ...], list[str]] = {}
    attributes: dict[tuple[str, ...], list[str]] = {}
    lemmas: set[str] = set()

    def add(table: dict[Any, list[Any]], key: tuple[str, ...], value: Any,
            passive: bool = False) -> None:
        if table is relations and all(w in _PREPOSITIONS for w in key):
            return  # a preposition alone ("in", "from") links phrases by any relation
        if key and value not in table.setdefault(key, []):
            table[key].append(value)
            lemmas.update(key)
            if table is relations:  # "gave a mandate for": the mandate, too (an article
                # inside a relation's words is any)
                for k, w in enumerate(key[1:], 1):
                    if w in ARTICLES:
                        for other in ARTICLES - {w}:
                            add(table, (*key[:k], other, *key[k + 1:]), value, passive)
        if table is relations and len(key) > 1 and key[0] == "be":
            add(table, key[1:], value, True)  # "(was) held in", "(were) conducted by"
        if table is relations and len(key) > 1 and key[-1] in _PREPOSITIONS and \
                key[0] != "be" and (key in participles or len(key) > 2 and not passive):
            # "where is X based (in)?", "where did X take shape (at)?": asked about, the
            # preposition is often left out
            add(table, key[:-1], value)

    # phrases made of a past participle and a preposition ("based in", "held in"): asked
    # about, the preposition is often left out ("where is X based?")
    participles: set[tuple[str, ...]] = set()
    own_verbs = {lemma_of(t) for rt in schema.relation_types.values()  # ("lead": heads)
                 for t in (rt.reading, *rt.synonyms, *rt.inverse_synonyms)
                 if len(t.split()) == 1}
    for rt in schema.relation_types.values():
        for text in (rt.reading, rt.inverse_reading, *rt.synonyms, *rt.inverse_synonyms):
            words = fold(text).split()
            if words and words[0] in ("is", "was", "are", "were", "be"):
                words = words[1:]  # "is located in", "was held in", "based in"
            if len(words) == 2 and words[1] in _PREPOSITIONS and is_participle(words[0]) \
                    and lemma_of(words[0]) not in own_verbs:
                participles.add(_phrase(" ".join(words)))
    for rt in schema.relation_types.values():
        for text in (rt.reading, *rt.synonyms):
            phrase = _phrase(text)
            add(relations, phrase, (rt.name, True))
            if rt.symmetric:
                add(relations, phrase, (rt.name, False))
            elif phrase[0] != "be" and phrase[-1] not in _PREPOSITIONS:
                add(relations, ("be", *phrase, "by"), (rt.name, False))  # passive
        for text in (rt.inverse_reading, *rt.inverse_synonyms):
            add(relations, _phrase(text), (rt.name, rt.symmetric))
        for text in rt.source_nouns:
            add(ends, _phrase(text, "NOUN"), (rt.name, "source"))
        for text in rt.target_nouns:
            add(ends, _phrase(text, "NOUN"), (rt.name, "target"))
        for attr in rt.attributes:
            add(attributes, (lemma_of(attr, "NOUN"),), f"relation:{attr}")
    measures: dict[tuple[str, ...], list[str]] = {}
    for m in getattr(schema, "measures", {}).values():
        for text in (m.name.replace("_", " "), m.reading, *m.synonyms):
            for word in fold(text).split():
                if word not in FUNCTION_WORDS:  # (looked up by a token's word or lemma)
                    for key in {(lemma_of(word),), (word,)}:
                        if m.name not in measures.setdefault(key, []):
                            measures[key].append(m.name)
    for et in schema.entity_types.values():
        for text in (et.name.replace("_", " "), et.label, et.plural, *et.synonyms):
            for part in fold(text).replace(" or ", ",").split(","):
                if part.strip():
                    add(types, _phrase(part.strip(), "NOUN"), et.name)
        for attr in et.attributes:
            for word in attr.split("_"):
                add(attributes, (lemma_of(word, "NOUN"),), attr)
    # inflected forms of every word the tables use: a question's words are looked up here
    forms: dict[str, str] = {lemma: lemma for lemma in lemmas}  # "meeting" is a noun here
    for lemma in sorted(lemmas):
        for form in forms_of(lemma):
            forms.setdefault(form, lemma)
    for word in list(_PREPOSITIONS) + ["be", "is", "was", "were", "are", "been"]:
        forms.setdefault(word, "be" if word in ("is", "was", "were", "are", "been") else word)
    return {
        "relations": {k: v for k, v in relations.items()},
        "ends": ends,
        "types": types,
        "attributes": {k: v for k, v in attributes.items()},
        "measures": measures,
        "forms": forms,
        "max_phrase": max((len(k) for k in relations), default=1),
    }


_PREPOSITIONS = ("in", "at", "of", "by", "with", "to", "for", "from", "on", "into", "about",
                 "under", "after", "before", "between", "through", "against", "among", "within")


def words_index(kg: KnowledgeGraph) -> dict[str, Any]:
    """Which entities each word points to, and how strongly: the words of names and
    aliases (weight 3), of roles and offices (2), of descriptions and type labels (1).
    Also every word the graph's text uses, for telling known words from unknown ones."""
    g = kg.graph
    index: dict[str, dict[str, int]] = {}
    sizes: dict[str, int] = {}
    fields: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for node, attrs in g.nodes(data=True):
        weights: dict[str, int] = {}
        own: list[tuple[int, tuple[str, ...]]] = []

        def give(words: list[str], weight: int, own: list[tuple[int, tuple[str, ...]]] = own,
                 weights: dict[str, int] = weights) -> None:
            if words:
                own.append((weight, tuple(words)))
            for w in words:
                if weights.get(w, 0) < weight:
                    weights[w] = weight

        give(_entity_words(str(attrs.get("name", node))), 3)
        for alias in attrs.get("aliases", ()) or ():
            give(_entity_words(str(alias)), 3)
        for key in TEXT_FIELDS:
            value = attrs.get(key)
            if isinstance(value, str):
                for part in value.split(";") if key in ROLE_FIELDS else [value]:
                    give(_entity_words(part), 2 if key in ROLE_FIELDS else 1)
        sizes[node] = len(_entity_words(str(attrs.get("name", node))))
        fields[node] = own
        for w, weight in weights.items():
            index.setdefault(w, {})[node] = weight
    roles: dict[str, list[str]] = {}
    for node, attrs in g.nodes(data=True):
        for key in ROLE_FIELDS:
            value = attrs.get(key)
            if isinstance(value, str):
                for part in value.split(";"):
                    folded = fold(part)
                    if folded and node not in roles.setdefault(folded, []):
                        roles[folded].append(node)
    return {"index": index, "name_sizes": sizes, "fields": fields, "roles": roles}


class Lexicon:
    """Lookups over the tables :func:`build` makes."""

    def __init__(self, tables: Tables, words: Words) -> None:
        self.relations = tables.relations
        self.ends = tables.ends
        self.types = tables.types
        self.attributes = tables.attributes
        self.measures = tables.__dict__.get("measures", {})
        self.forms = tables.forms
        self.max_phrase = tables.max_phrase
        self.index = words.index
        self.name_sizes = words.name_sizes
        self.fields = words.fields
        self.roles = words.roles
        self._vocabulary: list[str] | None = None

    def lemma(self, word: str) -> str:
        return self.forms.get(word) or lemma_guess(word)

    def entities_for(self, word: str) -> dict[str, int]:
        """Entities whose text has ``word`` (or a form of it), with the weight."""
        from kgraph.ask.words import same_word

        found = dict(self.index.get(word, {}))
        guess = lemma_guess(word)
        for other in (guess, word + "s", self.lemma(word)):
            if other != word:
                for node, weight in self.index.get(other, {}).items():
                    found[node] = max(found.get(node, 0), weight)
        if len(word) >= 5:
            for key in self._keys_with_prefix(word[:5]):
                if key != word and same_word(word, key):
                    for node, weight in self.index[key].items():
                        found[node] = max(found.get(node, 0), weight)
        return found

    def _keys_with_prefix(self, prefix: str) -> list[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(self.index)
        import bisect

        keys = self._vocabulary
        i = bisect.bisect_left(keys, prefix)
        out = []
        while i < len(keys) and keys[i].startswith(prefix):
            out.append(keys[i])
            i += 1
        return out

    def known(self, word: str) -> bool:
        """True when ``word`` means something to this dataset (a vocabulary word or a word
        of some entity's text)."""
        return (word in self.forms or bool(self.entities_for(word)))

    def near_known(self, word: str) -> bool:
        """True when ``word`` is one letter or two from a word this dataset knows (a typo
        of it: "offcials"), by rapidfuzz."""
        from rapidfuzz import fuzz, process

        return any(process.extractOne(word, pool.keys(), scorer=fuzz.ratio, score_cutoff=80)
                   for pool in (self.forms, self.index))


def lexicon(kg: KnowledgeGraph) -> Lexicon:
    """The lexicon of ``kg``, built once per graph (and kept in the compiled cache)."""
    from kgraph.graph import derived

    return Lexicon(derived(kg, "_ask_lexicon", Tables.build),
                   derived(kg, "_ask_words", Words.build))
