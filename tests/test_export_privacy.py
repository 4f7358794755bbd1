"""Files people share reveal nothing they did not put in on purpose.

The data lives under a folder with a recognisable name (an investigation and a user
name); every export format (every file of a directory export, every member of a zip),
the HTML page and every picture format must not contain it, nor any other part of the
absolute path, nor the curators' notes, unless asked for with --with-positions (then
relative to the project folder) or --with-notes.
"""

from __future__ import annotations

import re
import shutil
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_export_support import FIXTURE
from typer.testing import CliRunner, Result

from kgraph.cli import app, console

SECRET = "secret-investigation-jdoe"
NOTE = "curator's note"
ENV = {"COLUMNS": "200", "KGRAPH_DATA": None}

# (format, output name): every file format and every way of writing it
EXPORTS = [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json"),
           ("rdf", "g.ttl"), ("nt", "g.nt"), ("csv", "csv"), ("csv", "csv.zip"),
           ("neo4j", "neo4j"), ("neo4j", "neo4j.zip")]
PICTURES = ["p.svg", "p.png", "p.pdf"]


@pytest.fixture
def investigation(tmp_path: Path) -> Path:
    """A project folder named like an investigation, with a kgraph.toml, the fixture data
    (which has notes), and a source whose document is named by an absolute path."""
    root = tmp_path / SECRET
    data = root / "data"
    shutil.copytree(FIXTURE / "data", data)
    sources = (data / "sources.yaml").read_text(encoding="utf-8")
    (data / "sources.yaml").write_text(
        sources.replace("file: memo.txt",
                        f"file: {root}/documents/memo.txt\n    notes: {NOTE} on a source"),
        encoding="utf-8")
    assert f"{root}/documents" in (data / "sources.yaml").read_text(encoding="utf-8")
    (root / "kgraph.toml").write_text('[project]\nname = "Case"\ndata = ["data"]\n',
                                      encoding="utf-8")
    return root


def run(*args: str) -> Result:
    console.reset()
    result = CliRunner().invoke(app, list(args), env=ENV)
    console.reset()
    assert "Traceback" not in result.stdout + result.stderr
    return result


def pdf_text(blob: bytes) -> bytes:
    """A PDF's bytes with its compressed streams inflated (text is inside them)."""
    out = [blob]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", blob, re.DOTALL):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


def png_text(blob: bytes) -> bytes:
    """A PNG's bytes with its compressed text chunks (zTXt, iTXt) inflated."""
    out = [blob]
    pos = 8
    while pos + 8 <= len(blob):
        length = int.from_bytes(blob[pos:pos + 4], "big")
        kind, body = blob[pos + 4:pos + 8], blob[pos + 8:pos + 8 + length]
        if kind in (b"zTXt", b"iTXt"):
            for start in range(len(body)):
                try:
                    out.append(zlib.decompress(body[start:]))
                    break
                except zlib.error:
                    continue
        pos += 12 + length
    return b"\n".join(out)


def contents(path: Path) -> Iterator[tuple[str, bytes]]:
    """(name, readable bytes) of every file an output is made of."""
    if path.is_dir():
        for p in sorted(path.iterdir()):
            yield from contents(p)
    elif path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                assert SECRET not in name
                yield f"{path.name}:{name}", z.read(name)
    elif path.suffix == ".pdf":
        yield path.name, pdf_text(path.read_bytes())
    elif path.suffix == ".png":
        yield path.name, png_text(path.read_bytes())
    else:
        yield path.name, path.read_bytes()


def leaks(paths: list[Path], *forbidden: str) -> list[str]:
    found = []
    for path in paths:
        for name, blob in contents(path):
            for text in forbidden:
                if text.encode("utf-8") in blob:
                    found.append(f"{name}: {text}")
    return found


@pytest.mark.parametrize("inside", [False, True], ids=["data-given", "project"])
def test_no_export_reveals_where_the_data_is(investigation: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             inside: bool) -> None:
    """--data with an absolute path from elsewhere (positions would be absolute), or the
    project found from inside it: no path, no user name, no note in any file."""
    if inside:
        monkeypatch.chdir(investigation)
        flags: list[str] = []
    else:
        monkeypatch.chdir(tmp_path)
        flags = ["--data", str(investigation / "data")]
    out = tmp_path / "shared"
    paths = write_everything_with(out, flags)
    assert len(paths) == len(EXPORTS) + 1 + 4 + len(PICTURES)
    assert leaks(paths, SECRET, str(tmp_path), "jdoe", "/documents/", NOTE,
                 "entities.yaml", "relations.yaml") == []
    # the source's document keeps its name, not its folder
    assert b'"file":"memo.txt"' in (out / "g.json").read_bytes()


