"""Dates in a question: "in 2018", "early December 2017", "June 12 to 14", "in June" (any
year), the dates of an event named with "during" or "at the time of", and the time before
or after a date or an event ("before the Cartagena summit", "since 2017", "after June")."""

from __future__ import annotations

import calendar
import datetime
import re
from typing import TYPE_CHECKING

from kgraph.ask.atom import Atom
from kgraph.ask.words import MONTHS, PART_OF_MONTH, Token

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph


def _day(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _month_span(y: int, m: int, part: str | None) -> tuple[str, str]:
    last = calendar.monthrange(y, m)[1]
    if part is None:
        return f"{y:04d}-{m:02d}", f"{y:04d}-{m:02d}"
    lo, hi = PART_OF_MONTH[part]
    return _day(y, m, lo), _day(y, m, min(hi, last))


_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
# a part of a month or a year: "early" (before it) or "the end of" (with "of")
_PARTS = {**{w: w for w in PART_OF_MONTH}, "beginning": "early", "start": "early",
          "end": "late"}
_PARTS_OF_YEAR = {"early": (1, 4), "beginning": (1, 3), "start": (1, 3), "mid": (5, 8),
                  "middle": (5, 8), "late": (9, 12), "end": (10, 12)}


def dates(tokens: list[Token], taken: list[bool]) -> list[Atom]:
    """Dates: '2018', 'December 2017', 'early December 2017', 'June 12, 2019', '12 June
    2019', 'December 14' (year from another date in the question), '2017-12'."""
    atoms: list[Atom] = []
    words = [t.norm for t in tokens]
    n = len(words)
    i = 0
    years = [int(w) for w in words if _YEAR.match(w)]
    while i < n:
        w = words[i]
        part, j = None, i
        if w in _PARTS and i + 1 < n:
            # "early December", "the end of December 2017", "late 2017", "the end of 2017"
            k = i + 2 if words[i + 1] == "of" and i + 2 < n else i + 1
            if words[k] in MONTHS and (k == i + 1) == (w in PART_OF_MONTH):
                part, j = _PARTS[w], k
            elif _YEAR.match(words[k]) and (k == i + 1) == (w in PART_OF_MONTH):
                lo, hi = _PARTS_OF_YEAR[w]
                y = int(words[k])
                atoms.append(Atom("date", i, k + 1, " ".join(words[i:k + 1]), period=(
                    f"{y:04d}-{lo:02d}", f"{y:04d}-{hi:02d}")))
                for x in range(i, k + 1):
                    taken[x] = True
                i = k + 1
                continue
        if j < n and words[j] in MONTHS and not (words[j] == "may" and not _dated_may(words, j)):
            m = MONTHS[words[j]]
            k = j + 1
            day: int | None = None
            last: int | None = None
            found = _day_of(words[k]) if k < n and not _YEAR.match(words[k]) else None
            if found:
                day = found
                k += 1
                # "December 6 and 7", "June 12 to 14", "June 12-14": the days between
                then = _day_of(words[k + 1]) if k + 1 < n and not _YEAR.match(words[k + 1]) \
                    else None
                one = _day_of(words[k]) if k < n else None
                if then and day < then and words[k] in ("and", "to", "through", "until", "till"):
                    last = then
                    k += 2
                elif one and day < one and tokens[k - 1].start == tokens[k].start:  # ("6-7")
                    last = one
                    k += 1
            to_month = None
            if not found and part is None and k + 1 < n and words[k] in ("and", "or", "&") \
                    and words[k + 1] in MONTHS and MONTHS[words[k + 1]] > m:
                # "February and May": both months, read as the months from one to the other
                to_month = MONTHS[words[k + 1]]
                k += 2
            if k < n and words[k] == "of":
                k += 1
            year = int(words[k]) if k < n and _YEAR.match(words[k]) else None
            if year is not None:
                k += 1
            elif years:
                year = years[0]
            if day is None:  # "7 December", "6-7 December", "the 6th and 7th of December"
                before = _days_before(tokens, taken, i)
                if before is not None:
                    day, last, i = before
            if year is None and (i > 0 and words[i - 1] in ("in", "during", "of", "since")
                                 or part or (tokens[j].text[:1].isupper() or day is not None
                                             or words[j] in _ABBREVIATED)
                                 and words[j] != "may"):  # ("on dec 14", typed in lower case)
                year = 0  # "in June": that month, whichever year
            if year is not None:
                period = (_day(year, m, day), _day(year, m, last or day)) if day else \
                    _month_span(year, m, part)
                if to_month is not None:
                    period = (period[0], _month_span(year, to_month, None)[1])
                atoms.append(Atom("date", i, k, " ".join(words[i:k]), period=period))
                for x in range(i, k):
                    taken[x] = True
                i = k
                continue
        bare = _bare_day(words, i)
        if bare is not None and not taken[i] and not taken[i + 1]:
            # "the dialogue of the 14th": that day of any month, whichever year
            atoms.append(Atom("date", i, i + 2, " ".join(words[i:i + 2]),
                              period=(f"0000-00-{bare:02d}", f"0000-00-{bare:02d}")))
            taken[i] = taken[i + 1] = True
            i += 2
            continue
        if _YEAR.match(w) and not taken[i]:
            atoms.append(Atom("date", i, i + 1, w, period=(w, w)))
            taken[i] = True
        i += 1
    return atoms


_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_SUFFIXED = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
# what may follow a day said without its month: the question goes on, no noun of its own
_AFTER_DAY = frozenset({"and", "or", "in", "at", "with", "when", "where", "who", "that",
                        "which", "did", "was", "were", "for", "from", "by"})


def _bare_day(words: list[str], i: int) -> int | None:
    """The day of "the 14th" said without a month (no month and no noun after it: not "the
    14th of December", "the 14th amendment"), or None."""
    if words[i] != "the" or i + 1 >= len(words):
        return None
    m = _SUFFIXED.match(words[i + 1])
    if m is None or not 1 <= int(m.group(1)) <= 31:
        return None
    after = words[i + 2] if i + 2 < len(words) else None
    if after is not None and (after not in _AFTER_DAY or any(
            w in MONTHS for w in words[i + 2:i + 6])):
        return None  # (nor "the 6th and 7th of December")
    return int(m.group(1))


def _day_of(word: str) -> int | None:
    """The day of the month ``word`` says ("14", "14th", "1st"), or None."""
    m = _ORDINAL.match(word)
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 31 else None


def _days_before(tokens: list[Token], taken: list[bool], i: int
                 ) -> tuple[int, int | None, int] | None:
    """The days said before a month's name at ``i`` ("7 December", "6-7 December", "6 and
    7 December", "the 14th of December", "the 6th and 7th of"): the first, the last (None
    for one day) and where they begin; None when none is."""
    words = [t.norm for t in tokens]
    k = i - 1
    if k >= 1 and words[k] == "of" and not words[k - 1].isdigit():
        k -= 1  # ("the 14th of December"; not "3 of December")
    last = _day_of(words[k]) if k >= 0 and words[k] != "of" and not taken[k] else None
    if last is None:
        return None
    first = _day_of(words[k - 1]) if k >= 1 and not taken[k - 1] else None
    if first and first < last and tokens[k - 1].start == tokens[k].start:
        return first, last, k - 1  # (one word: "6-7")
    first = _day_of(words[k - 2]) if k >= 2 and words[k - 1] == "and" and not taken[k - 2] \
        else None
    if first and first < last:
        return first, last, k - 2
    return last, None, k


# months' short names that are no other word: a month, typed in lower case too ("his feb
# meetings"; not "mar" or "jun", which can be)
_ABBREVIATED = frozenset({"jan", "feb", "apr", "aug", "sept", "oct", "nov", "dec"})


def _dated_may(words: list[str], j: int) -> bool:
    """'may' is the month when a year or a day is next to it or 'in' comes before."""
    nxt = words[j + 1] if j + 1 < len(words) else ""
    prev = words[j - 1] if j else ""
    return bool(_YEAR.match(nxt) or nxt.isdigit() or prev in ("in", "early", "late", "mid"))


# the words that put a time before or after a date or an event, and which way
_SIDES = {("before",): "before", ("prior", "to"): "before", ("ahead", "of"): "before",
          ("until",): "before", ("till",): "before", ("earlier", "than"): "before",
          ("after",): "after", ("since",): "since", ("following",): "after",
          ("later", "than"): "after", ("wake", "of"): "after"}
EARLIEST, LATEST = "1000-01-01", "9999-12-31"  # (the open ends of such a time)
# the words that may lead an event's time ("after", "prior to", "at the time of", ...)
TIME_LEADS = frozenset(w for key in _SIDES for w in key) | {"during", "at", "the", "time", "of"}


def times_of(kg: KnowledgeGraph, tokens: list[Token], found: list[Atom]) -> list[Atom]:
    """"at the time of the Cartagena summit", "during the summit": the dates of a dated
    entity, as a date of the question; "before the summit", "after 2017": the time on that
    side of it."""
    out = list(found)
    for a in list(out):
        k = out.index(a)
        lead = [b for b in out[max(0, k - 4):k] if b.kind != "filler"]
        words = [tokens[i].norm for b in lead for i in range(b.start, b.end)]
        side = next(((n, v) for n in (2, 1) for key, v in _SIDES.items()
                     if len(key) == n and tuple(words[-n:]) == key), None)
        if side and lead[-1].kind == "relation" and lead[-1].end - lead[-1].start > side[0]:
            side = None  # ("what came before the summit": a word of a relation's)
        if a.kind == "date" and a.period and side and not a.period[0].startswith("0000"):
            start = _start_of(lead, side[0])
            anchor = a.period
            period = _beyond(a.period, side[1])
        elif a.kind == "entity" and len(a.ids) == 1 and a.ids[0] in kg.graph and (
                side or words[-1:] == ["during"] or words[-3:] == ["at", "time", "of"]):
            attrs = kg.graph.nodes[a.ids[0]]
            lo = attrs.get("start") or attrs.get("date")
            hi = attrs.get("end") or attrs.get("date") or lo
            if not lo:
                continue
            period = anchor = (str(lo), str(hi))
            if side:
                start = _start_of(lead, side[0])
                period = _beyond(period, side[1])
            else:
                start = lead[-1].start if words[-1:] == ["during"] else lead[-3].start
        else:
            continue
        if side:  # "in the month before the summit", "the year after 2016": that one
            start, period = _unit_beside(tokens, start, anchor, side[1]) or (start, period)
        out = [b for b in out if not (start <= b.start < a.start)]
        out[out.index(a)] = Atom("date", start, a.end, " ".join(
            t.norm for t in tokens[start:a.end]), period=period)
    return out


_UNITS = ("month", "year")


def _unit_beside(tokens: list[Token], start: int, period: tuple[str, str], side: str
                 ) -> tuple[int, tuple[str, str]] | None:
    """"(in) the month before X", "the year after X": the calendar month or year next to
    X's ``period``, on that side ("the year before the December 2017 dialogue" is 2016),
    with the token the phrase starts at; None when no such word comes before ``start``."""
    if side == "since" or start == 0 or tokens[start - 1].norm not in _UNITS:
        return None
    unit = tokens[start - 1].norm
    first = start - 1
    if first and tokens[first - 1].norm in ("the", "a", "one"):
        first -= 1
        if first and tokens[first - 1].norm in ("in", "during", "within"):
            first -= 1
    if side == "before":
        day = _bound(period[0], last=False)
        day = day.replace(day=1) - datetime.timedelta(days=1) if unit == "month" \
            else datetime.date(day.year - 1, 12, 31)
    else:
        day = _bound(period[1], last=True)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) \
            if unit == "month" else datetime.date(day.year + 1, 1, 1)
    if unit == "year":
        return first, (f"{day.year}-01-01", f"{day.year}-12-31")
    last = calendar.monthrange(day.year, day.month)[1]
    return first, (f"{day.year}-{day.month:02d}-01", f"{day.year}-{day.month:02d}-{last:02d}")


def _start_of(lead: list[Atom], n: int) -> int:
    """The first token of the last ``n`` words of ``lead``."""
    at = [i for b in lead for i in range(b.start, b.end)]
    return at[-n]


def _beyond(period: tuple[str, str], side: str) -> tuple[str, str]:
    """The time before the period's first day, after its last, or since its first."""
    if side == "since":
        return _bound(period[0], last=False).isoformat(), LATEST
    if side == "before":
        first = _bound(period[0], last=False) - datetime.timedelta(days=1)
        return EARLIEST, first.isoformat()
    last = _bound(period[1], last=True) + datetime.timedelta(days=1)
    return last.isoformat(), LATEST


def _bound(value: str, last: bool) -> datetime.date:
    """The first (or last) day a partial ISO date covers."""
    parts = [int(p) for p in value.split("-")]
    y, m = parts[0], parts[1] if len(parts) > 1 else (12 if last else 1)
    d = parts[2] if len(parts) > 2 else (calendar.monthrange(y, m)[1] if last else 1)
    return datetime.date(y, m, d)
