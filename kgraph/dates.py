"""ISO 8601 calendar dates, possibly partial: YYYY, YYYY-MM or YYYY-MM-DD."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")  # ASCII digits only


def check_date(value: Any) -> str | None:
    """The ISO date text for ``value``, or None when it is not a valid (partial) date."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 1 <= value <= 9999:
        value = f"{value:04d}"
    if not isinstance(value, str):
        return None
    m = _DATE.match(value)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return value


def dates_text(attrs: dict[str, Any]) -> str:
    """A record's date in words: "2017-12", "2017-12-06 to 2017-12-07", "from 2018",
    "until 2019", or "" when it has none."""
    if attrs.get("date"):
        return str(attrs["date"])
    if attrs.get("start") and attrs.get("end"):
        return f"{attrs['start']} to {attrs['end']}"
    if attrs.get("start"):
        return f"from {attrs['start']}"
    if attrs.get("end"):
        return f"until {attrs['end']}"
    return ""
