"""Text from the data is shown, never obeyed: escape sequences, other control characters
and bidirectional overrides in names are printed escaped by every command; an ASCII-only
locale gets escapes, not a traceback; ids that differ only by case are warned about; and a
name taken other than as written is said to be."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE = "Evil\x1b[31mRed\x07Bell\u202eReversed"
DATA = f"""\
sources:
  - {{id: s, title: "Report \\u202eafed"}}
entities:
  - id: evil
    type: person
    name: "{HOSTILE.encode('unicode_escape').decode()}"
    aliases: ["Señor Ñandú", "Ωmega"]
    source: s
    quote: q
  - id: other
    type: person
    name: Other Person
    source: s
    quote: q
  - id: extra-person-2
    type: person
    name: Extra Person Two
    source: s
    quote: q
relations:
  - {{from: evil, type: met_with, to: other, source: s, quote: q}}
"""


def kgraph(args: list[str], tmp: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "kgraph", *args, "--data", str(tmp / "d.yaml")],
                          capture_output=True, timeout=120, check=False, cwd=tmp,
                          env={**os.environ, "KGRAPH_CACHE_DIR": str(tmp / "cache"), **env})


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "d.yaml").write_text(DATA, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("args", [["show", "evil"], ["search", "evil"], ["neighbours", "other"],
                                  ["stats"], ["path", "evil", "other"], ["timeline"],
                                  ["ask", "who did Other Person meet?"], ["validate"]])
def test_control_characters_from_the_data_are_escaped(data: Path, args: list[str]) -> None:
    done = kgraph(args, data)
    out = done.stdout + done.stderr
    assert b"Traceback" not in out
    for raw in (b"\x1b", b"\x07", "\u202e".encode()):
        assert raw not in out, (args, out[:300])


@pytest.mark.parametrize("args", [["show", "evil"], ["validate"], ["search", "se\u00f1or"],
                                  ["ask", "who is Señor Ñandú?"]])
def test_an_ascii_only_locale_gets_escapes_not_a_traceback(data: Path, args: list[str]) -> None:
    done = kgraph(args, data, PYTHONIOENCODING="ascii")
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")


def test_ids_differing_only_by_case_are_warned_about(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text(
        "sources:\n  - {id: s, title: S}\nentities:\n"
        "  - {id: foo, type: person, name: Foo One, source: s, quote: q}\n"
        "  - {id: Foo, type: person, name: Foo Two, source: s, quote: q}\n", encoding="utf-8")
    done = kgraph(["validate"], tmp_path)
    assert done.returncode == 0
    assert b"d.yaml:5:10: warning: id 'Foo' differs from 'foo'" in done.stdout
    assert b"[case-only-id]" in done.stdout
    assert kgraph(["validate", "--strict"], tmp_path).returncode == 1


def test_a_name_taken_other_than_as_written_is_said(data: Path) -> None:
    done = kgraph(["show", "extra person"], data)
    assert done.returncode == 0
    assert b"kgraph: 'extra person' taken as 'Extra Person Two' (extra-person-2)" in done.stderr
    done = kgraph(["show", "Other Persn"], data)
    assert done.returncode == 0
    assert b"taken as 'Other Person' (other), the closest name" in done.stderr
    done = kgraph(["show", "Other Person"], data)
    assert done.stderr == b""
