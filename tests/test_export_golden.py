"""Golden files: the small fixture graph in every format, byte for byte (deterministic
order), as a user's export writes it (no positions, no notes). After an intended change,
regenerate them with
``KGRAPH_UPDATE_GOLDEN=1 pytest tests/test_export_golden.py`` and review the diff."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from test_export_support import FIXTURE, export_to, fixture_kg

from kgraph.exporters.privacy import SHARED

GOLDEN = FIXTURE / "golden"
CASES = [("graphml", "fixture.graphml"), ("gexf", "fixture.gexf"), ("json", "fixture.json"),
         ("rdf", "fixture.ttl"), ("rdf", "fixture.nt"), ("csv", "csv"), ("neo4j", "neo4j")]


def files(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return {path.name: path.read_bytes()}


@pytest.mark.parametrize("fmt,name", CASES, ids=[n for _, n in CASES])
def test_golden(fmt: str, name: str, tmp_path: Path) -> None:
    out = export_to(fixture_kg(), fmt, tmp_path, name, privacy=SHARED)
    again = export_to(fixture_kg(), fmt, tmp_path, "again-" + name, privacy=SHARED)
    assert list(files(out).values()) == list(files(again).values()), "not deterministic"
    golden = GOLDEN / name
    if os.environ.get("KGRAPH_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        if out.is_dir():
            golden.mkdir(exist_ok=True)
            for f, data in files(out).items():
                (golden / f).write_bytes(data)
        else:
            golden.write_bytes(out.read_bytes())
    assert golden.exists(), (f"{golden} is missing: run KGRAPH_UPDATE_GOLDEN=1 pytest "
                             "tests/test_export_golden.py")
    got, want = files(out), files(golden)
    if not out.is_dir():
        got, want = {"": got[name]}, {"": want[name]}
    assert sorted(got) == sorted(want)
    for f in want:
        assert got[f].decode("utf-8") == want[f].decode("utf-8"), f"{name}/{f} differs"


def test_zip_is_deterministic(tmp_path: Path) -> None:
    a = export_to(fixture_kg(), "csv", tmp_path, "a.zip", privacy=SHARED).read_bytes()
    b = export_to(fixture_kg(), "csv", tmp_path, "b.zip", privacy=SHARED).read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.zip") as z:
        assert {n: z.read(n) for n in z.namelist()} == files(GOLDEN / "csv")
