"""``kgraph quote find``: a quote as a person has it (other whitespace and line breaks,
typographic or straight quote marks, ellipses, other case, a typo) -> the document's own
words, which ``kgraph validate`` then finds verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest
from projectkit import kgraph, kgraph_json, project, register

from kgraph.quotes import find_passage
from kgraph.text import normalise_quote, quote_in

__all__ = ["project"]

DOCUMENT = """\
# Press release

The Attorney General of Peru, **Ana Ríos**, said: “We will not rest until
the network is dismantled.” The operation — called *Condor* — began in
    March 2021 and ended in May.

Officials described the suspects' ‘logistics cell’ in detail.
"""

CASES = [
    # (what the user typed, the document's words, similarity is 100)
    ("the attorney general of peru, ana rios", None, False),
    ("Attorney General of Peru, Ana Ríos, said", "Attorney General of Peru, **Ana Ríos**, said",
     True),
    ('said: "We will not rest until the network is dismantled."',
     "said: “We will not rest until the network is dismantled.”", True),
    ("The operation - called Condor - began in March 2021",
     "The operation — called *Condor* — began in March 2021", True),
    ("We will not rest ... began in March 2021 and ended in May",
     "We will not rest ... began in March 2021 and ended in May", True),
    ("the suspects' 'logistics cell'", "the suspects' ‘logistics cell’", True),
    ("the network is dismanteld", "the network is dismantled", False),
]


@pytest.mark.parametrize(("typed", "words", "exact"), CASES)
def test_the_documents_own_words(typed: str, words: str | None, exact: bool) -> None:
    passage = find_passage(DOCUMENT, typed)
    assert passage is not None
    if words is not None:
        assert passage.text == words
    assert passage.exact == exact or typed.islower()
    assert quote_in(passage.text, normalise_quote(DOCUMENT))


def test_case_and_typos_are_reported() -> None:
    lower = find_passage(DOCUMENT, "the attorney general of peru, ana rios")
    assert lower is not None and lower.text == "The Attorney General of Peru, **Ana Ríos**"
    assert "letter case or accents" in lower.differences
    typo = find_passage(DOCUMENT, "the network is dismanteld")
    assert typo is not None and not typo.exact and 80 <= typo.similarity < 100
    assert typo.differences[0].startswith("words differ")
    assert find_passage(DOCUMENT, "an unrelated sentence about fishing boats") is None
    assert find_passage(DOCUMENT, "...") is None


def test_through_the_cli_by_file_and_by_source(project: Path) -> None:
    doc = project / "sources" / "release.txt"
    doc.write_text(DOCUMENT, encoding="utf-8")
    result = kgraph("quote", "find", doc, "We  will not\nrest ... in   may")
    assert result.stdout == 'quote: "We will not rest ... in May"\n'
    assert result.stderr == ("sources/release.txt:3:52: not as typed: letter case or accents, "
                             "ellipses, whitespace\n")
    kgraph("sources", "add", doc, "--id", "release")
    out = kgraph_json("quote", "find", "release", "Officials described the suspects’ "
                      "'logistics cell'")
    assert out == {"source": "release", "document": "sources/release.txt", "found": True,
                   "quote": "Officials described the suspects' ‘logistics cell’",
                   "exact": True, "similarity": 100.0, "line": 7, "col": 1,
                   "differences": [],  # (validate does not tell the marks apart)
                   "dataset": out["dataset"]}
    kgraph("quote", "find", "release", "nothing like this at all in it", code=1)
    result = kgraph("quote", "find", "relase", "x", code=2)
    assert result.stderr == ("kgraph: 'relase' is neither a file nor a source id (did you "
                             "mean 'release'?)\n")


def test_what_it_prints_pastes_into_a_valid_record(project: Path) -> None:
    register(project)
    line = kgraph("quote", "find", "ruling", "jane doe the prosecutor met john roe").stdout
    quote = line.removeprefix("quote: ").strip()
    assert quote == '"Jane Doe, the prosecutor, met John Roe"'
    relations = project / "data" / "relations.yaml"
    relations.write_text(relations.read_text().replace(
        "relations: []", "relations:\n  - from: jane-doe\n    type: met_with\n"
        f"    to: john-roe\n    source: ruling\n    quote: {quote}"))
    problems = kgraph_json("validate")["problems"]
    assert [p for p in problems if p["rule"] != "orphan"] == [], problems
