"""The documentation's examples are true: every YAML example parses, every `kgraph` command
line shown in docs/ and the README is a command with options that exist, and the source ids
the format guide uses are the bundled data's."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer.main
import yaml

from kgraph.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
BLOCK = re.compile(r"```(\w[\w-]*)\n(.*?)```", re.DOTALL)


def blocks(kinds: tuple[str, ...]) -> list[tuple[str, int, str]]:
    out = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for m in BLOCK.finditer(text):
            if m.group(1) in kinds:
                line = text.count("\n", 0, m.start()) + 1
                out.append((f"{path.name}:{line}", line, m.group(2)))
    return out


@pytest.mark.parametrize(("where", "line", "body"), blocks(("yaml",)),
                         ids=[w for w, _, _ in blocks(("yaml",))])
def test_yaml_examples_parse(where: str, line: int, body: str) -> None:
    # an elided part of an example is written "..." on a line of its own
    text = "\n".join(x for x in body.splitlines() if x.strip() not in ("...", "…"))
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as exc:
        pytest.fail(f"{where}: the YAML example does not parse: {exc}")


def command_lines() -> list[tuple[str, str]]:
    out = []
    for where, _, body in blocks(("console", "sh", "shell", "bash", "shell-session")):
        joined = body.replace("\\\n", " ")
        for raw in joined.splitlines():
            text = raw.strip()
            text = text.removeprefix("$ ")
            if not text.startswith("kgraph ") or "|" in text or "<" in text:
                continue
            text = re.split(r" #| >| 2>", text)[0].strip()  # (comments, redirections)
            out.append((where, text))
    return out


@pytest.mark.parametrize(("where", "command"), command_lines(),
                         ids=[f"{w} {c[:40]}" for w, c in command_lines()])
def test_command_examples_are_valid(where: str, command: str) -> None:
    args = shlex.split(command)[1:]
    group = typer.main.get_command(app)
    cmd = group
    path = ["kgraph"]
    while hasattr(cmd, "commands") and args and not args[0].startswith("-"):
        name = args.pop(0)
        assert name in cmd.commands, f"{where}: '{' '.join(path)} {name}' is not a command"
        cmd = cmd.commands[name]
        path.append(name)
    if hasattr(cmd, "commands"):
        return  # a group shown with its own options (kgraph --version)
    try:
        ctx = cmd.make_context(" ".join(path), list(args), resilient_parsing=False)
        ctx.close()
    except Exception as exc:  # click.s class lives in typer._click on new Typer
        if "ClickException" not in {k.__name__ for k in type(exc).__mro__}:
            raise  # not a usage error: a bug worth its own traceback
        pytest.fail(f"{where}: {command!r}: {exc}")


def test_source_ids_in_the_format_guide_exist() -> None:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    data = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    known = {s["id"] for s in data["sources"]}
    defined = set(re.findall(r"-\s*(?:\{\s*)?id:\s*([\w-]+)", text))  # the guide's own
    used = set(re.findall(r"\bsource:\s*([\w-]+)", text))
    missing = sorted(used - known - defined - {"S", "s"})
    assert not missing, f"docs/format.md uses source ids that exist nowhere: {missing}"


def test_the_readme_lists_each_source_document_with_its_checksum() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sources = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    rows = {m.group(1): (m.group(2), m.group(3))
            for m in re.finditer(r"^\| `([\w-]+)` \|.*\| `([0-9a-f]{8})…([0-9a-f]{6,})` \|$",
                                 text, re.MULTILINE)}
    assert set(rows) == {s["id"] for s in sources["sources"]}
    for source in sources["sources"]:
        digest = source["checksum"].removeprefix("sha256:")
        head, tail = rows[source["id"]]
        assert digest.startswith(head) and digest.endswith(tail), source["id"]
