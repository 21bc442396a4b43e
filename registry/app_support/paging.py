"""Pages of a big table: which rows a page shows, and how many pages there are (no Streamlit here).

The app keeps each whole-registry answer in memory once per registry version (app_pages/common.py), so a page
of it is a slice of that frame: the Cypher stays whole, its answer cached, and no query runs again when a
reader turns a page. What costs at 10,000 practices is drawing every row, not reading them; a page draws
``PAGE_SIZE`` rows, in the order the query returned them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: Rows drawn at once: enough to scan by eye, few enough to draw in a blink.
PAGE_SIZE = 100


@dataclass(frozen=True)
class Page:
    """One page of a table: its rows, which page it is (from 1), of how many, and the rows' place in the whole."""

    rows: pd.DataFrame
    number: int
    pages: int
    total: int
    #: The first and last rows shown, counted from 1 in the whole table (both 0 when it is empty).
    first: int
    last: int


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """How many pages ``total`` rows fill, ``size`` at a time: at least one, an empty table's."""
    if size < 1:
        raise ValueError(f"a page holds at least one row, not {size}")
    return max(1, -(-max(total, 0) // size))


def clamp_page(number: int, pages: int) -> int:
    """``number`` brought within 1..``pages``: a filter that shrank the table never leaves a reader past its end."""
    return min(max(int(number), 1), max(pages, 1))


def page_of(table: pd.DataFrame, number: int, size: int = PAGE_SIZE) -> Page:
    """Page ``number`` (from 1, clamped) of ``table``, its rows in the table's own order."""
    pages = page_count(len(table), size)
    number = clamp_page(number, pages)
    start = (number - 1) * size
    rows = table.iloc[start : start + size]
    first, last = (start + 1, start + len(rows)) if len(rows) else (0, 0)
    return Page(rows, number, pages, len(table), first, last)
