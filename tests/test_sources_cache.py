"""``validate --sources`` with the compiled graph cached: the data is not parsed or checked
again, a document is searched again only when its bytes changed, and every answer is the
one a run without the cache gives (a changed document, a changed quote, a damaged file)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kgraph import compiler, quoteindex, store, validate
from kgraph.cli import app, console
from kgraph.inputs import inputs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generate import generate

    out = tmp_path_factory.mktemp("generated")
    generate(300, 1500, out, seed=3, entities_per_file=100, relations_per_file=500)
    return out


@pytest.fixture
def data(generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the generated data (its documents in ``sources/``), worked on
    from ``tmp_path`` with a cache of its own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return Path(shutil.copytree(generated, tmp_path / "data"))


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the data was checked and how many documents were searched."""
    counts = {"checks": 0, "documents": 0}
    check, containing = validate.check, quoteindex.Document.containing

    def counting_check(*args, **kwargs):
        counts["checks"] += 1
        return check(*args, **kwargs)

    def counting_containing(self, quotes):
        counts["documents"] += 1
        return containing(self, quotes)

    monkeypatch.setattr(validate, "check", counting_check)
    monkeypatch.setattr(quoteindex.Document, "containing", counting_containing)
    return counts


def run(data: Path, *more: str) -> tuple[int, str]:
    console.reset()
    result = CliRunner().invoke(app, ["validate", "--data", "data", "--sources",
                                      str(data / "sources"), *more])
    console.reset()
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout


def quote_problems(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.endswith("[quote-not-found]")]


def cut(document: Path, passage: str) -> None:
    """Take ``passage`` out of ``document`` (the rest of its bytes unchanged)."""
    text = document.read_text(encoding="utf-8")
    assert passage in text
    document.write_text(text.replace(passage, "x" * len(passage)), encoding="utf-8")


def first_quote(data: Path) -> tuple[str, str, int]:
    """A quote of the first relation file: (source id, quote, its line)."""
    lines = (data / "relations-0001.yaml").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        if line.strip().startswith("quote: "):
            source = next(x for x in reversed(lines[:n]) if "source: " in x)
            return source.split("source: ")[1], line.split("quote: ", 1)[1], n + 1
    raise AssertionError("no quote")


def document_of(data: Path, source: str) -> Path:
    text = (data / "sources.yaml").read_text(encoding="utf-8")
    block = text.split(f"id: {source}\n", 1)[1]
    name = block.split("file: ", 1)[1].split("\n", 1)[0]
    return data / "sources" / name


def test_with_the_graph_cached_nothing_is_parsed_or_checked_again(
        data: Path, work: dict[str, int]) -> None:
    cold = run(data)
    assert cold[0] == 0 and work["checks"] >= 1
    assert work["documents"] == len(list((data / "sources").iterdir()))
    work.update(checks=0, documents=0)
    assert run(data) == cold
    assert work == {"checks": 0, "documents": 0}  # each document read, none searched
    assert run(data, "--no-cache") == cold


def test_a_changed_document_is_searched_again(data: Path, work: dict[str, int]) -> None:
    source, quote, line = first_quote(data)
    clean = run(data)
    document = document_of(data, source)
    original, stat = document.read_bytes(), document.stat()
    cut(document, quote)  # the same size...
    os.utime(document, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # ...and time
    work.update(checks=0, documents=0)
    code, out = run(data)
    assert code == 1 and work == {"checks": 0, "documents": 1}
    assert f"data/relations-0001.yaml:{line}:12: error: quote not found verbatim in source " \
           f"'{source}' ({document.name}): " in out
    assert (code, out) == run(data, "--no-cache")
    document.write_bytes(original)
    work.update(checks=0, documents=0)
    assert run(data) == clean
    assert work == {"checks": 0, "documents": 1}


def test_a_changed_quote_is_checked_again(data: Path) -> None:
    run(data)
    source, quote, line = first_quote(data)
    path = data / "relations-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        f"quote: {quote}\n", f"quote: {quote} and more\n", 1), encoding="utf-8")
    code, out = run(data)
    changed = quote + " and more"
    short = changed if len(changed) <= 60 else changed[:57] + "..."
    assert code == 1
    assert quote_problems(out) == [
        (f"data/relations-0001.yaml:{line}:12: error: quote not found verbatim in source "
         f"'{source}' ({document_of(data, source).name}): {short!r} [quote-not-found]")]
    assert (code, out) == run(data, "--no-cache")


@pytest.mark.parametrize("checked_whole", [True, False])
def test_damaged_kept_results_are_never_trusted(data: Path, work: dict[str, int],
                                                checked_whole: bool,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    if not checked_whole:  # as a large file is: each block checked when first read
        monkeypatch.setattr(store, "CHECK_WHOLE_BELOW", 0)
    source, quote, _ = first_quote(data)
    cut(document_of(data, source), quote)
    expected = run(data, "--no-cache")
    assert expected[0] == 1
    assert run(data) == expected
    (found,) = (data.parent / "cache").glob("found-*")
    found.write_bytes(found.read_bytes()[:-3] + b"xyz")
    work.update(checks=0, documents=0)
    assert run(data) == expected
    assert work["checks"] == 0 and work["documents"] > 1  # searched again, not trusted
    (graph,) = (data.parent / "cache").glob("graph-*")
    raw = bytearray(graph.read_bytes())
    at = raw.rindex(quote.encode())  # in the kept evidence
    raw[at:at + 3] = b"???"
    graph.write_bytes(bytes(raw))
    work.update(checks=0, documents=0)
    assert run(data) == expected
    assert work["checks"] == 1  # compiled again
    assert run(data) == expected


def test_validate_without_sources_reports_no_documents_problems(data: Path) -> None:
    """What the documents' check found is not kept as the data's own problems."""
    source, _, _ = first_quote(data)
    document = document_of(data, source)
    sources = data / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        f"file: {document.name}\n", f"file: {document.name}\n    checksum: sha256:00\n"),
        encoding="utf-8")
    code, out = run(data)
    assert code == 0 and "[checksum]" in out
    console.reset()
    result = CliRunner().invoke(app, ["validate", "--data", "data"])
    assert result.exit_code == 0 and "[checksum]" not in result.stdout
    assert "0 warning(s)" in result.stdout


def test_two_processes_check_the_documents_as_one_does(data: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    source, quote, _ = first_quote(data)
    cut(document_of(data, source), quote)
    last = max(data.glob("relations-*.yaml"))
    lines = last.read_text(encoding="utf-8").splitlines()
    n = next(i for i in range(len(lines) - 1, 0, -1) if "quote: " in lines[i])
    lines[n] = lines[n].replace("quote: ", "quote: not in any document, ")
    last.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(compiler, "PARALLEL_ABOVE", 10_000)
    assert compiler.plan(inputs([data]).reread()) is not None
    outputs = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / f"cache-{jobs}"))
        monkeypatch.setenv("KGRAPH_JOBS", jobs)
        outputs.append(run(data))
        outputs.append(run(data))
    assert len(set(outputs)) == 1
    code, out = outputs[0]
    assert code == 1 and len(quote_problems(out)) >= 2
    assert f"data/{last.name}:{n + 1}:" in out
