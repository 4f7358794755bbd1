"""Reading and reviewing: ``kgraph suggest`` (what a new document mentions), ``kgraph
dedupe`` (probable duplicate entities) and ``kgraph diff`` (what changed between two
versions of the data)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from kgraph.cli import console
from kgraph.cli.options import (
    DataOpt,
    JsonOpt,
    LimitOpt,
    NoCacheOpt,
    SourcesDirOpt,
    TypeOpt,
    effective_limit,
    fail,
    handled,
    load,
)

if TYPE_CHECKING:
    from rich.text import Text

PLACEHOLDER_SOURCE = "SOURCE-ID"


def suggest(
    document: Annotated[Path, typer.Argument(metavar="DOCUMENT", help="A text or Markdown "
                                             "document.", dir_okay=False, show_default=False)],
    source: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--source", metavar="SOURCE", help="The document's source id, for the stubs. "
        "Default: the source registered with this file, if any.")] = None,
    data: DataOpt = None,
    sources: SourcesDirOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """What a new document mentions: the known entities it names, sentences that name two
    of them (candidate relations, with the types the schema allows), and names it has that
    the data does not know (candidate entities) — as YAML stubs with verbatim quotes, to
    review and paste. Writes nothing.

    Example: kgraph suggest sources/ruling.txt > review.yaml
    """
    from kgraph.suggest import as_dict, as_yaml
    from kgraph.suggest import suggest as find

    try:
        text = document.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise fail(f"cannot read '{document}': {exc.strerror}") from None
    with handled():
        kg = load(data, no_cache)
        sid = source or _registered(kg, document, data, sources)
        found = find(kg, text)
    if as_json:
        console.print_json({"document": str(document), "source": sid, **as_dict(found, kg)})
    else:
        sys.stdout.write(console.safe(as_yaml(found, kg, sid or PLACEHOLDER_SOURCE,
                                              document.name)))
        if sid is None:
            console.err().print(console.safe(
                f"note: '{document}' is not a registered source: register it with 'kgraph "
                f"sources add {document}' and put its id in place of {PLACEHOLDER_SOURCE}"),
                markup=False, soft_wrap=True)
    if not (found.mentions or found.relations or found.entities):
        raise typer.Exit(1)


def _registered(kg: Any, document: Path, data: list[Path] | None, sources: Path | None
                ) -> str | None:
    """The id of the source whose file is ``document``."""
    from kgraph.project import default_sources
    from kgraph.quotes import document_path

    folder = sources or default_sources(data)
    target = document.resolve()
    for sid, src in kg.sources.items():
        path = document_path(src.get("file"), folder)
        if path is not None and path == target:
            return str(sid)
    return None


def dedupe(
    types: TypeOpt = None,
    min_score: Annotated[float, typer.Option(
        "--min-score", min=0.0, max=1.0, metavar="SCORE",
        help="List pairs at least this probable (0 to 1).")] = 0.65,  # dedupe.MIN_SCORE
    limit: LimitOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Probable duplicate entities (two records for one person or body, as merging
    colleagues' files leaves), most probable first, each pair with its evidence: similar
    names and aliases, an acronym, the same type, shared neighbours.

    Exit 0 when some are found, 1 when none.

    Example: kgraph dedupe --type person
    """
    from kgraph.dedupe import as_dict, find_duplicates
    from kgraph.queries import _check_types

    with handled():
        kg = load(data, no_cache)
        pairs = find_duplicates(kg, min_score, _check_types(kg, types))
    n = effective_limit(limit, as_json)
    shown = pairs[:n] if n else pairs
    if as_json:
        console.print_json({"min_score": min_score, "total": len(pairs),
                            "pairs": [as_dict(kg, p) for p in shown]})
    else:
        _print([line for i, pair in enumerate(shown, 1)
                for line in _pair_lines(i, as_dict(kg, pair))])
        if len(shown) < len(pairs):
            console.out().print(f"... and {len(pairs) - len(shown)} more (--limit 0 shows "
                                "all)", markup=False)
        console.err().print(f"{len(pairs)} probable duplicate pair(s) at score "
                            f">= {min_score}", markup=False)
    raise typer.Exit(0 if pairs else 1)


def _pair_lines(i: int, pair: dict[str, Any]) -> list[Text]:
    from rich.text import Text

    pair = console.safe_data(pair)
    a, b = pair["a"], pair["b"]
    head = Text(f"{i}. ")
    head.append(f"{a['name']} ({a['id']})", style="bold")
    head.append(" ~ ")
    head.append(f"{b['name']} ({b['id']})", style="bold")
    head.append(f"  score {pair['score']:.2f}", style="magenta")
    lines = [head]
    for ev in pair["evidence"]:
        kind = ev["kind"]
        if kind == "name":
            text = f"names: '{ev['a']}' ~ '{ev['b']}': {ev['how']} ({ev['similarity']:.2f})"
        elif kind == "type":
            text = (f"type: both {ev['type']}" if ev["how"] == "same type"
                    else f"types: {ev['a']} / {ev['b']} (one a kind of the other)")
        elif kind == "neighbours":
            text = (f"shared neighbours: {', '.join(ev['shared'])} ({len(ev['shared'])} of "
                    f"{ev['of']})")
        else:
            text = f"against: related to each other ({', '.join(ev['relations'])})"
        lines.append(Text("   " + text, style="yellow" if kind == "related" else ""))
    where = [e["defined_at"] for e in (a, b) if e.get("defined_at")]
    if where:
        lines.append(Text("   defined at " + " and ".join(where), style="dim"))
    return lines


