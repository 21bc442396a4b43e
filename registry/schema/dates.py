"""Dates as sources give them: a year, a full date, or a period that may still run.

Every form is kept as one text in ISO 8601 style, so it reads the same in a
YAML file, a spreadsheet cell and a graph property:

- ``2001`` (a year), ``2014-06`` (a month), ``2014-06-11`` (a day);
- ``2001/2013`` (a period), ``2001/..`` (since 2001, still running).

Input may also be a number, a YAML date, ``2001-2013`` or ``2001–2013``,
``since 2001`` (or ``depuis``/``desde``) and ``{start: …, end: …}``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

from registry.schema.vocabulary import FIRST_PLAUSIBLE_YEAR, LAST_PLAUSIBLE_YEAR

_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$")
_SINCE = re.compile(r"^(?:since|depuis|desde|from)\s+(.+)$", re.IGNORECASE)
OPEN_END = ".."


def _point(text: str) -> str:
    match = _POINT.match(text)
    if match is None:
        raise ValueError(
            f"'{text}' is not a date: write a year (2001), a month (2014-06) or a day (2014-06-11), "
            "or a period such as 2001/2013 or 'since 2001'"
        )
    year, month, day = match.groups()
    if not FIRST_PLAUSIBLE_YEAR <= int(year) <= LAST_PLAUSIBLE_YEAR:
        raise ValueError(f"the year {year} is outside {FIRST_PLAUSIBLE_YEAR}–{LAST_PLAUSIBLE_YEAR}")
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"'{text}' is not a date in the calendar") from None
    return text


def _sort_key(point: str, *, end: bool) -> tuple[int, int, int]:
    """Where a point falls: a year starts in January when it opens a period and ends in December when it closes one."""
    parts = [int(p) for p in point.split("-")]
    low, high = [1, 1], [12, 31]
    filler = high if end else low
    return (parts[0], *(parts[1:] + filler[len(parts) - 1 :]))  # type: ignore[return-value]


def _period(start: str, end: str | None) -> str:
    start = _point(start)
    if end is None:
        return f"{start}/{OPEN_END}"
    end = _point(end)
    if _sort_key(end, end=True) < _sort_key(start, end=False):
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    return f"{start}/{end}"


def parse_when(value: Any) -> Any:
    """The canonical text of a date or period, or a ValueError saying what is wrong."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("a date cannot be true or false")
    if isinstance(value, int):
        return _point(str(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _point(value.isoformat())
    if isinstance(value, dict):
        unknown = set(value) - {"start", "end"}
        if unknown or "start" not in value:
            raise ValueError("a period is written {start: …, end: …} (end may be left out while it still runs)")
        end = value.get("end")
        return _period(str(parse_when(value["start"])), None if end is None else str(parse_when(end)))
    if not isinstance(value, str):
        raise ValueError("a date is a year, a date such as 2014-06-11 or a period such as 2001/2013")
    text = value.strip()
    if since := _SINCE.match(text):
        return _period(since.group(1).strip(), None)
    if years := _YEAR_RANGE.match(text):
        return _period(years.group(1), years.group(2))
    if "/" in text:
        start, _, end = (part.strip() for part in text.partition("/"))
        return _period(start, None if end in ("", OPEN_END) else end)
    return _point(text)


When = Annotated[str, BeforeValidator(parse_when)]


def when_years(when: str | None) -> tuple[int | None, int | None]:
    """The first and last year a date or period covers (last is None while a period still runs)."""
    if when is None:
        return None, None
    start, _, end = when.partition("/")
    first = int(start[:4])
    if not _:
        return first, first
    return first, None if end == OPEN_END else int(end[:4])
