"""Changing data files safely: a change is planned in memory, the whole dataset is checked
with it, and only a change that brings no new error is written — atomically, after a
backup of the file as it was.

The file on disk is always either the old or the new version: the new text goes to a
temporary file beside it, which is renamed over it (:mod:`kgraph.atomic`); an interrupted
or refused edit leaves it as it was. The previous version is kept as ``NAME.bak``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.errors import KgraphError, Problem, UsageError
from kgraph.model import Dataset
from kgraph.roundtrip import append_record, top_level_keys

BOM = "\ufeff"
BACKUP_SUFFIX = ".bak"


class EditRefused(KgraphError):
    """The change would make the data invalid (or the file changed meanwhile): nothing
    was written."""

    exit_code = 1

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)
        self.hints: list[str] = []  # how to put it right, when known


@dataclass
class Change:
    """One data file about to change (or be created)."""

    path: Path
    shown: str  # its name in problems and messages
    before: bytes | None  # None: a new file
    after: bytes
    section: str = ""
    record: dict[str, Any] = field(default_factory=dict)
    line: int = 0  # the 1-based line where the new record starts (0: not a new record)


def display(path: Path) -> str:
    """A data file's name as problems show it: relative to the current directory when
    below it (as ``kgraph validate`` shows it)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def text_of(raw: bytes) -> str:
    """A data file's text (UTF-8, without a byte-order mark)."""
    text = raw.decode("utf-8")
    return text[1:] if text.startswith(BOM) else text


def read_text(path: Path) -> tuple[bytes | None, str]:
    """A data file's bytes (None when it does not exist yet) and its text."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, ""
    except OSError as exc:
        raise UsageError(f"cannot read '{display(path)}': {exc.strerror}") from None
    try:
        return raw, text_of(raw)
    except UnicodeDecodeError:
        raise UsageError(f"'{display(path)}' is not UTF-8 text; save it as UTF-8 first"
                         ) from None


def plan_append(path: Path, section: str, record: dict[str, Any]) -> Change:
    """The change that adds ``record`` to the ``section`` list of ``path``."""
    before, text = read_text(path)
    try:
        new, at = append_record(text, section, record)
    except UsageError as exc:
        raise UsageError(f"{display(path)}: {exc}") from None
    bom = BOM if before is not None and before.startswith(BOM.encode()) else ""
    return Change(path, display(path), before, (bom + new).encode("utf-8"), section, record,
                  new.count("\n", 0, at) + 1)


def plan_text(path: Path, rewrite: Callable[[str], str]) -> Change:
    """The change that rewrites ``path``'s text with ``rewrite`` (BOM kept)."""
    before, text = read_text(path)
    if before is None:
        raise UsageError(f"'{display(path)}' does not exist")
    try:
        new = rewrite(text)
    except UsageError as exc:
        raise UsageError(f"{display(path)}: {exc}") from None
    bom = BOM if before.startswith(BOM.encode()) and not new.startswith(BOM) else ""
    return Change(path, display(path), before, (bom + new).encode("utf-8"))


def target_file(files: Sequence[Path], roots: Sequence[Path], section: str,
                chosen: Path | None = None) -> Path:
    """The data file a new ``section`` record goes to: ``chosen`` (``--file``); else the
    one file that has the section, or the one of them named after it
    (``entities.yaml``); else a new ``<section>.yaml`` in the first data folder."""
    if chosen is not None:
        if chosen.suffix.lower() not in (".yaml", ".yml"):
            raise UsageError(f"--file '{chosen}': a data file ends in .yaml or .yml")
        if chosen.exists() and not any(_same(chosen, f) for f in files):
            raise UsageError(f"--file '{chosen}' is not one of the data files "
                             "(see 'kgraph validate'); name a file of the dataset")
        return chosen
    having = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if section in top_level_keys(text):
            having.append(path)
    if len(having) == 1:
        return having[0]
    named = [p for p in having if p.stem == section]
    if len(named) == 1:
        return named[0]
    if having:
        listed = ", ".join(display(p) for p in having)
        raise UsageError(f"several data files hold '{section}' ({listed}); say which with "
                         "--file")
    for root in roots:
        if root.is_dir():
            return root / f"{section}.yaml"
    raise UsageError(f"no data file holds '{section}'; name one with --file")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


# -- checking -------------------------------------------------------------------------------

_POSITION = re.compile(r":\d+(?::\d+)?")


def _signature(p: Problem) -> tuple[str, str, str]:
    """A problem without its position (an edit moves the lines after it)."""
    return (p.file, p.rule, _POSITION.sub("", p.message))


def new_problems(before: Dataset, after: Dataset, errors: bool = True) -> list[Problem]:
    """The errors (or the warnings) of ``after`` that ``before`` did not have."""
    def pick(ds: Dataset) -> list[Problem]:
        return [p for p in ds.problems if (p.severity == "error") == errors]

    had = Counter(_signature(p) for p in pick(before))
    out = []
    for p in pick(after):
        sig = _signature(p)
        if had[sig]:
            had[sig] -= 1
            continue
        out.append(p)
    return out


def check_dataset(files: Sequence[Path], changes: Sequence[Change] = (),
                  sources_dir: Path | None = None,
                  parsed: dict[Path, Any] | None = None) -> Dataset:
    """Check the dataset made of ``files`` with ``changes`` applied (in memory).
    ``parsed``: the files parsed so far, by path, used and filled (a second check after
    a change parses only the changed file)."""
    from kgraph.loader import LoadedFile, load_file, parse_text
    from kgraph.project import bundled_schema
    from kgraph.validate import check

    replaced = {c.path.resolve(): c for c in changes}
    loaded: list[LoadedFile] = []
    names = [*files, *(c.path for c in changes if not any(_same(c.path, f) for f in files))]
    for path in names:
        change = replaced.get(path.resolve())
        if change is None:
            key = path.resolve()
            if parsed is None or key not in parsed:
                found = load_file(path, display(path))
                if parsed is not None:
                    parsed[key] = found
            loaded.append(found if parsed is None else parsed[key])
        else:
            loaded.append(parse_text(change.shown, text_of(change.after)))
    schema = [load_file(bundled_schema(), display(bundled_schema()))]
    return check(loaded, schema, sources_dir)


def checked(before: Dataset, files: Sequence[Path], changes: Sequence[Change],
            sources_dir: Path | None = None, parsed: dict[Path, Any] | None = None
            ) -> Dataset:
    """The dataset with ``changes`` applied; :class:`EditRefused` when they bring errors."""
    after = check_dataset(files, changes, sources_dir, parsed)
    problems = new_problems(before, after)
    if problems:
        raise EditRefused("the change would make the data invalid; nothing was written",
                          problems)
    return after


# -- writing --------------------------------------------------------------------------------


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def write(change: Change, backup: bool = True) -> Path | None:
    """Write the change, all or nothing; return the backup of the previous version."""
    from kgraph.atomic import atomic_write

    try:
        now = change.path.read_bytes()
    except FileNotFoundError:
        now = None
    except OSError as exc:
        raise UsageError(f"cannot read '{change.shown}': {exc.strerror}") from None
    if now != change.before:
        raise EditRefused(f"'{change.shown}' changed while kgraph was working on it; nothing "
                          "was written: run the command again")
    saved = None
    if backup and change.before is not None:
        saved = backup_path(change.path)
        with atomic_write(saved, binary=True) as fh:
            fh.write(change.before)
    with atomic_write(change.path, binary=True) as fh:
        fh.write(change.after)
    return saved
