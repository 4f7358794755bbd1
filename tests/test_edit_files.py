"""Curation commands change files people wrote by hand: every byte outside the new record
stays as it was (comments, blank lines, quoting, order, line endings), an invalid change
is refused and an interrupted one leaves the file as it was, and ``kgraph fmt`` changes
the layout, never the data."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from projectkit import kgraph, kgraph_json, snapshot

from kgraph import atomic
from kgraph.loader import load_file

REPO = Path(__file__).resolve().parent.parent

SOURCES = """\
# Sources of the test investigation.
sources:
  - id: memo   # the memo
    title: 'The memo'
    file: memo.txt
"""
MEMO = "Ann Lee met Bo Chen in Lima. Bo Chen runs the Lima Group.\n"

# entities.yaml written in several hands: the new record must fit in without touching
# anything else
LAYOUTS = {
    "comments and blank lines": """\
# People, by hand.

entities:
  # --- people -----
  - id: ann     # first
    type: person
    name: "Ann Lee"
    aliases: [A. Lee,   Lee]
    description: >-
      A long description
      folded over lines.
    source: memo
    quote: "Ann Lee"

  - id: bo
    type: person
    name: Bo Chen  # trailing comment
    source: memo
    quote: Bo Chen
    # a comment about Bo, indented under him

# the end of the entities
relations: []   # none yet
""",
    "dashes at the margin": """\
entities:
- id: ann
  type: person
  name: Ann Lee
  source: memo
  quote: Ann Lee
- id: bo
  type: person
  name: Bo Chen
  source: memo
  quote: Bo Chen
""",
    "flow records": """\
entities:
    - {id: ann, type: person, name: Ann Lee, source: memo, quote: Ann Lee}
    - {id: bo, type: person, name: Bo Chen, source: memo, quote: Bo Chen}
