"""The documentation's examples are true: every YAML example parses, every `kgraph` command
line shown in docs/ and the README is a command with options that exist, the source ids
the format guide uses are the bundled data's, and so are the figures the docs give for it."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import typer.main
import yaml
from commandline import run_command

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


# What the docs say in figures about the bundled data, each as a pattern that must still
# be found (reword a sentence, and its pattern here with it) and whose figures must be the
# data's: the entities and relations `kgraph stats --json` counts, and the entities the
# timeline of `kgraph export gexf` shows from the start, undated.
BUNDLED_FIGURES = (
    ("docs/view.md",
     r"the bundled data \((?P<entities>[\d,]+) entities, (?P<relations>[\d,]+) relations\)"),
    ("docs/exports.md", (r"kgraph: wrote (?P<entities>[\d,]+) entities and "
                         r"(?P<relations>[\d,]+) relations as graphml to tco\.graphml")),
    ("docs/exports.md",
     r"what is undated \((?P<undated>[\d,]+) of the\s+(?P<entities>[\d,]+) entities"),
)
# the docs whose figures are about something else: generated data (scale.md), a
# project of one's own (projects.md); the README's figures are the output of commands,
# rewritten by scripts/update_readme.py and checked by test_readme.py
OTHER_DATA = {"scale.md", "projects.md", "README.md"}
# figures in the other docs that are not about the bundled data
NOT_BUNDLED = ("more than 5,000 entities",)
FIGURE = re.compile(r"\b\d[\d,]*\s+(?:entities|relations)\b")


def bundled_figures() -> dict[str, int]:
    data = str(ROOT / "data")
    stats = run_command("stats", "--json", "--data", data)
    assert stats.exit_code == 0, stats.output
    counts = json.loads(stats.stdout)
    gexf = run_command("export", "gexf", "-o", "-", "--data", data)
    assert gexf.exit_code == 0, gexf.output
    nodes = re.findall(r"<node\b[^>]*>", gexf.stdout)
    assert len(nodes) == counts["entities"]
    return {"entities": counts["entities"], "relations": counts["relations"],
            "undated": sum(1 for node in nodes if " start=" not in node)}


def test_the_docs_figures_for_the_bundled_data_are_its_own() -> None:
    figures = bundled_figures()
    claimed: dict[str, set[tuple[int, int]]] = {}
    for name, pattern in BUNDLED_FIGURES:
        text = (ROOT / name).read_text(encoding="utf-8")
        found = list(re.finditer(pattern, text))
        assert found, f"{name}: no longer says /{pattern}/: update BUNDLED_FIGURES"
        for m in found:
            line = text.count("\n", 0, m.start()) + 1
            for key, value in m.groupdict().items():
                assert int(value.replace(",", "")) == figures[key], (
                    f"{name}:{line}: says {value} {key}, the bundled data has {figures[key]}")
            claimed.setdefault(name, set()).add((m.start(), m.end()))
    # and no other figure of entities or relations in the docs about the bundled data
    # goes unchecked
    for path in DOCS:
        if path.name in OTHER_DATA:
            continue
        text = path.read_text(encoding="utf-8")
        for m in FIGURE.finditer(text):
            name = f"docs/{path.name}"
            inside = any(a <= m.start() < b for a, b in claimed.get(name, ()))
            context = text[max(0, m.start() - 30):m.end()]
            assert inside or any(x in " ".join(context.split()) for x in NOT_BUNDLED), (
                f"{name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group()!r} is not "
                "checked: add its sentence to BUNDLED_FIGURES (or NOT_BUNDLED)")


def doc_transcripts() -> list[tuple[str, str, list[str]]]:
    """docs/'s `$ kgraph ...` lines that run on the bundled data alone, each with the output
    lines written under it (README.md's are re-run by test_readme.py)."""
    out: list[tuple[str, str, list[str]]] = []
    for where, _, body in blocks(("console", "sh")):
        if where.startswith("README"):
            continue
        lines = body.replace("\\\n", " ").splitlines()
        prompt = any(line.startswith("$ ") for line in lines)  # (else commands alone)
        for k, raw in enumerate(lines):
            if not raw.removeprefix("$ " if prompt else "").startswith("kgraph "):
                continue
            command = re.split(r" #| >| 2>| \|", raw.removeprefix("$ "))[0].strip()
            shown = []
            for after in lines[k + 1:] if prompt else ():
                if after.startswith("$ "):
                    break
                shown.append(after.strip())
            # (a document or a revision of the reader's own, a browser, a server's path)
            if not re.search(r"--open|/srv/|sources/|kgraph diff", command):
                out.append((where, command, [s for s in shown if s]))
    return out


@pytest.mark.parametrize(("where", "command", "shown"), doc_transcripts(),
                         ids=[f"{w} {c[:40]}" for w, c, _ in doc_transcripts()])
def test_doc_commands_run_and_print_what_the_docs_show(
        where: str, command: str, shown: list[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # (no project here: the bundled data; outputs land here)
    monkeypatch.delenv("KGRAPH_DATA", raising=False)
    result = run_command(*shlex.split(command)[1:])
    assert result.exit_code == 0, f"{where}: {command}: {result.output}"
    for line in shown:
        assert line in result.output, f"{where}: {command}: the docs show {line!r}"