def write_everything_with(out: Path, flags: list[str]) -> list[Path]:
    """Exports with --data (when given) before the other options; pages and pictures too."""
    out.mkdir()
    written = []
    for fmt, name in EXPORTS:
        result = run("export", fmt, "-o", str(out / name), *flags)
        assert result.exit_code == 0, (fmt, result.stderr)
        written.append(out / name)
    result = run("export", "json", "-o", "-", *flags)
    assert result.exit_code == 0, result.stderr
    (out / "stdout.json").write_bytes(result.stdout_bytes)
    written.append(out / "stdout.json")
    pages = [["view", "-o", str(out / "page.html")],
             ["view", "Summit of 2018", "-o", str(out / "around.html")],
             *(["render", "-o", str(out / name)] for name in PICTURES),
             ["render", "Ana López", "-o", str(out / "around.svg")],
             ["render", "Ana López", "--depth", "2", "-o", str(out / "around.pdf")]]
    for args in pages:
        result = run(*args, *flags)
        assert result.exit_code == 0, (args, result.stderr)
        written.append(Path(args[-1]))
    return written


def test_positions_and_notes_only_when_asked(investigation: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # outside the project: paths would be absolute
    data = str(investigation / "data")
    plain = run("export", "json", "-o", "-", "--data", data)
    assert b'"where"' not in plain.stdout_bytes and NOTE.encode() not in plain.stdout_bytes
    kept = run("export", "json", "-o", "-", "--data", data, "--with-positions",
               "--with-notes")
    assert kept.exit_code == 0, kept.stderr
    text = kept.stdout
    assert SECRET not in text and str(tmp_path) not in text
    # positions relative to the data folder given (no project is in use: --data)
    assert '"where":"entities.yaml:2"' in text
    assert '"where":"relations.yaml:2"' in text
    assert f'"notes":"{NOTE}"' in text
    # from inside the project: relative to the project folder
    monkeypatch.chdir(investigation / "data")
    inside = run("export", "json", "-o", "-", "--with-positions")
    assert inside.exit_code == 0, inside.stderr
    assert '"where":"data/entities.yaml:2"' in inside.stdout
    assert NOTE not in inside.stdout  # (no --with-notes)
    # every format carries them when asked, and never the folder above the project
    paths = []
    for fmt, name in EXPORTS:
        target = tmp_path / "kept" / name
        target.parent.mkdir(exist_ok=True)
        result = run("export", fmt, "-o", str(target), "--with-positions", "--with-notes")
        assert result.exit_code == 0, (fmt, result.stderr)
        paths.append(target)
    assert leaks(paths, SECRET, str(tmp_path), "jdoe", "/documents/") == []
    for path in paths:
        blobs = b"".join(blob for _, blob in contents(path))
        assert b"data/entities.yaml:" in blobs, path
        assert NOTE.encode("utf-8") in blobs or NOTE.replace("'", "\\'").encode() in blobs, path


def test_privacy_rules_in_the_library(tmp_path: Path) -> None:
    from kgraph.exporters.privacy import SHARED, Privacy, relative_positions

    assert SHARED.dropped() == {"where", "notes"}
    # evidence notes go with the other notes
    kept = SHARED.finish({"evidence": [{"source": "s", "quote": "q", "notes": NOTE}]})
    assert kept == {"evidence": [{"source": "s", "quote": "q"}]}
    assert Privacy(notes=True).finish({"evidence": [{"notes": NOTE}]}) == {
        "evidence": [{"notes": NOTE}]}
    # a source's document: relative names stay, absolute paths keep their last part
    for file, shown in (("memo.txt", "memo.txt"), ("docs/memo.txt", "docs/memo.txt"),
                        (f"/home/jdoe/{SECRET}/memo.txt", "memo.txt"),
                        (f"C:\\Users\\jdoe\\{SECRET}\\memo.txt", "memo.txt"),
                        ("~/memo.txt", "memo.txt")):
        assert SHARED.source({"id": "s", "file": file, "notes": NOTE}) == {
            "id": "s", "file": shown}
    # positions relative to the first root that holds the file, else the file's name
    root = tmp_path / SECRET
    (root / "data").mkdir(parents=True)
    rewrite = relative_positions([root], cwd=tmp_path)
    assert rewrite(f"{root}/data/entities.yaml:42") == "data/entities.yaml:42"
    assert rewrite(f"{SECRET}/data/entities.yaml:7") == "data/entities.yaml:7"
    assert rewrite("/elsewhere/x.yaml:3") == "x.yaml:3"
    assert rewrite("no-line") == "no-line"
