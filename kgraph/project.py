"""Where the data is: ``--data`` paths, ``KGRAPH_DATA``, or the bundled dataset."""

from __future__ import annotations

import os
from pathlib import Path

from kgraph.errors import UsageError

YAML_SUFFIXES = (".yaml", ".yml")
ENV_VAR = "KGRAPH_DATA"


def bundled_data_dir() -> Path:
    """The dataset shipped with kgraph (inside the wheel, or ``data/`` in a checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "_data"
    if packaged.is_dir():
        return packaged
    return here.parent / "data"


def bundled_schema() -> Path:
    return bundled_data_dir() / "schema.yaml"


def data_paths(given: list[Path] | None) -> list[Path]:
    """The data roots: ``--data`` values, else ``KGRAPH_DATA`` (os.pathsep-separated),
    else the bundled dataset."""
    if given:
        return list(given)
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return [bundled_data_dir()]


def discover(roots: list[Path]) -> list[Path]:
    """Every YAML file under the roots, in a stable order; a root may be one file."""
    files: list[Path] = []
    seen: set[Path] = set()
    for root in roots:
        if root.is_dir():
            found = sorted(p for p in root.rglob("*")
                           if p.suffix.lower() in YAML_SUFFIXES and p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(root).parts))
            if not found:
                raise UsageError(f"no .yaml or .yml files in data directory '{root}'")
        elif root.is_file():
            found = [root]
        elif root.exists():
            raise UsageError(f"data path '{root}' is neither a file nor a directory")
        else:
            raise UsageError(f"data path '{root}' does not exist")
        for path in found:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files
