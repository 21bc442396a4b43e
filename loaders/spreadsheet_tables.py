"""Read an .xlsx workbook or a folder of CSV files into the template's tables.

This is the layout half of the spreadsheet reader: which sheets and columns
there are, and what each cell holds as text. It refuses what the template
never needs — formulas (we read typed values, not what a formula last
showed), error values, merged cells (a merged range holds one value for many
rows), sheets or files the template does not define, unknown or doubled
columns, files over a size cap, sheets over a row cap, and CSV text that is
not UTF-8. ``loaders.spreadsheet`` turns the rows into case files.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from loaders.spreadsheet_template import SHEETS, SHEETS_BY_NAME, Sheet
from registry.errors import Problem

MAX_SPREADSHEET_BYTES = 10 * 1024 * 1024  # per workbook or per CSV file; the whole seed registry is ~0.5 MB
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an .xlsx is a zip: cap what it expands to, too
MAX_DATA_ROWS = 20_000  # per sheet
MAX_SCANNED_ROWS = 100_000  # per sheet, empty rows included
_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]+)"')


@dataclass(frozen=True)
class Refused:
    """A cell we will not read (a formula, an error value), with the reason."""

    message: str


Cell = str | None | Refused


@dataclass
class Table:
    """One sheet's data rows: (row number as the spreadsheet shows it, non-empty cells by column)."""

    sheet: Sheet
    file: str
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _text_of(value: Any) -> str | None:
    """Every cell becomes text (or None when empty); pydantic then types it like YAML input."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _xlsx_cell(cell: Any) -> Cell:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    kind = getattr(cell, "data_type", None)
    if kind == "f":
        shown = str(getattr(value, "text", value))[:60]
        return Refused(
            f"holds a formula ({shown}); coordreg reads typed values, not formulas — replace it with its "
            "value (copy the cell, then Paste special › Values)"
        )
    if kind == "e":
        return Refused(f"holds a spreadsheet error value ({value}); type the value instead")
    return _text_of(value)


def _build_table(sheet: Sheet, file: str, rows: Iterator[list[Cell]]) -> tuple[Table, list[Problem]]:
    """Check the header row and collect the data rows (empty rows are skipped)."""
    table = Table(sheet, file)
    problems: list[Problem] = []

    def problem(row: int, column: str, message: str) -> None:
        problems.append(Problem(file, f"sheet '{sheet.name}', row {row}", column, message))

    header_cells = next(rows, None)
    if header_cells is None:
        return table, problems  # an empty sheet: no rows at all
    header: list[str | None] = []
    positions: dict[str, int] = {}
    for index, cell in enumerate(header_cells):
        if isinstance(cell, Refused):
            problem(1, get_column_letter(index + 1), cell.message)
            header.append(None)
            continue
        name = cell.lower() if cell else None
        header.append(name)
        if name is None:
            continue
        if sheet.column(name) is None:
            known = ", ".join(sheet.column_names)
            problem(1, name, f"unknown column (the columns of sheet '{sheet.name}' are: {known})")
        elif name in positions:
            problem(1, name, f"this column appears twice (also column {get_column_letter(positions[name] + 1)})")
        else:
            positions[name] = index
    for column in sheet.columns:
        if column.required and column.name not in positions:
            problem(1, column.name, "this required column is missing from the header row")
    data_rows = 0
    for number, cells in enumerate(rows, start=2):
        if number > MAX_SCANNED_ROWS:
            problem(
                number,
                "",
                f"the sheet has more than {MAX_SCANNED_ROWS} rows (empty ones included); remove the "
                "empty rows at its end or split it",
            )
            break
        values: dict[str, str] = {}
        seen_anything = False
        for index, cell in enumerate(cells):
            if cell is None:
                continue
            seen_anything = True
            name = header[index] if index < len(header) else None
            if isinstance(cell, Refused):
                problem(number, name or get_column_letter(index + 1), cell.message)
            elif name is None:
                problem(number, get_column_letter(index + 1), "this cell holds a value but its column has no header")
            elif positions.get(name) == index:
                values[name] = cell
        if not seen_anything:
            continue
        data_rows += 1
        if data_rows > MAX_DATA_ROWS:
            problem(number, "", f"the sheet has more than {MAX_DATA_ROWS} rows of data; split the registry")
            break
        table.rows.append((number, values))
    return table, problems


def _too_big(path: Path) -> Problem | None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Problem(str(path), "", "", f"cannot read the file ({exc.strerror})")
    if size > MAX_SPREADSHEET_BYTES:
        cap = MAX_SPREADSHEET_BYTES // (1024 * 1024)
        message = f"the file is {size / 1e6:.1f} MB; spreadsheets are capped at {cap} MB (split the registry)"
        return Problem(str(path), "", "", message)
    return None


def _merged_ranges(archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Merged ranges by worksheet part: openpyxl's read-only mode does not report them."""
    found: dict[str, list[str]] = {}
    for info in archive.infolist():
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            refs = _MERGE_CELL.findall(archive.read(info))
            if refs:
                found[info.filename] = [r.decode("ascii", "replace") for r in refs]
    return found


