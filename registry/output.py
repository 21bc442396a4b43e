"""Write query results as CSV, TSV or JSON (shared by the CLI and the app).

Results travel as a list of column names and a list of rows, so the CLI can
print what it builds itself (the query list, a query's description) without
importing pandas; a frame from a store is turned into rows by ``frame_rows``.

CSV here is meant for people, who open it in a spreadsheet program: a text
cell that program would run as a formula gets a leading quote
(``registry.csv_safety``); numbers are left as they are. TSV is meant for
pipes (``cut``, ``awk``, ``sort``): one line per row, so a tab, a line break
or a backslash inside a cell is written as ``\\t``, ``\\n``, ``\\\\`` — the
convention of PostgreSQL's and MySQL's text output.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from registry.csv_safety import neutralise_formula

if TYPE_CHECKING:  # frames arrive ready-made; the CLI starts faster without importing pandas
    import pandas as pd

Row = Sequence[Any]

_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


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


def cell_text(value: Any) -> str:
    """One value as the text a table or TSV cell shows."""
    return str(_cell(value))


def flat_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(lambda column: column.map(_cell)) if len(frame) else frame.astype(object)


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "item"):  # numpy scalars: their repr is not the number CSV and JSON should hold
        return _jsonable(value.item())
    return value


def frame_rows(frame: pd.DataFrame) -> tuple[list[str], list[list[Any]]]:
    """A frame's column names and its rows of plain Python values."""
    columns = [str(name) for name in frame.columns]
    return columns, [[_jsonable(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def csv_text(columns: Sequence[str], rows: Sequence[Row]) -> str:
    """CSV to open in a spreadsheet: no cell, column name included, can run as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise_formula(str(name)) for name in columns])
    for row in rows:
        writer.writerow([neutralise_formula(_cell(_jsonable(v))) for v in row])
    return buffer.getvalue()


def _tsv_cell(value: Any) -> str:
    text = cell_text(_jsonable(value))
    return "".join(_TSV_ESCAPES.get(char, char) for char in text)


def tsv_text(columns: Sequence[str], rows: Sequence[Row]) -> str:
    lines = ["\t".join(_tsv_cell(name) for name in columns)]
    lines += ["\t".join(_tsv_cell(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def json_text(columns: Sequence[str], rows: Sequence[Row]) -> str:
    records = [{str(name): _jsonable(v) for name, v in zip(columns, row, strict=True)} for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=2)


def to_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV to open in a spreadsheet: no cell, column name included, can run as a formula."""
    return csv_text(*frame_rows(frame))


def to_json(frame: pd.DataFrame) -> str:
    return json_text(*frame_rows(frame))
