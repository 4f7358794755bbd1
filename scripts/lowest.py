"""Print pip constraints pinning every runtime dependency of kgraph to the lowest version
its pyproject.toml allows (``name>=x`` becomes ``name==x``), for testing against them:

    pip install -c <(python scripts/lowest.py) -e ".[test]"
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in project["dependencies"]:
        m = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(?:\[[^\]]*\])?\s*(.*)$", spec)
        if not m:
            continue
        name, rest = m.groups()
        low = re.search(r">=\s*([0-9][^,;\s]*)", rest)
        if low is None:
            sys.stderr.write(f"lowest: {name} has no lower bound ({spec!r})\n")
            return 1
        sys.stdout.write(f"{name}=={low.group(1)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
