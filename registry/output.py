"""Render query results as a table, CSV or JSON (shared by the CLI and the app).

CSV here is meant for people, who open it in a spreadsheet program: a text
cell that program would run as a formula gets a leading quote
(``registry.csv_safety``); numbers are left as they are.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from registry.csv_safety import neutralise_formula

if TYPE_CHECKING:  # frames arrive ready-made; the CLI starts faster without importing pandas
    import pandas as pd

FORMATS = ("table", "csv", "json")


def _cell(value: Any) -> Any:
    """Flatten a value for CSV and tables: lists joined, booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_cell(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value is None:
        return ""
    return value


def flat_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(lambda column: column.map(_cell)) if len(frame) else frame.astype(object)


def to_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV to open in a spreadsheet: no cell, column name included, can run as a formula."""
    safe = flat_frame(frame).apply(lambda column: column.map(neutralise_formula)) if len(frame) else frame
    safe = safe.set_axis([neutralise_formula(str(name)) for name in frame.columns], axis="columns")
    return str(safe.to_csv(index=False, lineterminator="\n"))


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def to_json(frame: pd.DataFrame) -> str:
    records = [{str(k): _jsonable(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
    return json.dumps(records, ensure_ascii=False, indent=2)


def to_table(frame: pd.DataFrame, max_width: int = 60) -> str:
    if frame.empty:
        return "(no rows)" if len(frame.columns) == 0 else "(no rows) columns: " + ", ".join(map(str, frame.columns))
    flat = flat_frame(frame).astype(str)
    flat = flat.apply(lambda c: c.map(lambda v: v if len(v) <= max_width else v[: max_width - 1] + "…"))
    widths = {c: max(len(str(c)), *(len(v) for v in flat[c])) for c in flat.columns}
    lines = ["  ".join(str(c).ljust(widths[c]) for c in flat.columns)]
    lines.append("  ".join("-" * widths[c] for c in flat.columns))
    for _, row in flat.iterrows():
        lines.append("  ".join(row[c].ljust(widths[c]) for c in flat.columns))
    return "\n".join(line.rstrip() for line in lines)


def render(frame: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "json":
        return to_json(frame) + "\n"
    return to_table(frame) + "\n"
