"""Rich tables and trees for people; the same content as plain text when piped.

Each function takes the plain data a query returned and prints it; none computes anything.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from kgraph.cli import console
from kgraph.cli.summary import HINT, left_summary


def _box() -> box.Box:
    return box.ROUNDED if console.is_terminal() else box.ASCII2


def _entity(e: dict[str, Any], bold: bool = True) -> Text:
    text = Text()
    text.append(e["name"], style="bold" if bold else "")
    text.append(f" [{e.get('type_label') or e['type']}]", style="cyan")
    when = e.get("date") or (f"{e['start']} to {e['end']}" if e.get("start") and e.get("end")
                             else e.get("start") or "")
    if when:
        text.append(f" {when}", style="magenta")
    return text


def _rel_dates(item: dict[str, Any]) -> str:
    if item.get("date"):
        return str(item["date"])
    if item.get("start") or item.get("end"):
        return f"{item.get('start', '')} to {item.get('end', '')}".strip()
    return ""


def _marked(text: str, style: str = "italic") -> Text:
    """A quote with its source's markdown emphasis (``**name**``) shown as bold."""
    out = Text()
    for k, part in enumerate(text.split("**")):
        out.append(part, style=f"{style} bold" if k % 2 else style)
    return out


def _evidence_lines(evs: list[dict[str, Any]], indent: str = "") -> list[Text]:
    out = []
    for ev in evs:
        t = Text(indent)
        t.append("“", style="italic")
        t.append_text(_marked(ev["quote"]))
        t.append("”", style="italic")
        t.append(f" — {ev['title']}", style="dim")
        if ev.get("source_date"):
            t.append(f" ({ev['source_date']})", style="dim")
        out.append(t)
    return out


def _attributed(item: dict[str, Any]) -> Text:
    """" (attributed to Jeff Sessions)" for a fact the source attributes to someone."""
    if item.get("claim") != "attributed":
        return Text()
    who = ", ".join(a["name"] for a in item.get("attributed_to") or []) or "someone"
    return Text(f" (attributed to {who})", style="yellow")


def _inferred(item: dict[str, Any]) -> Text:
    """" (inferred: date: 'last month' in an article of 8 December 2017.)": what of a fact
    was inferred, and why, in the curator's words."""
    if not item.get("inferred"):
        return Text()
    return Text(" (inferred: " + "; ".join(f"{k}: {v}" for k, v in item["inferred"].items())
                + ")", style="yellow")


def _relation_label(rel: dict[str, Any], with_other: dict[str, Any] | None = None) -> Text:
    t = Text()
    arrow = "→" if rel["direction"] == "forward" else "←"
    t.append(f"{arrow} {rel['sentence']}", style="green")
    t.append_text(_attributed(rel))
    t.append_text(_inferred(rel))
    return t


def _with_evidence(label: Text, evs: list[dict[str, Any]], most: int | None = None) -> Text:
    """``label`` with its quotes below it; with ``most``, only that many and a count."""
    out = Text()
    out.append_text(label)
    shown = evs if most is None else evs[:most]
    for line in _evidence_lines(shown, "\n    "):
        out.append_text(line)
    if len(evs) > len(shown):
        more = len(evs) - len(shown)
        out.append(f"\n    (+{more} more source{'s' if more > 1 else ''}: kgraph show, or --json)",
                   style="dim")
    return out


def stats(result: dict[str, Any], labels: dict[str, str] | None = None) -> None:
    """``labels``: each entity type's label for people (``agency``: "Government agency or
    office"); a type without one is shown by its id."""
    result = console.safe_data(result)
    labels = console.safe_data(labels or {})
    out = console.out()
    out.print(f"{result['entities']} entities, {result['relations']} relations, "
              f"{result['sources']} sources, {result['evidence']} quotes on relations")
    for title, key in (("Entity type", "entity_types"), ("Relation type", "relation_types")):
        table = Table(title=None, box=_box())
        table.add_column(title)
        table.add_column("Count", justify="right")
        for name, n in result[key].items():
            table.add_row(labels.get(name, name) if key == "entity_types" else name, str(n))
        out.print(table)
    table = Table(box=_box())
    table.add_column("Most connected")
    table.add_column("Type")
    table.add_column("Relations", justify="right")
    for e in result["most_connected"]:
        table.add_row(e["name"], e.get("type_label") or e["type"], str(e["degree"]))
    out.print(table)


