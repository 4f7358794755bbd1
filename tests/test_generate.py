"""benchmarks/generate.py: deterministic for a seed, valid data (quotes in the sources
included), files of bounded size, skewed degrees."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kgraph.cli import app, console

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate


def contents(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate(300, 1500, out, seed=7, entities_per_file=100, relations_per_file=500)
    return out


def test_the_same_seed_gives_the_same_files(generated: Path, tmp_path: Path) -> None:
    generate(300, 1500, tmp_path / "again", seed=7, entities_per_file=100,
             relations_per_file=500)
    assert contents(tmp_path / "again") == contents(generated)
    generate(300, 1500, tmp_path / "other", seed=8, entities_per_file=100,
             relations_per_file=500)
    assert contents(tmp_path / "other") != contents(generated)


def test_the_data_validates_with_its_sources(generated: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    console.reset()
    result = CliRunner().invoke(app, ["validate", "--data", str(generated), "--sources",
                                      str(generated / "sources"), "--strict", "--json"])
    console.reset()
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["problems"] == []
    assert (report["entities"], report["relations"]) == (300, 1500)
    assert report["sources"] >= 3


def test_files_are_split_and_bounded(generated: Path) -> None:
    names = sorted(p.name for p in generated.glob("*.yaml"))
    assert names == ["entities-0001.yaml", "entities-0002.yaml", "entities-0003.yaml",
                     "relations-0001.yaml", "relations-0002.yaml", "relations-0003.yaml",
                     "sources.yaml"]
    manifest = json.loads((generated / "benchmark.json").read_text())
    assert set(manifest) >= {"path", "neighbours", "lineage", "ask"}


def test_degrees_are_skewed_and_types_varied(generated: Path) -> None:
    from kgraph.api import load_graph

    kg = load_graph([generated])
    degrees = sorted((d for _, d in kg.graph.degree()), reverse=True)
    assert degrees[0] >= 10 * degrees[len(degrees) // 2]  # hubs
    types = Counter(t for _, t in kg.graph.nodes(data="type"))
    relation_types = Counter(k for _, _, k in kg.graph.edges(keys=True))
    assert len(types) >= 15 and len(relation_types) >= 20
    with_aliases = sum(1 for _, a in kg.graph.nodes(data="aliases") if a)
    dated = sum(1 for _, d in kg.graph.nodes(data=True) if d.get("date") or d.get("start"))
    assert with_aliases > 50 and dated > 30