def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help="A git revision (HEAD, main, "
                                       "HEAD~3, a commit) or a folder.", show_default=False)],
    new: Annotated[Optional[str], typer.Argument(  # noqa: UP045
        metavar="[NEW]", help="A git revision or a folder. Default: the data as it is now.",
        show_default=False)] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What changed in the data from OLD to NEW: entities, relations and sources added,
    removed and changed, field by field with their evidence; the schema's types too.

    Exit 0 when they are the same, 1 when they differ, 2 on errors.

    Example: kgraph diff main HEAD
    """
    from kgraph.diff import compare
    from kgraph.project import choose_data, discover
    from kgraph.revisions import Side, open_side

    with handled():
        choice = choose_data(data)
        before = open_side(old, choice.paths)
        if new is None:
            from kgraph.project import bundled_schema
            from kgraph.validate import load as load_data

            after = Side("the data now", "folder",
                         load_data(discover(choice.paths), [bundled_schema()]))
        else:
            after = open_side(new, choice.paths)
        result = compare(before.dataset, after.dataset)
    for side in (before, after):
        if side.dataset.errors:
            console.err().print(console.safe(
                f"note: {side.given} has {len(side.dataset.errors)} error(s) (kgraph "
                "validate): the records with errors are left out of the comparison"),
                markup=False, soft_wrap=True)
    if as_json:
        console.print_json({"old": before.describe(), "new": after.describe(), **result})
    else:
        _print(diff_lines(result, before.given, after.given))
    raise typer.Exit(0 if result["identical"] else 1)


def _print(lines: list[Text]) -> None:
    """Styled lines on a terminal; plain text, one write, when piped."""
    if console.is_terminal():
        out = console.out()
        for line in lines:
            out.print(line, soft_wrap=True)
        return
    sys.stdout.write("".join(line.plain + "\n" for line in lines))


_MARK = {"added": ("+", "green"), "removed": ("-", "red"), "changed": ("~", "yellow")}


def diff_lines(result: dict[str, Any], old: str, new: str) -> list[Text]:
    """A review of the change, for a terminal: one block per record."""
    from rich.text import Text

    result = console.safe_data(result)
    if result["identical"]:
        return [Text(f"no changes in the data from {old} to {new}")]
    counts = result["counts"]
    summary = "; ".join(
        f"{part.replace('_', ' ')}: " + ", ".join(f"{n} {k}" for k, n in c.items() if n)
        for part, c in counts.items() if any(c.values()))
    lines = [Text(f"from {old} to {new}: {summary}", style="bold")]
    for part in ("entity_types", "relation_types"):
        for kind, names in result[part].items():
            for name in names:
                mark, style = _MARK[kind]
                lines.append(Text(f"{mark} {part.replace('_', ' ')[:-1]} {name}", style=style))
    for kind in ("added", "removed", "changed"):
        for item in result["sources"][kind]:
            mark, style = _MARK[kind]
            lines.append(Text(f"{mark} source {item['id']}: {item['title']}", style=style))
            lines.extend(_changes(item.get("changes", [])))
    for kind in ("added", "removed", "changed"):
        for item in result["entities"][kind]:
            mark, style = _MARK[kind]
            lines.append(Text(f"{mark} entity {item['id']}: {item['name']} [{item['type']}]",
                              style=style))
            lines.extend(_changes(item["changes"]) if kind == "changed"
                         else _quotes(item["evidence"]))
    for kind in ("added", "removed", "changed"):
        for item in result["relations"][kind]:
            mark, style = _MARK[kind]
            when = item.get("date") or " to ".join(
                str(item[k]) for k in ("start", "end") if item.get(k))
            head = f"{mark} relation {item['from']} {item['type']} {item['to']}"
            lines.append(Text(head + (f" ({when})" if when else ""), style=style))
            lines.extend(_changes(item["changes"]) if kind == "changed"
                         else _quotes(item["evidence"]))
    return lines


def _quotes(evidence: list[dict[str, str]]) -> list[Text]:
    from rich.text import Text

    return [Text(f"    “{ev['quote']}” — {ev['source']}", style="italic") for ev in evidence]


def _changes(changes: list[dict[str, Any]]) -> list[Text]:
    from rich.text import Text

    out = []
    for ch in changes:
        field = ch["field"]
        if "added" in ch:
            for item in ch["added"]:
                out.append(Text(f"    {field} + {_short(item)}", style="green"))
            for item in ch["removed"]:
                out.append(Text(f"    {field} - {_short(item)}", style="red"))
        else:
            out.append(Text(f"    {field}: {_short(ch['old'])} -> {_short(ch['new'])}"))
    return out


def _short(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"source", "quote"}:
        return f"“{value['quote']}” — {value['source']}"
    if value is None or value == "" or value == {} or value == []:
        return "(none)"
    return repr(value) if not isinstance(value, str) else f"'{value}'"
