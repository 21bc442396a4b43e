"""Column widths and row heights that fit a table into the page at 1280 px, the answer in view.

A page names the column a row is known by (a practice's title), the columns
that answer the page's question, and the rest. The answer columns come
right after the name and get the width their content needs; the name takes
what is left, and its text wraps onto up to ``MAX_LINES`` lines instead of
being cut; the rest follow and may need a sideways scroll at 1280 px, never
the answer. Nothing here imports Streamlit: the page turns widths into its
column configuration (app_pages/common.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

#: The width a table may take in the main column at a 1280 px wide window with the sidebar open.
PAGE_WIDTH_PX = 800
#: Pixels per character of the app's font at table size (an average, from screenshots), and per line.
CHAR_PX = 7.4
LINE_PX = 20
ROW_PADDING_PX = 15
SINGLE_ROW_PX = 35
MAX_LINES = 3
#: Narrow columns are given their content's width, between these bounds (wider text wraps).
NARROW_MIN_PX, NARROW_MAX_PX = 56, 190
NAME_MIN_PX = 220


@dataclass(frozen=True)
class Fit:
    """Column order and widths (px) for a table, and the height of its rows."""

    order: list[str]
    widths: dict[str, int]
    row_height: int


def text_width(values: Iterable[Any], header: str) -> int:
    """Pixels for the longest value (or the header) of a column on one line."""
    longest = max([len(str(header))] + [len(_shown(v)) for v in values])
    return int(longest * CHAR_PX) + 24


def _shown(value: Any) -> str:
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def fit_table(
    table: pd.DataFrame,
    name: str | Sequence[str],
    answer: Sequence[str] = (),
    *,
    page_px: int = PAGE_WIDTH_PX,
    hidden: Sequence[str] = ("id",),
    fixed: dict[str, int] | None = None,
) -> Fit:
    """Widths for ``table``: the ``name`` column(s) first, then ``answer``, then the others in their order.

    A row may be known by two columns (a pair of practices): they share the name's room. ``fixed`` gives
    some columns a width of their own (a progress bar, a mark)."""
    names = [name] if isinstance(name, str) else list(name)
    fixed = dict(fixed or {})
    answer = [c for c in answer if c in table.columns]
    rest = [c for c in table.columns if c not in (*names, *answer, *hidden)]
    order = [*names, *answer, *rest]
    widths: dict[str, int] = {}
    for column in [*answer, *rest]:
        natural = text_width(table[column], column) if len(table) else text_width([], column)
        widths[column] = fixed.get(column, max(NARROW_MIN_PX, min(natural, NARROW_MAX_PX)))
    # The names take what the answer columns leave on the page (the other columns may scroll into view).
    answer_px = sum(widths[c] for c in answer)
    in_view = sum(widths[c] for c in [*answer, *rest])
    room = page_px - (in_view if in_view + NAME_MIN_PX * len(names) <= page_px else answer_px)
    for column in names:
        widths[column] = max(NAME_MIN_PX, room // len(names))
    lines = 1
    for column in order:
        lines = max([lines] + [_lines(v, widths[column]) for v in table[column]])
    return Fit(order, widths, row_height(min(lines, MAX_LINES)))


def _lines(value: Any, width_px: int) -> int:
    per_line = max(int((width_px - 16) / CHAR_PX), 1)
    text = _shown(value)
    if not text:
        return 1
    # Words do not break: count lines as a reader's wrap would, word by word.
    lines, used = 1, 0
    for word in text.split():
        needed = len(word) + (1 if used else 0)
        if used + needed > per_line and used:
            lines, used = lines + 1, len(word)
        else:
            used += needed
    return lines


def row_height(lines: int) -> int:
    return SINGLE_ROW_PX if lines <= 1 else lines * LINE_PX + ROW_PADDING_PX


def visible_columns(fit: Fit, page_px: int = PAGE_WIDTH_PX) -> list[str]:
    """The columns that show without a sideways scroll."""
    shown, used = [], 0
    for column in fit.order:
        used += fit.widths[column]
        if used > page_px + 2:
            break
        shown.append(column)
    return shown
