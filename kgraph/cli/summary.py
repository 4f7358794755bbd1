"""What a listing left out, in one line ("... and 51,732 more: 30,112 people, ..."), for the
terminal renderer and for plain output alike (no rich here)."""

from __future__ import annotations

from typing import Any

KINDS_SHOWN = 4  # entity types (and relations) named in the summary of what was left out


def counted(items: list[dict[str, Any]], key: str = "label", after: bool = False) -> str:
    parts = [f"{i[key]} ({i['count']:,})" if after else f"{i['count']:,} {i[key]}"
             for i in items[:KINDS_SHOWN]]
    if len(items) > KINDS_SHOWN:
        rest = sum(i["count"] for i in items[KINDS_SHOWN:])
        parts.append(f"others ({rest:,})" if after else f"{rest:,} others")
    return ", ".join(parts)


HINT = "--limit 0 for all, --offset N for the next page, --json for scripts"


def left_summary(result: dict[str, Any], noun: str = "", hint: bool = True) -> str | None:
    """'... and 51,732 more: 30,112 people, 12,004 meetings, ...; --limit 0 for all,
    --json for scripts', for a listing that was cut (None when nothing was left out)."""
    if not result.get("truncated"):
        return None
    shown, offset, total = result["shown"], result.get("offset") or 0, result["total"]
    more = total - shown
    paged = bool(offset and shown)
    text = (f"… showing {offset + 1:,}-{offset + shown:,} of {total:,}" if paged
            else f"… and {more:,} more{(' ' + noun) if noun else ''}")
    left = result.get("left_out") or {}
    if not paged and left.get("types"):
        text += ": " + counted(left["types"])
    if not paged and left.get("relations"):
        text += "; via " + counted(left["relations"], after=True)
    return text + (f"; {HINT}" if hint else "")