def search(result: dict[str, Any]) -> None:
    result = console.safe_data(result)
    table = Table(box=_box())
    for col in ("Name", "Type", "Id", "Matched", "Score"):
        table.add_column(col, justify="right" if col == "Score" else "left")
    for m in result["matches"]:
        table.add_row(m["name"], m.get("type_label") or m["type"], m["id"], m["matched"],
                      f"{m['score']:.2f}")
    if result["matches"]:
        console.out().print(table)
    left_out(result)


# -- what a listing left out ----------------------------------------------------------------

def left_out(result: dict[str, Any], noun: str = "", indent: str = "") -> None:
    text = left_summary(result, noun)
    if text is not None:
        console.out().print(Text(indent + text, style="dim"))


def card(c: dict[str, Any]) -> None:
    c = console.safe_data(c)
    out = console.out()
    head = _entity(c)
    head.append(f"  (id: {c['id']})", style="dim")
    out.print(head)
    if c["aliases"]:
        out.print(Text("Also known as: " + ", ".join(c["aliases"])))
    if c["description"]:
        out.print(Text(c["description"]))
    for key, value in c["attributes"].items():
        out.print(Text(f"{key.replace('_', ' ')}: {value}"))
    if c.get("claim") == "attributed":
        out.print(Text("Claim:").append_text(_attributed(c)))
    if c.get("inferred"):
        for key, why in c["inferred"].items():
            out.print(Text(f"{key} is inferred: {why}", style="yellow"))
    for line in _evidence_lines(c["evidence"], "  "):
        out.print(line)
    if c.get("figures"):
        tree = Tree(Text(f"figures ({len(c['figures'])})", style="bold"))
        for f in c["figures"]:
            label = Text(f["sentence"])
            label.append_text(_attributed(f))
            label.append_text(_inferred(f))
            tree.add(_with_evidence(label, f["evidence"]))
        out.print(tree)
    if not c["relations"]:
        out.print(Text("No relations.", style="dim"))
    cut = False
    for group in c["relations"]:
        tree = Tree(Text(f"{group['reading']} ({group.get('total', len(group['items'])):,})",
                         style="bold"))
        for rel in group["items"]:
            label = _entity(rel["other"], bold=False)
            if _rel_dates(rel) and _rel_dates(rel) != _rel_dates(rel["other"]):
                label.append(f"  ({_rel_dates(rel)})", style="magenta")
            label.append_text(_attributed(rel))
            if rel.get("claim") == "inferred":
                label.append(" (inferred)", style="yellow")
            tree.add(_with_evidence(label, rel["evidence"]))
        more = left_summary(group, hint=False)
        if more is not None:
            tree.add(Text(more, style="dim"))
            cut = True
        out.print(tree)
    if cut:
        out.print(Text(f"(each list cut at --limit; {HINT})", style="dim"))


def _tree(node: dict[str, Any], tree: Tree, show_evidence: bool = True) -> None:
    for child in node["children"]:
        rel = child["via"]
        label = Text()
        arrow = "→" if rel["direction"] == "forward" else "←"
        verb = rel["travel_reading"]
        label.append(f"{arrow} {verb} ", style="green")
        label.append_text(_entity(child["entity"]))
        if child.get("kind") == "part":
            label.append(" (part)", style="dim")
        if child.get("seen"):
            label.append(" (see above)", style="dim")
        if child.get("context"):
            label.append(" (on the way)", style="dim")
        if _rel_dates(rel) and _rel_dates(rel) != _rel_dates(child["entity"]):
            label.append(f"  ({_rel_dates(rel)})", style="magenta")
        label.append_text(_attributed(rel))
        label.append_text(_inferred(rel))
        sub = tree.add(_with_evidence(label, rel["evidence"], most=1) if show_evidence
                       else label)
        _tree(child, sub, show_evidence)


def neighbours(result: dict[str, Any], show_evidence: bool = True) -> None:
    result = console.safe_data(result)
    tree = Tree(_entity(result["root"]))
    _tree(result["tree"], tree, show_evidence)
    console.out().print(tree)
    shown = len(result["nodes"]) - 1
    total = result.get("total", shown)
    entities = f"{shown} entities" if shown == total else f"{shown:,} of {total:,} entities"
    console.out().print(Text(f"{entities} within {result['depth']} hop(s), "
                             f"{len(result['relations'])} relations", style="dim"))
    left_out(result)


