"""One option vocabulary across commands (docs/cli.md): every option of every command is in
the table with the same short form, no short form means two things, and the commands that
read data or print listings all take the shared options."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from kgraph.cli import app

DOC = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| `(--[a-z-]+)[^`]*`(?: / `(--[a-z-]+)[^`]*`)? \| (?:`(-[a-zA-Z])`)? *\|", re.MULTILINE)


def documented() -> dict[str, str]:
    """Long option -> its short form ('' when it has none), from docs/cli.md."""
    table: dict[str, str] = {}
    for m in ROW.finditer(DOC):
        table[m.group(1)] = m.group(3) or ""
        if m.group(2):
            table[m.group(2)] = ""
    return table


def commands() -> list[tuple[str, object]]:
    out = []

    def walk(c: object, prefix: str) -> None:
        subs = getattr(c, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{prefix} {name}".strip())
        else:
            out.append((prefix, c))

    walk(typer.main.get_command(app), "")
    return out


def options(cmd: object) -> list[tuple[list[str], list[str]]]:
    """(long names, short names) of each option of a command."""
    found = []
    for p in getattr(cmd, "params", []):
        if getattr(p, "param_type_name", "") != "option":
            continue
        names = [*p.opts, *p.secondary_opts]
        found.append(([o for o in names if o.startswith("--")],
                      [o for o in names if not o.startswith("--")]))
    return found


def test_the_table_is_read() -> None:
    table = documented()
    assert table["--data"] == "-d" and table["--limit"] == "-n" and table["--depth"] == ""
    assert table["--no-evidence"] == ""


@pytest.mark.parametrize("name", [name for name, _ in commands()])
def test_every_option_is_in_the_vocabulary(name: str) -> None:
    table = documented()
    cmd = dict(commands())[name]
    for longs, shorts in options(cmd):
        for long in longs:
            assert long in table, f"kgraph {name}: {long} is not in docs/cli.md"
        expected = {table[long] for long in longs if table.get(long)}
        assert set(shorts) == expected, (
            f"kgraph {name} {longs}: short form {shorts}, docs/cli.md says {sorted(expected)}")


def test_a_short_form_means_one_thing() -> None:
    meaning: dict[str, set[str]] = {}
    for _, cmd in commands():
        for longs, shorts in options(cmd):
            for short in shorts:
                meaning.setdefault(short, set()).add(longs[0])
    shared = {s: m for s, m in meaning.items() if len(m) > 1}
    assert not shared, f"short forms with two meanings: {shared}"


READS_DATA = {"validate", "stats", "search", "show", "neighbours", "path", "lineage",
              "timeline", "ask", "export", "view", "render"}


@pytest.mark.parametrize("name", sorted(READS_DATA))
def test_commands_that_read_data_take_the_shared_options(name: str) -> None:
    cmd = dict(commands())[name]
    longs = {long for ls, _ in options(cmd) for long in ls}
    assert {"--data", "--no-cache"} <= longs
    if name != "validate":
        assert "--as-of" in longs, f"kgraph {name} has no --as-of"


@pytest.mark.parametrize("name", ["neighbours", "timeline", "export", "view", "render"])
def test_graph_walks_take_type_and_relation(name: str) -> None:
    cmd = dict(commands())[name]
    longs = {long for ls, _ in options(cmd) for long in ls}
    assert {"--type", "--relation"} <= longs


def test_version() -> None:
    from kgraph import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"kgraph {__version__}\n"


@pytest.mark.parametrize("args", [
    ["view", "--depth", "2", "-o", "x.html"],
    ["render", "-o", "x.jpg"],
    ["timeline", "--from", "2019", "--to", "2018"],
    ["show", "no such entity at all"],
])
def test_every_message_starts_with_kgraph(args: list[str], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph.cli import console

    monkeypatch.chdir(tmp_path)
    console.reset()
    result = CliRunner().invoke(app, args)
    console.reset()
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("kgraph: "), result.stderr


def test_a_command_line_built_for_one_command_is_that_command() -> None:
    """`kgraph CMD ...` builds only CMD (start-up): the same options, help and arguments as
    in the whole command line, and every command reachable so."""
    import typer.main

    from kgraph.cli.commands import COMMANDS, app, build

    whole = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert sorted(whole) == sorted(COMMANDS)
    for name in COMMANDS:
        alone = typer.main.get_command(build(name)).commands  # type: ignore[attr-defined]
        assert list(alone) == [name]
        ours, theirs = alone[name], whole[name]
        assert [p.name for p in ours.params] == [p.name for p in theirs.params], name
        assert [p.opts for p in ours.params] == [p.opts for p in theirs.params], name
        assert ours.help == theirs.help and ours.hidden == theirs.hidden, name
