"""The listing options every listing command shares, checked against each other on the
bundled data: --count is the JSON total, --ids lists that many, pages (--limit/--offset)
cover the listing once, --jsonl gives a page as records, and plain output says what it left
out.
A screenful (25) is the default on a terminal only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from commandline import run_command

from kgraph.cli import options

LISTINGS = [
    ("neighbours", "united-states"),
    ("lineage", "trilateral-summit-2017"),
    ("timeline",),
    ("search", "attorney"),
    ("ask", "who attended the Trilateral Summit?"),
]


def out(*args: str) -> str:
    result = run_command(*args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def ids_of(*args: str) -> list[str]:
    return out(*args, "--ids").splitlines()


@pytest.mark.parametrize("command", LISTINGS, ids=[c[0] for c in LISTINGS])
def test_count_ids_and_pages_agree(command: tuple[str, ...]) -> None:
    total = json.loads(out(*command, "--json"))["total"]
    assert int(out(*command, "--count")) == total
    everything = ids_of(*command, "--limit", "0")
    assert len(everything) == total >= 4
    # pages of 2 cover the whole listing once (a page is chosen by rank, shown in the
    # listing's own order: a tree, dates)
    pages = [ids_of(*command, "-n", "2", "--offset", str(k)) for k in range(0, total, 2)]
    assert all(len(page) == 2 for page in pages[:-1])
    assert sorted(i for page in pages for i in page) == sorted(everything)
    page: dict[str, Any] = json.loads(out(*command, "--json", "--limit", "2"))
    assert (page["total"], page["shown"], page["limit"], page["truncated"]) == (total, 2, 2,
                                                                                 True)
    assert page["left_out"]["entities"] >= 1
    records = [json.loads(line) for line in out(*command, "--jsonl", "-n", "3").splitlines()]
    assert len(records) == 3 and all("id" in r for r in records)
    assert "… and" in out(*command, "-n", "2") and "more" in out(*command, "-n", "2")


@pytest.mark.parametrize("command", LISTINGS, ids=[c[0] for c in LISTINGS])
def test_options_that_exclude_each_other_are_a_usage_error(command: tuple[str, ...]) -> None:
    result = run_command(*command, "--count", "--ids")
    assert result.exit_code == 2 and "exclude each other" in result.stderr


def test_a_screenful_on_a_terminal_everything_for_pipes_and_scripts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(options.sys.stdout, "isatty", lambda: True, raising=False)
    assert options.effective_limit(None, False) == options.TERMINAL_LIMIT == 25
    assert options.effective_limit(None, True) is None  # --json: all
    assert options.effective_limit(0, False) is None  # --limit 0: all
    assert options.effective_limit(7, False) == 7
    monkeypatch.setattr(options.sys.stdout, "isatty", lambda: False, raising=False)
    assert options.effective_limit(None, False) is None  # piped: all
