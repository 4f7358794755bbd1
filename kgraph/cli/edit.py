"""The curation commands: ``kgraph add entity|relation``, ``kgraph sources add``,
``kgraph quote find`` and ``kgraph fmt``.

Each change is checked with the whole dataset before it is written (refused, with the
problems, when it would bring an error), then written atomically after a backup of the
file (:mod:`kgraph.edit`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from kgraph.cli import console
from kgraph.cli.options import DataOpt, DryRunOpt, FileOpt, JsonOpt, SourcesDirOpt, fail, handled

if TYPE_CHECKING:
    from kgraph.edit import Change
    from kgraph.model import Dataset
    from kgraph.project import DataChoice

add_app = typer.Typer(help="Add an entity or a relation to the data, checked before it is "
                      "written.", no_args_is_help=True)
sources_app = typer.Typer(help="The source documents.", no_args_is_help=True)
quote_app = typer.Typer(help="Quotes from the source documents.", no_args_is_help=True)

SourceIdOpt = Annotated[str, typer.Option(
    "--source", metavar="SOURCE", help="The id of the source that says it.",
    show_default=False)]
QuoteOpt = Annotated[str, typer.Option(
    "--quote", "-q", metavar="TEXT", help="The source's words, verbatim (checked against "
    "the document when it is in the sources folder).", show_default=False)]
DateOpt = Annotated[Optional[str], typer.Option(  # noqa: UP045
    "--date", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")]
DescriptionOpt = Annotated[Optional[str], typer.Option(  # noqa: UP045
    "--description", metavar="TEXT", help="A sentence about it.")]


@dataclass
class _Work:
    """The dataset a curation command changes, as it is now."""

    choice: DataChoice
    files: list[Path]
    sources: Path | None
    before: Dataset
    parsed: dict[Path, Any]  # the data files as parsed for ``before``


def _open(data: list[Path] | None, sources: Path | None) -> _Work:
    from kgraph.edit import check_dataset
    from kgraph.project import choose_data, discover

    if sources is not None and not sources.is_dir():
        raise fail(f"sources directory '{sources}' does not exist")
    choice = choose_data(data)
    if choice.kind == "bundled":
        raise fail("no project here: the bundled dataset is not edited. Start one with "
                   "'kgraph init', or name the data with --data")
    if sources is None and choice.project is not None:
        sources = choice.project.sources
    console.note_dataset(choice.describe())
    files = discover(choice.paths, allow_empty=True)
    parsed: dict[Path, Any] = {}
    return _Work(choice, files, sources, check_dataset(files, (), sources, parsed), parsed)


@contextmanager
def _refusals(as_json: bool) -> Iterator[None]:
    """A refused change: its problems and why nothing was written (exit 1)."""
    from kgraph.edit import EditRefused

    with handled():
        try:
            yield
        except EditRefused as exc:
            if as_json:
                console.print_json({"ok": False, "error": str(exc),
                                    "problems": [p.as_dict() for p in exc.problems],
                                    "hints": exc.hints})
            else:
                for p in exc.problems:
                    console.err().print(console.safe(p.format()), markup=False,
                                        soft_wrap=True)
                for hint in exc.hints:
                    console.err().print(console.safe(f"hint: {hint}"), markup=False,
                                        soft_wrap=True)
                console.err().print(console.safe(f"kgraph: {exc}"), markup=False)
            raise typer.Exit(exc.exit_code) from None


def _commit(work: _Work, change: Change, what: str, as_json: bool, dry_run: bool,
            notes: list[str]) -> None:
    """Check the dataset with ``change``, write it (unless ``dry_run``) and report."""
    from kgraph.edit import checked, new_problems, write
    from kgraph.roundtrip import Layout, render

    after = checked(work.before, work.files, [change], work.sources, work.parsed)
    warnings = [p for p in after.problems if p.severity != "error"]
    new_warnings = new_problems(work.before, after, errors=False)
    backup = None if dry_run else write(change)
    where = f"{change.shown}:{change.line}" if change.line else change.shown
    if as_json:
        console.print_json({
            "ok": True, "written": not dry_run, "added": what, "record": change.record,
            "file": change.shown, "line": change.line,
            "backup": str(backup.name) if backup else None, "notes": notes,
            "warnings": [p.as_dict() for p in new_warnings]})
        return
    err = console.err()
    for note in notes:
        err.print(console.safe(f"note: {note}"), markup=False, soft_wrap=True)
    if dry_run:
        sys.stdout.write(console.safe(render(change.record, Layout())))
        err.print(console.safe(f"would add this {what} to {where} (--dry-run: nothing "
                               "written)"), markup=False, soft_wrap=True)
    else:
        ident = change.record.get("id") or (f"{change.record.get('from')} "
                                            f"{change.record.get('type')} "
                                            f"{change.record.get('to')}")
        sys.stdout.write(console.safe(f"added {what} {ident} to {where}") + "\n")
        if backup is not None:
            err.print(console.safe(f"the previous version is in {backup.name}"),
                      markup=False, soft_wrap=True)
    for p in new_warnings:
        err.print(console.safe(p.format()), markup=False, soft_wrap=True)
    errors = len(after.errors)
    summary = (f"{work.choice.name}: {len(after.entities)} entities, {len(after.relations)} "
               f"relations, {len(after.sources)} sources: {errors} error(s), "
               f"{len(warnings)} warning(s)")
    err.print(console.safe(summary), markup=False, soft_wrap=True)


def _quote_note(work: _Work, source: str, quote: str) -> list[str]:
    """Where the quote is, or why it was not checked against its document."""
    from kgraph.quotes import document_path, find_passage

    src = work.before.sources.get(source)
    if src is None:
        return []
    path = document_path(src.file, work.sources)
    if path is None:
        return [f"the quote was not checked: source '{source}' has "
                + ("no 'file'" if not src.file else "no document in a sources folder")]
    passage = find_passage(path.read_text(encoding="utf-8", errors="replace"), quote)
    if passage is None:
        return [f"nothing in {src.file} is close to the quote: check the source"]
    return [(f"the document's words are: {passage.text!r} (line {passage.line}; "
             f"kgraph quote find {source} \"...\" finds them for any quote)")]


@add_app.command("entity")
def add_entity(
    type_name: Annotated[str, typer.Argument(metavar="TYPE", help="Its type (kgraph schema): "
                                             "an id, label or plural.", show_default=False)],
    name: Annotated[str, typer.Argument(metavar="NAME", help="Its name.", show_default=False)],
    source: SourceIdOpt,
    quote: QuoteOpt,
    ident: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--id", metavar="ID", help="Its id. Default: made from the name.")] = None,
    aliases: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--alias", metavar="NAME", help="Another name it goes by; repeatable.")] = None,
    description: DescriptionOpt = None,
    date: DateOpt = None,
    attributes: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--attribute", "-A", metavar="KEY=VALUE",
        help="An attribute its type declares (e.g. role=Prosecutor); repeatable.")] = None,
    file: FileOpt = None,
    data: DataOpt = None,
    sources: SourcesDirOpt = None,
    dry_run: DryRunOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Add an entity, with the source that names it and its words.

    Example: kgraph add entity person "Jane Doe" --source court-ruling --quote "Jane Doe,
    the prosecutor"
    """
    from kgraph.curate import entity_record
    from kgraph.edit import plan_append, target_file

    with _refusals(as_json):
        work = _open(data, sources)
        record = entity_record(work.before, type_name, name, source, quote, ident, aliases,
                               description, date, attributes)
        path = target_file(work.files, work.choice.paths, "entities", file)
        change = plan_append(path, "entities", record)
        with _explained(work, source, quote):
            _commit(work, change, "entity", as_json, dry_run, [])