def lineage(result: dict[str, Any], following: list[str] | None = None) -> None:
    """The lineage tree; with ``following`` (the relation types followed, by their
    readings: "grew out of, led to, ..."), a header saying what it shows."""
    result = console.safe_data(result)
    name = result["root"]["name"]
    what = (f"what grew out of {name}" if result["direction"] == "forward"
            else f"what {name} grew out of")
    out = console.out()
    if following is not None:
        out.print(Text(f"Lineage ({what}), following: "
                       + ", ".join(console.safe_data(following)), style="dim"))
    tree = Tree(_entity(result["root"]))
    _tree(result["tree"], tree)
    out.print(tree)
    left_out(result)


def paths(result: dict[str, Any]) -> None:
    result = console.safe_data(result)
    out = console.out()
    n = len(result["paths"])
    kind = "path" if n == 1 else "paths"
    found = f"{result['total_found']:,}" + ("" if result.get("complete", True) else "+")
    out.print(Text(f"{n} {kind} from {result['from']['name']} to {result['to']['name']}"
                   + (f" (of {found} found)" if result["total_found"] > n
                      or not result.get("complete", True) else ""), style="bold"))
    if not result.get("complete", True):
        out.print(Text("(the search was cut short: there are too many paths to list them "
                       "all; lower --max-hops or route around hubs with --avoid)",
                       style="dim"))
    for i, path in enumerate(result["paths"], 1):
        out.print(Text(f"\n#{i}: {path['length']} hop(s)", style="bold cyan"))
        for hop in path["hops"]:
            for i, rel in enumerate(hop["relations"]):
                lead = "  " if i == 0 else "    and "
                out.print(Text(lead) + _relation_label(rel))
                for line in _evidence_lines(rel["evidence"][:1], "      "):
                    out.print(line)
                if len(rel["evidence"]) > 1:
                    out.print(Text(f"      (+{len(rel['evidence']) - 1} more)", style="dim"))
    left_out(result, "paths")


def timeline(result: dict[str, Any]) -> None:
    result = console.safe_data(result)
    table = Table(box=_box())
    table.add_column("When", no_wrap=True)
    table.add_column("What")
    table.add_column("Kind")
    table.add_column("Source")
    for item in result["items"]:
        when = item["when"] + (" *" if item.get("inferred") else "")
        sources = ", ".join(sorted({ev["source"] for ev in item["evidence"]}))
        kind = item.get("type_label") if item["kind"] == "entity" else item["relation"]
        table.add_row(when, Text(item["text"]),
                      kind or "", sources)
    console.out().print(table)
    if any(item.get("inferred") for item in result["items"]):
        console.out().print(Text("* date inferred from context (see --json for why)",
                                 style="dim"))
    left_out(result)


def not_understood(message: str, suggestions: list[str]) -> None:
    message, suggestions = console.safe(message), console.safe_data(suggestions)
    err = console.err()
    err.print(Text(f"kgraph: {message}"))
    if suggestions:
        err.print(Text("Try one of:"))
        for s in suggestions:
            err.print(Text(f"  {s}", style="bold"))


def answer(result: dict[str, Any]) -> None:
    result = console.safe_data(result)
    out = console.out()
    from kgraph.cli.plain import _head

    for line in _head(result, out.width):
        out.print(Text(line, style="dim" if not line.startswith("Answer:") else "bold"))
    detail = result.get("detail")
    intent = result["interpretation"]["intent"]
    if intent == "path" and detail:
        paths(detail)
        return
    if intent == "lineage" and detail:
        lineage(detail)
        return
    if intent == "who-is" and detail and len(result["answers"]) == 1:
        card(detail)
        return
    table = Table(box=_box())
    table.add_column("Answer")
    table.add_column("Type")
    table.add_column("How")
    table.add_column("Evidence")
    for a in result["answers"]:
        ev = a["evidence"][0] if a["evidence"] else None
        quote = Text()
        if ev:
            quote.append_text(_marked(f"“{ev['quote']}”", ""))
            quote.append(f" — {ev.get('title') or ev['source']}", style="dim")
        when = a.get("date") or a.get("start") or ""
        name = Text(a["name"] + (f" ({when})" if when else ""))
        how = Text(a.get("how", ""))
        for note in a.get("claim_notes") or []:  # inferred, attributed: said, with why
            how.append(f"\n({note})", style="yellow")
        table.add_row(name, a.get("type_label", a["type"]), how, quote)
    out.print(table)
    left_out(result, "answers")
