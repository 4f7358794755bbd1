"""Every path under ``--data`` is read or reported: linked directories are read, and what
cannot be read (a directory that cannot be listed, a FIFO, a device, a link that leads
nowhere or round in a loop) is an error that names it. File names that are not UTF-8
are shown escaped, never a crash."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from commandline import run_command as run

from kgraph import project

SMALL = Path(__file__).parent / "fixtures" / "small"
MORE = """entities:
  - {id: zed, type: person, name: Zed, source: memo, quote: Alice met Bob}
"""


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return Path(shutil.copytree(SMALL, tmp_path / "data"))


def validate(data: Path, *more: str) -> dict[str, object]:
    result = run("validate", "--data", str(data), "--json", *more)
    return json.loads(result.stdout)  # type: ignore[attr-defined,no-any-return]


def test_a_linked_directory_is_read(data: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "more.yaml").write_text(MORE)
    (data / "linked").symlink_to(elsewhere)
    (data / "back-up").symlink_to(data)  # a link back up: read once, not forever
    out = validate(data)
    assert out["ok"], out["problems"]
    assert out["entities"] == 13  # the fixture's 12 and Zed
    assert "linked/more.yaml" in " ".join(out["files"])  # type: ignore[arg-type]


@pytest.mark.parametrize("odd", ["fifo", "dev-zero", "loop", "dangling", "unlistable"])
def test_what_cannot_be_read_is_reported_with_its_name(data: Path, odd: str,
                                                       monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    if odd == "fifo":
        os.mkfifo(data / "x.yaml")  # (reading it would wait forever for a writer)
        name, why = "x.yaml", "named pipe"
    elif odd == "dev-zero":
        (data / "x.yaml").symlink_to("/dev/zero")  # (reading it would never end)
        name, why = "x.yaml", "device"
    elif odd == "loop":
        (data / "x.yaml").symlink_to(data / "x.yaml")
        name, why = "x.yaml", "loop"
    elif odd == "dangling":
        (data / "x.yaml").symlink_to(data / "nowhere.yaml")
        name, why = "x.yaml", "No such file"
    else:
        hidden = data / "private"
        hidden.mkdir()
        (hidden / "more.yaml").write_text(MORE)
        # (the tests run as root, who can list anything: the calls answer as they do for
        # a user who may not read the directory)
        real_scandir, real_listdir = os.scandir, os.listdir

        def denied(real):  # type: ignore[no-untyped-def]
            def call(path: object = ".") -> object:
                if Path(str(path)) == hidden:
                    raise PermissionError(13, "Permission denied", str(path))
                return real(path)
            return call

        monkeypatch.setattr(project.os, "scandir", denied(real_scandir))
        monkeypatch.setattr(project.os, "listdir", denied(real_listdir))
        name, why = "private", "Permission denied"
    for extra in ([], ["--no-cache"]):
        out = validate(data, *extra)
        assert not out["ok"]
        errors = [p for p in out["problems"] if p["severity"] == "error"]  # type: ignore[union-attr,index]
        assert [p["file"].rsplit("/", 1)[-1] for p in errors] == [name], errors
        assert why in errors[0]["message"], errors
    result = run("show", "alice", "--data", str(data))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert name in result.stderr  # type: ignore[attr-defined]


def test_a_file_name_that_is_not_utf8_is_shown_escaped(data: Path) -> None:
    raw = os.fsencode(data) + b"/more-\xff.yaml"
    with open(raw, "w", encoding="utf-8") as fh:
        fh.write(MORE)
    for extra in ([], ["--no-cache"]):
        out = validate(data, *extra)
        assert out["ok"], out["problems"]
        assert out["entities"] == 13
        assert any(f.endswith("more-\\xff.yaml") for f in out["files"])  # type: ignore[union-attr]
    result = run("validate", "--data", str(data))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert run("show", "zed", "--data", str(data)).exit_code == 0  # type: ignore[attr-defined]
    with open(raw, "a", encoding="utf-8") as fh:  # and a problem in it names it
        fh.write("  - {id: zed2, type: person}\n")
    result = run("validate", "--data", str(data))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "more-\\xff.yaml:3:" in result.stdout  # type: ignore[attr-defined]
