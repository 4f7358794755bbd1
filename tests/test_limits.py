"""Resource attacks: each is rejected (or handled) with a clear message, in bounded time and
memory, and never a traceback or a crash.

Each case runs ``kgraph validate`` in a subprocess that reports its own peak RSS. The bounds
are generous (they guard against hangs and unbounded growth, they are not benchmarks).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

MAX_SECONDS = 30
MAX_RSS_MB = 1536

DRIVER = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))  # a safety net: never the box
from kgraph.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
sys.stderr.write(f"PEAK_RSS_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
sys.exit(code)
"""


def validate(path: Path, tmp_path: Path) -> tuple[int, str, str, float, float]:
    """Run ``kgraph validate --data path``: exit code, stdout, stderr, seconds, peak MB."""
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    started = time.monotonic()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        try:
            proc = subprocess.run([sys.executable, "-c", DRIVER, "validate", "--data",
                                   str(path)], stdout=stdout, stderr=stderr,
                                  timeout=MAX_SECONDS * 2, cwd=tmp_path, check=False)
        except subprocess.TimeoutExpired:
            pytest.fail(f"kgraph validate still running after {MAX_SECONDS * 2} s")
    seconds = time.monotonic() - started
    stderr_text = err.read_text(errors="replace")
    m = re.search(r"PEAK_RSS_KB (\d+)", stderr_text)
    assert m, f"no report from the driver (crashed? exit {proc.returncode}): {stderr_text}"
    stderr_text = stderr_text[: m.start()]
    return (proc.returncode, out.read_text(errors="replace"), stderr_text, seconds,
            int(m.group(1)) / 1024)


def check_bounded(code: int, stdout: str, stderr: str, seconds: float, rss_mb: float,
                  expected_code: int = 1) -> list[str]:
    assert code == expected_code, (code, stdout[-2000:], stderr[-2000:])
    assert "Traceback" not in stdout + stderr
    assert stderr == ""
    assert seconds < MAX_SECONDS, f"took {seconds:.1f} s"
    assert rss_mb < MAX_RSS_MB, f"peak RSS {rss_mb:.0f} MB"
    return stdout.splitlines()


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    # nine levels of nine aliases: 9**10 (3.5 billion) values once expanded
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    lines.append("entities: *a9")
    data = tmp_path / "laughs.yaml"
    data.write_text("\n".join(lines) + "\n")
    report = check_bounded(*validate(data, tmp_path))
    assert len(report) == 2
    assert re.fullmatch(r".*laughs\.yaml:\d+:\d+: error: refusing to load more than "
                        r"2,000,000 values \(alias expansion\?\) \[yaml-limit\]", report[0])


@pytest.mark.parametrize(("kind", "depth"), [("flow", 10_000), ("flow", 1_000_000),
                                             ("mapping", 10_000), ("block", 3_000),
                                             ("dashes", 10_000)])
def test_very_deep_nesting_is_refused(tmp_path: Path, kind: str, depth: int) -> None:
    data = tmp_path / "deep.yaml"
    if kind == "flow":
        data.write_text("entities: " + "[" * depth + "]" * depth + "\n")
        where = "1:74"  # the 64th '[' (level 65: the top mapping is level 1) at column 11+63
    elif kind == "mapping":
        data.write_text("entities: " + "{a: " * depth + "b" + "}" * depth + "\n")
        where = "1:263"  # the 64th '{', each 4 characters on
    elif kind == "block":
        data.write_text("".join(" " * i + f"k{i}:\n" for i in range(depth))
                        + " " * depth + "x\n")
        where = "65:65"  # the mapping that starts at line 65 is level 65
    else:
        data.write_text("entities:\n" + "- " * depth + "x\n")
        where = "2:127"  # the 64th '- ': the top mapping is level 1
    report = check_bounded(*validate(data, tmp_path))
    assert report[0] == (f"{data.name}:{where}: error: refusing to load nesting deeper than "
                         "64 levels [yaml-depth]")


def test_a_100_mb_value_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "big.yaml"
    with data.open("wb") as fh:
        fh.write(b"sources:\n  - id: s\n    title: ")
        chunk = b"x" * (1 << 20)
        for _ in range(100):
            fh.write(chunk)
        fh.write(b"\n")
    report = check_bounded(*validate(data, tmp_path))
    assert report[0] == ("big.yaml:3:12: error: refusing to load a value longer than 10 MiB "
                         "[yaml-limit]")


def test_a_million_item_list_is_handled(tmp_path: Path) -> None:
    data = tmp_path / "members.yaml"
    with data.open("w") as fh:
        fh.write("entity_types:\n  club: {attributes: {members: list}}\n"
                 "sources:\n  - {id: s, title: S}\nentities:\n  - id: a\n    type: club\n"
                 "    name: A\n    source: s\n    quote: q\n    members:\n")
        fh.writelines(f"      - member {i}\n" for i in range(1_000_000))
        fh.write("  - {id: b, type: club, name: B, members: 12, source: s, quote: q}\n")
    report = check_bounded(*validate(data, tmp_path))
    # every item was read, and positions after them are still exact
    assert report[0] == ("members.yaml:1000012:43: error: 'members' must be a list, not an "
                         "integer 12 [field-type]")
    assert report[1].endswith(
        "members.yaml: 1 file(s), 2 entities, 0 relations, 1 sources: 1 error(s), 0 warning(s)")
    assert len(report) == 2


def test_brackets_inside_scalars_and_comments_are_not_nesting(tmp_path: Path) -> None:
    """kgraph's own flow-depth scan (which keeps the depth limit independent of the YAML
    library's release) counts only real flow collections: brackets in quoted and plain
    scalars and in comments are text."""
    from kgraph.loader import FLOW_SCAN_LIMIT, _flow_cut

    many = "[" * (FLOW_SCAN_LIMIT + 10)
    text = (f"a: \"{many}\"\nb: '{many}'\nc: x {many}\n# {many}\n"
            f"d: [\"{many}\", '{many}', it's]\n")
    assert _flow_cut(text) is None
    assert _flow_cut("a: " + many) == 3 + FLOW_SCAN_LIMIT
    assert _flow_cut("a:\n  - " + "{b: " * (FLOW_SCAN_LIMIT + 1)) is not None
    data = tmp_path / "text.yaml"
    data.write_text("entity_types:\n  note: {}\nsources:\n  - {id: s, title: S}\nentities:\n"
                    f"  - {{id: a, type: note, name: \"{many}\", source: s, quote: q}}\n")
    code, out, *_ = validate(data, tmp_path)
    assert code == 0 and "0 error(s)" in out, out