def _read_workbook(path: Path) -> tuple[dict[str, Table], list[Problem]]:
    origin = str(path)
    oversize = _too_big(path)
    if oversize:
        return {}, [oversize]
    if not zipfile.is_zipfile(path):
        return {}, [
            Problem(
                origin,
                "",
                "",
                "this is not an .xlsx workbook (save it from your spreadsheet program as "
                "'Excel Workbook (.xlsx)'; old .xls files are not read)",
            )
        ]
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                return {}, [
                    Problem(
                        origin,
                        "",
                        "",
                        f"the workbook unpacks to {unpacked / 1e6:.0f} MB; the cap is "
                        f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB",
                    )
                ]
            merged = _merged_ranges(archive)
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file; all mean "unreadable"
        return {}, [Problem(origin, "", "", f"cannot read this workbook ({type(exc).__name__}: {exc})")]
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    matched_parts: set[str] = set()
    try:
        for title in workbook.sheetnames:
            sheet = SHEETS_BY_NAME.get(title.strip().lower())
            worksheet = workbook[title]
            part = str(getattr(worksheet, "_worksheet_path", "")).lstrip("/")
            matched_parts.add(part)
            if sheet is None:
                problems.append(
                    Problem(
                        origin,
                        f"sheet '{title}'",
                        "",
                        "this sheet is not part of the template "
                        f"(its sheets are: {', '.join(s.name for s in SHEETS)}); move notes to "
                        "another file and delete the sheet",
                    )
                )
                continue
            if not hasattr(worksheet, "iter_rows"):
                problems.append(Problem(origin, f"sheet '{title}'", "", "this is a chart sheet, not a table of rows"))
                continue
            if part in merged:
                ranges = ", ".join(merged[part][:5]) + (" …" if len(merged[part]) > 5 else "")
                message = (
                    f"has merged cells ({ranges}); a merged range holds one value for several cells — "
                    "unmerge them and fill every cell"
                )
                problems.append(Problem(origin, f"sheet '{sheet.name}'", "", message))
                continue
            worksheet.reset_dimensions()  # trust the rows present, not a stale dimension record
            rows = ([_xlsx_cell(c) for c in row] for row in worksheet.iter_rows())
            tables[sheet.name], found = _build_table(sheet, origin, rows)
            problems.extend(found)
    except Exception as exc:  # noqa: BLE001 - a damaged sheet part surfaces only while rows are read
        problems.append(Problem(origin, "", "", f"cannot read this workbook ({type(exc).__name__}: {exc})"))
    finally:
        workbook.close()
    for part, refs in merged.items():
        if part not in matched_parts:  # openpyxl did not tell us the sheet's part: still refuse
            problems.append(Problem(origin, "", "", f"has merged cells ({', '.join(refs[:5])}); unmerge them"))
    return tables, problems


def _csv_rows(text: str, delimiter: str) -> Iterator[list[Cell]]:
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
        yield [cell.strip() or None for cell in record]


def _read_csv_file(path: Path, sheet: Sheet) -> tuple[Table | None, list[Problem]]:
    origin = str(path)
    oversize = _too_big(path)
    if oversize:
        return None, [oversize]
    raw = path.read_bytes()
    if b"\x00" in raw:
        return None, [Problem(origin, "", "", "this is not a text file (it contains binary data)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = (
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} cannot be read); save it as 'CSV UTF-8' and retry"
        )
        return None, [Problem(origin, f"line {line}", "", message)]
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:  # Excel in many locales writes ';' (or a tab) between columns
        delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    try:
        return _build_table(sheet, origin, _csv_rows(text, delimiter))
    except csv.Error as exc:
        return None, [Problem(origin, "", "", f"this is not valid CSV ({exc}); check the quotes around that line")]


def _read_csv_folder(folder: Path) -> tuple[dict[str, Table], list[Problem]]:
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv"):
        sheet = SHEETS_BY_NAME.get(path.stem.strip().lower())
        if sheet is None:
            problems.append(
                Problem(
                    str(path),
                    "",
                    "",
                    "this file is not part of the template (its files are: "
                    f"{', '.join(s.name + '.csv' for s in SHEETS)}); remove or rename it",
                )
            )
            continue
        if sheet.name in tables:
            problems.append(Problem(str(path), "", "", f"a second file for sheet '{sheet.name}'"))
            continue
        table, found = _read_csv_file(path, sheet)
        problems.extend(found)
        if table is not None:
            tables[sheet.name] = table
    return tables, problems


def tables_at(path: Path) -> tuple[dict[str, Table], list[Problem], str]:
    """The tables of a workbook or CSV folder, the layout problems, and the name to report."""
    if path.is_dir():
        return (*_read_csv_folder(path), str(path))
    if path.suffix.lower() == ".csv":
        if path.name.lower() == "practices.csv":
            return (*_read_csv_folder(path.parent), str(path.parent))
        message = "a CSV template is a folder of files (practices.csv, actors.csv …): give the folder, not one file"
        return {}, [Problem(str(path), "", "", message)], str(path)
    return (*_read_workbook(path), str(path))