@contextmanager
def _explained(work: _Work, source: str, quote: str) -> Iterator[None]:
    """A refusal for a quote not found verbatim: say what the document has instead."""
    from kgraph.edit import EditRefused

    try:
        yield
    except EditRefused as exc:
        if any(p.rule == "quote-not-found" for p in exc.problems):
            exc.hints.extend(_quote_note(work, source, quote))
        raise


@add_app.command("relation")
def add_relation(
    from_name: Annotated[str, typer.Argument(metavar="FROM", help="The entity it goes from: "
                                             "id, name or alias.", show_default=False)],
    type_name: Annotated[str, typer.Argument(metavar="TYPE", help="The relation type: its "
                                             "id ('met_with'), reading ('met with') or a "
                                             "synonym.", show_default=False)],
    to_name: Annotated[str, typer.Argument(metavar="TO", help="The entity it goes to.",
                                           show_default=False)],
    source: SourceIdOpt,
    quote: QuoteOpt,
    date: DateOpt = None,
    description: DescriptionOpt = None,
    file: FileOpt = None,
    data: DataOpt = None,
    sources: SourcesDirOpt = None,
    dry_run: DryRunOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Add a relation between two entities named as you would name them, with its evidence.

    Example: kgraph add relation "Jane Doe" "met with" "John Roe" --source court-ruling
    --quote "Jane Doe met John Roe"
    """
    from kgraph.api import from_dataset
    from kgraph.curate import relation_ends, relation_record
    from kgraph.edit import plan_append, target_file

    with _refusals(as_json):
        work = _open(data, sources)
        kg = from_dataset(work.before)
        ends = relation_ends(kg, work.before, from_name, type_name, to_name)
        record = relation_record(ends, source, quote, date, description)
        path = target_file(work.files, work.choice.paths, "relations", file)
        change = plan_append(path, "relations", record)
        with _explained(work, source, quote):
            _commit(work, change, "relation", as_json, dry_run, ends.notes)


@sources_app.command("add")
def sources_add(
    document: Annotated[Path, typer.Argument(metavar="FILE", help="The document (copied into "
                                             "the sources folder when it is elsewhere).",
                                             dir_okay=False, show_default=False)],
    ident: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--id", metavar="ID", help="Its id. Default: made from the file name.")] = None,
    title: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--title", metavar="TEXT", help="Default: its first line of text.")] = None,
    date: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--date", metavar="DATE", help="When it was published (YYYY, YYYY-MM or "
        "YYYY-MM-DD). Default: a date in its first lines, if any.")] = None,
    publisher: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--publisher", metavar="TEXT", help="Who published it.")] = None,
    url: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--url", metavar="URL", help="Where it is online.")] = None,
    update: Annotated[bool, typer.Option(
        "--update", help="It is registered already: record its new checksum.")] = False,
    file: FileOpt = None,
    data: DataOpt = None,
    sources: SourcesDirOpt = None,
    dry_run: DryRunOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Register a source document: its id, title, date, publisher and checksum.

    Example: kgraph sources add ~/Downloads/ruling.txt --publisher "District Court"
    """
    from kgraph.curate import checksum, source_record
    from kgraph.edit import plan_append, plan_text, target_file
    from kgraph.roundtrip import set_field

    with _refusals(as_json):
        work = _open(data, sources)
        folder = work.sources or (work.choice.project.sources_folder
                                  if work.choice.project else None)
        if folder is None:
            raise fail("no sources folder: work inside a project (kgraph init) or pass "
                       "--sources DIR")
        raw, relative, copy = _document(document, folder)
        if update:
            src = next((s for s in work.before.sources.values() if s.file == relative), None)
            if src is None:
                raise fail(f"'{relative}' is not registered yet; leave out --update")
            path = Path(src.where[0])
            change = plan_text(path, lambda text: set_field(text, "sources", src.id,
                                                             "checksum", checksum(raw)))
            change.record = {"id": src.id, "checksum": checksum(raw)}
            _commit(work, change, "checksum of source", as_json, dry_run, [])
            return
        made = source_record(work.before, relative, raw, ident, title, date, publisher, url)
        notes = [f"the {key} is the document's {where}: check it"
                 for key, where in made.guessed.items()]
        path = target_file(work.files, work.choice.paths, "sources", file)
        change = plan_append(path, "sources", made.record)
        if copy is None:
            _commit(work, change, "source", as_json, dry_run, notes)
            return
        notes.append(f"{'would copy' if dry_run else 'copied'} the document to "
                     f"{_shown(copy)}")
        if dry_run:  # (the document is not in the folder: the file check would fail)
            work.sources = None
            _commit(work, change, "source", as_json, dry_run, notes)
            return
        _copy(raw, copy)  # the check looks for it there
        if work.sources is None:
            work.sources = copy.parent
        try:
            _commit(work, change, "source", as_json, dry_run, notes)
        except BaseException:
            copy.unlink(missing_ok=True)
            raise


def _document(document: Path, folder: Path) -> tuple[bytes, str, Path | None]:
    """The document's bytes, its file name relative to the sources folder, and where it
    must be copied to (None when it is in the folder already)."""
    try:
        raw = document.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read '{document}': {exc.strerror}") from None
    try:
        inside = document.resolve().relative_to(folder.resolve())
        return raw, inside.as_posix(), None
    except ValueError:
        pass
    target = folder / document.name
    if target.exists() and target.read_bytes() != raw:
        raise fail(f"'{target}' exists and is a different document; rename one of them")
    return raw, document.name, None if target.exists() else target


def _copy(raw: bytes, target: Path) -> None:
    from kgraph.atomic import atomic_write

    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(target, binary=True) as fh:
        fh.write(raw)


@quote_app.command("find")
def quote_find(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="A source id, or a "
                                          "document's file.", show_default=False)],
    words: Annotated[list[str], typer.Argument(metavar="WORDS", help="The quote as you have "
                                               "it: whitespace, quote marks, case and "
                                               "'...' need not match.", show_default=False)],
    data: DataOpt = None,
    sources: SourcesDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Find the document's exact words for a quote, ready to paste.

    Exit 0 when found (a close match says how it differs), 1 when nothing is close.

    Example: kgraph quote find court-ruling "jane doe ... the prosecutor"
    """
    from kgraph.quotes import find_passage

    quote = " ".join(words)
    with handled():
        path, sid = _document_of(source, data, sources)
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError as exc:
            raise fail(f"cannot read '{path}': {exc.strerror}") from None
        passage = find_passage(text, quote)
    shown = _shown(path)
    if passage is None:
        if as_json:
            console.print_json({"source": sid, "document": shown, "found": False,
                                "quote": None})
        else:
            console.err().print(console.safe(f"kgraph: nothing in {shown} is close to "
                                             f"{quote!r}"), markup=False, soft_wrap=True)
        raise typer.Exit(1)
    if as_json:
        console.print_json({"source": sid, "document": shown, "found": True,
                            "quote": passage.text, "exact": passage.exact,
                            "similarity": passage.similarity, "line": passage.line,
                            "col": passage.col, "differences": passage.differences})
        return
    from kgraph.roundtrip import scalar_text

    sys.stdout.write(console.safe(f"quote: {scalar_text('quote', passage.text)}") + "\n")
    how = ("as typed" if not passage.differences else
           "not as typed: " + ", ".join(passage.differences))
    console.err().print(console.safe(f"{shown}:{passage.line}:{passage.col}: {how}"),
                        markup=False, soft_wrap=True)


def _document_of(source: str, data: list[Path] | None, sources: Path | None
                 ) -> tuple[Path, str | None]:
    """The document a ``quote find`` searches: a file, or the file of a source id."""
    from kgraph.errors import UsageError
    from kgraph.quotes import document_path

    given = Path(source)
    if given.is_file():
        return given, None
    work = _open(data, sources)
    src = work.before.sources.get(source)
    if src is None:
        from kgraph.text import did_you_mean

        raise UsageError(f"'{source}' is neither a file nor a source id"
                         + did_you_mean(source, work.before.sources))
    path = document_path(src.file, work.sources)
    if path is None:
        raise UsageError(f"source '{source}' has no document in "
                         + (f"'{work.sources}'" if work.sources else "a sources folder (pass "
                            "--sources DIR)") + (f" (its file: {src.file})" if src.file else ""))
    return path, source


def _shown(path: Path) -> str:
    import os

    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def fmt(
    files: Annotated[Optional[list[Path]], typer.Argument(  # noqa: UP045
        metavar="[FILE]...", help="Data files (default: every file of the dataset).",
        show_default=False)] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Change nothing; list the files that are not formatted and exit 1 "
        "if there are any (for CI and pre-commit).")] = False,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write the data files in kgraph's canonical layout (indentation, no folded lines, no
    trailing spaces, one final line break), keeping comments, order and quoting.

    A file is rewritten only when its data stays exactly the same.

    Example: kgraph fmt --check
    """
    from kgraph.edit import plan_text, write
    from kgraph.project import choose_data, discover
    from kgraph.roundtrip import canonical

    with _refusals(as_json):
        choice = choose_data(data)
        console.note_dataset(choice.describe())
        targets = list(files) if files else discover(choice.paths)
        changed: list[str] = []
        for path in targets:
            change = plan_text(path, canonical)
            if change.after == change.before:
                continue
            _same_data(change)
            changed.append(change.shown)
            if not check:
                write(change)
    if as_json:
        console.print_json({"checked": len(targets), "unformatted" if check else
                            "formatted": changed})
    else:
        verb = "would reformat" if check else "reformatted"
        for name in changed:
            sys.stdout.write(console.safe(f"{verb} {name}") + "\n")
        console.err().print(f"{len(changed)} of {len(targets)} file(s) {verb}"
                            if changed else f"{len(targets)} file(s) already formatted",
                            markup=False)
    raise typer.Exit(1 if check and changed else 0)


def _same_data(change: Change) -> None:
    """Refuse a layout change that would change what the file says."""
    from kgraph.edit import EditRefused, text_of
    from kgraph.loader import parse_text

    before = parse_text(change.shown, text_of(change.before or b""))
    after = parse_text(change.shown, text_of(change.after))
    if before.problems or before.root != after.root:
        raise EditRefused(f"{change.shown}: not reformatted: "
                          + ("it has YAML problems (run 'kgraph validate')" if before.problems
                             else "its data would change"), before.problems)