""",
    "windows line endings": "entities:\r\n  - id: ann\r\n    type: person\r\n    name: Ann Lee"
                            "\r\n    source: memo\r\n    quote: Ann Lee\r\n",
    "byte-order mark, no final line break": "\ufeffentities:\n  - id: ann\n    type: person\n"
                                            "    name: Ann Lee\n    source: memo\n"
                                            "    quote: Ann Lee",
    "empty flow list": "# nobody yet\nentities: []  # to fill\n# more below\n",
    "empty section": "entities:\n# nobody yet\n",
    "no section": "# only a comment\n",
}
# what the new entity needs to validate in every layout (Ann's quote is in the memo)
ADD = ("add", "entity", "organisation", "Lima Group", "--alias", "the Group", "--source",
       "memo", "--quote", "Bo Chen runs the Lima Group")


def setup(folder: Path, entities: str) -> Path:
    (folder / "data").mkdir()
    (folder / "sources").mkdir()
    (folder / "sources" / "memo.txt").write_text(MEMO)
    (folder / "kgraph.toml").write_text('[project]\nname = "test"\n')
    (folder / "data" / "sources.yaml").write_text(SOURCES)
    path = folder / "data" / "entities.yaml"
    path.write_bytes(entities.encode("utf-8"))
    return path


def inserted(old: bytes, new: bytes, emptied: bytes | None = None) -> bytes:
    """What ``new`` has that ``old`` has not, asserting that ``old`` is all there, byte for
    byte: a common beginning and a common end and nothing else (but for the ``[]`` of the
    ``emptied`` section, which its first record replaces)."""
    if emptied is not None:
        assert emptied + b": []" in old
        old = old.replace(emptied + b": []", emptied + b":", 1)
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    assert start + end == len(old), (old, new)
    return new[start:len(new) - end]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_new_record_leaves_every_other_byte(layout: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = setup(tmp_path, LAYOUTS[layout])
    monkeypatch.chdir(tmp_path)
    old = path.read_bytes()
    kgraph(*ADD)
    new = path.read_bytes()
    assert (tmp_path / "data" / "entities.yaml.bak").read_bytes() == old
    emptied = b"entities" if layout == "empty flow list" else None
    added = inserted(old, new, emptied).decode("utf-8")
    assert "id: lima-group" in added and "quote: \"Bo Chen runs the Lima Group\"" in added
    if "\r\n" in LAYOUTS[layout]:
        assert added.count("\n") == added.count("\r\n")
    else:
        assert "\r" not in added
    assert new.startswith(b"\xef\xbb\xbf") == old.startswith(b"\xef\xbb\xbf")
    record = load_file(path).root["entities"][-1]
    assert dict(record) == {"id": "lima-group", "type": "organization", "name": "Lima Group",
                            "aliases": ["the Group"], "source": "memo",
                            "quote": "Bo Chen runs the Lima Group"}
    assert kgraph_json("validate")["ok"] is True


def test_each_edit_in_turn_keeps_comments_and_blank_lines(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    entities = setup(tmp_path, LAYOUTS["comments and blank lines"])
    sources = tmp_path / "data" / "sources.yaml"
    monkeypatch.chdir(tmp_path)
    steps = [
        (ADD, None),
        (("add", "entity", "city", "Lima", "--source", "memo", "--quote", "in Lima"), None),
        (("add", "relation", "Ann Lee", "met with", "Bo Chen", "--source", "memo",
          "--quote", "Ann Lee met Bo Chen"), b"relations"),
        (("add", "relation", "Bo Chen", "heads", "Lima Group", "--source", "memo",
          "--quote", "Bo Chen runs the Lima Group", "--file", "data/entities.yaml"), None),
    ]
    for args, emptied in steps:
        old = entities.read_bytes()
        kgraph(*args)
        inserted(old, entities.read_bytes(), emptied)
    (tmp_path / "sources" / "report.txt").write_text("Annual report\n\n2024-05-02\n")
    old = sources.read_bytes()
    kgraph("sources", "add", tmp_path / "sources" / "report.txt")
    added = inserted(old, sources.read_bytes()).decode()
    assert added.startswith("\n  - id: report\n    title: Annual report\n")
    assert '    date: "2024-05-02"\n    file: report.txt\n    checksum: sha256:' in added
    text = entities.read_text()
    assert "  - id: bo\n    type: person\n    name: Bo Chen  # trailing comment\n" in text
    assert "    # a comment about Bo, indented under him\n\n  - id: lima-group\n" in text
    # the relations went to the one file holding 'relations', then to the one named
    assert text.endswith("relations:   # none yet\n  - from: ann\n    type: met_with\n"
                         "    to: bo\n    source: memo\n    quote: \"Ann Lee met Bo Chen\"\n"
                         "\n  - from: bo\n    type: heads\n    to: lima-group\n"
                         "    source: memo\n    quote: \"Bo Chen runs the Lima Group\"\n")
    problems = kgraph_json("validate")["problems"]
    assert [p for p in problems if p["rule"] != "orphan"] == [], problems  # (Lima: no relation)


def test_an_invalid_change_is_refused_and_nothing_is_written(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    setup(tmp_path, LAYOUTS["comments and blank lines"])
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    cases = [
        # the id is taken
        (("add", "entity", "person", "Ann Lee", "--id", "ann", "--source", "memo", "--quote",
          "Ann Lee"), 2, "the id 'ann' is taken"),
        # a source nobody registered
        (("add", "entity", "person", "Cy", "--source", "memos", "--quote", "Ann"), 1,
         "evidence names unknown source 'memos' (did you mean 'memo'?)"),
        # the type does not allow these ends
        (("add", "relation", "Ann Lee", "heads", "Bo Chen", "--source", "memo", "--quote",
          "Ann Lee"), 1, "'heads' does not allow a person ('bo') as its target"),
        # an attribute its type does not have, a bad date
        (("add", "entity", "person", "Cy", "-A", "rank=3", "--source", "memo", "--quote",
          "Ann"), 2, "'person' has no attribute 'rank'"),
        (("add", "entity", "person", "Cy", "--date", "2024-13", "--source", "memo",
          "--quote", "Ann"), 2, "--date '2024-13' is not an ISO date"),
    ]
    for args, code, message in cases:
        result = kgraph(*args, code=code)
        assert message in result.stderr
        assert snapshot(tmp_path) == before


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = setup(tmp_path, LAYOUTS["comments and blank lines"])
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    real = atomic.os.replace

    def full_disk(src: object, dst: object) -> None:
        if str(dst).endswith("entities.yaml"):
            raise OSError(28, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "replace", full_disk)
    result = kgraph(*ADD, code=1)
    assert "no space left on device" in result.stderr
    assert path.read_bytes() == before["data/entities.yaml"]
    leftovers = set(snapshot(tmp_path)) - set(before)
    assert leftovers <= {"data/entities.yaml.bak"}  # the backup of the unchanged file


def test_a_file_changed_meanwhile_is_not_overwritten(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph import edit

    path = setup(tmp_path, LAYOUTS["dashes at the margin"])
    change = edit.plan_append(path, "entities", {"id": "x", "type": "person", "name": "X",
                                                 "source": "memo", "quote": "Ann"})
    path.write_text(path.read_text() + "# saved in an editor meanwhile\n")
    saved = path.read_bytes()
    with pytest.raises(edit.EditRefused, match="changed while kgraph was working"):
        edit.write(change)
    assert path.read_bytes() == saved


def big_project(folder: Path, n: int) -> Path:
    """A project whose check takes a while (``n`` entities)."""
    path = setup(folder, "entities:\n" + "".join(
        f"  - {{id: p{i}, type: person, name: Person {i}, source: memo, quote: Ann Lee}}\n"
        for i in range(n)))
    return path


def test_an_interrupted_edit_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    """Ctrl-C or kill at any moment of a real ``kgraph add``: the file is the old one or
    the new one, whole, and no temporary file is left."""
    path = big_project(tmp_path, 6000)
    old = path.read_bytes()
    env = {**os.environ, "KGRAPH_DATA": "", "PYTHONPATH": str(REPO)}
    env.pop("KGRAPH_DATA")
    command = [sys.executable, "-m", "kgraph", *ADD]
    outcomes = []
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6):
        path.write_bytes(old)
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        time.sleep(delay)
        process.send_signal(signal.SIGINT if delay < 1 else signal.SIGTERM)
        _, err = process.communicate(timeout=120)
        assert b"Traceback" not in err, err
        now = path.read_bytes()
        if now != old:  # the edit had finished: the new file, whole
            inserted(old, now)
        # 0: finished first; 130/143: the way out ran; -2/-15: the signal came while the
        # interpreter was shutting down (its handlers already gone), after the write
        assert process.returncode in {0, 130, 143, -2, -15}, (process.returncode, err)
        outcomes.append(process.returncode)
        assert not [p for p in (tmp_path / "data").iterdir() if p.name.endswith(".tmp")]
    assert {130, 143} & set(outcomes), outcomes  # some were interrupted before writing


def test_fmt_changes_the_layout_never_the_data(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    messy = ("# kept\nentities:\n- id: ann   \n  type: person\n  name:    Ann Lee\n"
             "  aliases: [A,   B]\n  source: memo\n  quote: 'Ann Lee'   # kept too\n\n\n"
             "- id: bo\n  type: person\n  name: Bo Chen\n  source: memo\n  quote: Bo Chen\n"
             "relations:\n    -   {from: ann, type: met_with, to: bo, source: memo, "
             "quote: Ann Lee met Bo Chen}\n")
    path = setup(tmp_path, messy)
    monkeypatch.chdir(tmp_path)
    before = load_file(path).root
    result = kgraph("fmt", "--check", code=1)
    assert result.stdout == "would reformat data/entities.yaml\n"
    assert path.read_text() == messy
    kgraph("fmt")
    text = path.read_text()
    assert text == ("# kept\nentities:\n  - id: ann\n    type: person\n    name: Ann Lee\n"
                    "    aliases: [A, B]\n    source: memo\n    quote: 'Ann Lee' # kept too\n"
                    "\n\n  - id: bo\n    type: person\n    name: Bo Chen\n    source: memo\n"
                    "    quote: Bo Chen\nrelations:\n  - {from: ann, type: met_with, to: bo, "
                    "source: memo, quote: Ann Lee met Bo Chen}\n")
    assert load_file(path).root == before
    assert (tmp_path / "data" / "entities.yaml.bak").read_text() == messy
    kgraph("fmt", "--check")


def test_the_bundled_data_is_formatted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert kgraph_json("fmt", "--check", "--data", "data") == {
        "checked": 4, "unformatted": [],
        "dataset": {"kind": "paths", "name": "data data", "paths": ["data"]}}
