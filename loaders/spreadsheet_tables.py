"""Read an .xlsx workbook or a folder of CSV files into the template's tables.

This is the layout half of the spreadsheet reader: which sheets and columns
there are, and what each cell holds as text. It refuses what the template
never needs — formulas (we read typed values, not what a formula last
showed), error values, merged cells (a merged range holds one value for many
rows), sheets or files the template does not define, unknown or doubled
columns, files over a size cap, sheets over a row cap, and CSV text that is
not UTF-8. ``loaders.spreadsheet`` turns the rows into case files.

Everything is bounded by what is actually read, never by what a file says
about itself: a workbook is measured by ``loaders.xlsx_scan`` before openpyxl
builds anything, a CSV row is cut off past a length cap, the cells of a
whole spreadsheet are counted, and each sheet reports at most
``MAX_PROBLEMS_PER_SHEET`` problems (a row of a million stray values would
otherwise be a million messages). A cell starting with the quote that a CSV
export puts before text a spreadsheet would take for a formula loses that
quote (``registry.csv_safety``), so exports load back exactly.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from loaders.input_files import OversizeInput, UnreadableInput, entry_problem, read_input_file
from loaders.spreadsheet_template import SHEETS, SHEETS_BY_NAME, Sheet
from loaders.xlsx_scan import MAX_CELLS, WorkbookRefused, scan_workbook
from registry.csv_safety import restore_formula
from registry.errors import Problem

# Per workbook, per CSV file, and for all the CSV files of a folder together; the whole seed registry is ~0.5 MB.
MAX_SPREADSHEET_BYTES = 10 * 1024 * 1024
MAX_DATA_ROWS = 20_000  # per sheet
MAX_SCANNED_ROWS = 100_000  # per sheet, empty rows included
MAX_CSV_ROW_CHARACTERS = 1_000_000  # one row of a CSV file; a cell holds at most 32,767 characters in Excel
MAX_PROBLEMS_PER_SHEET = 100
_CSV_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")  # what csv.reader expects: one line with its ending

# Sheets (or CSV files) that `coordreg template` adds for the researcher to read, never data: skipped by name.
REFERENCE_SHEETS = ("README", "lists", "registry_actors", "registry_sources")
_REFERENCE_NAMES = frozenset(name.lower() for name in REFERENCE_SHEETS)

# Number columns where a `;`-separated CSV may write the decimal with a comma. Years stay whole numbers.
DECIMAL_COLUMNS = frozenset({
    ("evidence_figures", "value"), ("evidence_figures", "low"), ("evidence_figures", "high"),
    ("mechanisms", "order"), ("practices", "display_order"),
})  # fmt: skip
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


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


class _TooManyProblems(Exception):
    """A sheet has reported as many problems as is useful: stop reading it."""


@dataclass
class CellBudget:
    """The cells one spreadsheet may hold (a workbook, or every file of a CSV folder), spent as rows are read."""

    left: int = MAX_CELLS

    def spend(self, cells: int) -> bool:
        self.left -= cells
        return self.left >= 0


def _number_text(text: str, delimiter: str | None) -> str | Refused:
    """A number column's cell: a decimal comma is the point in a `;`-separated CSV, and refused elsewhere.

    Only `;` marks a file from a decimal-comma locale: Excel writes `;` between columns exactly where the
    comma is the decimal mark. A tab- or comma-separated file may come from a locale where `1,234` means
    a thousand and more, so a comma there is never guessed at."""
    if "," not in text:
        return text
    decimal = _DECIMAL_COMMA.fullmatch(text) is not None
    if delimiter == ";":
        if decimal:
            return text.replace(",", ".")
        return Refused(
            f"'{text}' is not a number coordreg can read: write the digits with no thousands separator and a "
            "decimal comma (1234,5)"
        )
    if not decimal:
        return Refused(f"'{text}' is not a number: write it with no thousands separator and a decimal point (1234.5)")
    point = text.replace(",", ".")
    if delimiter is None:
        return Refused(f"'{text}' is text with a decimal comma: write {point}, or type the cell as a number")
    return Refused(
        f"'{text}' has a decimal comma, and in this file commas separate the columns: write {point} (a file "
        f"saved with ';' between the columns may keep {text})"
    )


def _build_table(
    sheet: Sheet, file: str, rows: Iterator[list[Cell]], budget: CellBudget, delimiter: str | None = None
) -> tuple[Table, list[Problem]]:
    """Check the header row and collect the data rows (empty rows are skipped)."""
    table = Table(sheet, file)
    problems: list[Problem] = []

    def problem(row: int, column: str, message: str) -> None:
        if len(problems) >= MAX_PROBLEMS_PER_SHEET:
            message = (
                f"more than {MAX_PROBLEMS_PER_SHEET} problems in this sheet; the first ones are listed above — "
                "fix them and check the sheet again"
            )
            problems.append(Problem(file, f"sheet '{sheet.name}', row {row}", "", message))
            raise _TooManyProblems
        problems.append(Problem(file, f"sheet '{sheet.name}', row {row}", column, message))

    with contextlib.suppress(_TooManyProblems):  # the problems so far are the report
        _fill_table(table, rows, budget, problem, delimiter)
    return table, problems


def _fill_table(
    table: Table,
    rows: Iterator[list[Cell]],
    budget: CellBudget,
    problem: Callable[[int, str, str], None],
    delimiter: str | None,
) -> None:
    """Fill ``table``; ``delimiter`` is the CSV file's column separator (None for a workbook)."""
    sheet = table.sheet
    header_cells = next(rows, None)
    if header_cells is None:
        return  # an empty sheet: no rows at all
    if not budget.spend(len(header_cells)):
        problem(1, "", _too_many_cells())
        return
    header: list[str | None] = []
    positions: dict[str, int] = {}
    for index, cell in enumerate(header_cells):
        if isinstance(cell, Refused):
            problem(1, get_column_letter(index + 1), cell.message)
            header.append(None)
            continue
        name = sheet.canonical(cell.lower()) if cell else None
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
        if not budget.spend(len(cells)):
            problem(number, "", _too_many_cells())
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
                message = "this cell holds a value but its column has no header"
                if delimiter == ";" and index >= len(header):
                    message += (
                        "; in a file whose columns are separated by ';', a cell holding a list is written "
                        'in double quotes ("ARG;URY")'
                    )
                problem(number, get_column_letter(index + 1), message)
            elif positions.get(name) == index:
                text: str | Refused = restore_formula(cell)
                if (sheet.name, name) in DECIMAL_COLUMNS:
                    text = _number_text(str(text), delimiter)
                if isinstance(text, Refused):
                    problem(number, name, text.message)
                else:
                    values[name] = text
        if not seen_anything:
            continue
        data_rows += 1
        if data_rows > MAX_DATA_ROWS:
            problem(number, "", f"the sheet has more than {MAX_DATA_ROWS} rows of data; split the registry")
            break
        table.rows.append((number, values))


def _too_many_cells() -> str:
    return (
        f"the spreadsheet holds more than {MAX_CELLS:,} cells (counting the empty cells before the last one of "
        "each row); split the registry, or delete stray values far to the right of the table"
    )


def _read_capped(path: Path) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or why it cannot be read: not a regular file, or over the size cap."""
    try:
        return read_input_file(path, MAX_SPREADSHEET_BYTES), None
    except OversizeInput as exc:
        cap = MAX_SPREADSHEET_BYTES // (1024 * 1024)
        message = f"the file is {exc.size / 1e6:.1f} MB; spreadsheets are capped at {cap} MB (split the registry)"
        return None, Problem(str(path), "", "", message)
    except UnreadableInput as exc:
        return None, Problem(str(path), "", "", str(exc))


def _unreadable_workbook(detail: object) -> str:
    return (
        f"cannot read this workbook; it looks damaged ({str(detail)[:200] or 'no detail'}) — open it in your "
        "spreadsheet program and save it again as 'Excel Workbook (.xlsx)'"
    )


def _read_workbook(path: Path) -> tuple[dict[str, Table], list[Problem]]:
    origin = str(path)
    data, unreadable = _read_capped(path)
    if data is None:
        return {}, [unreadable] if unreadable else []
    if not zipfile.is_zipfile(io.BytesIO(data)):
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
        # Measured by what it holds before openpyxl builds anything; openpyxl then reads these same bytes.
        merged = scan_workbook(data).merged
    except WorkbookRefused as exc:
        return {}, [Problem(origin, exc.place, "", exc.message)]
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file; all mean "unreadable"
        return {}, [Problem(origin, "", "", _unreadable_workbook(exc))]
    budget = CellBudget()
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    matched_parts: set[str] = set()
    try:
        for title in workbook.sheetnames:
            sheet = SHEETS_BY_NAME.get(title.strip().lower())
            worksheet = workbook[title]
            part = str(getattr(worksheet, "_worksheet_path", "")).lstrip("/")
            matched_parts.add(part)
            if title.strip().lower() in _REFERENCE_NAMES:
                continue  # the template's README, drop-down lists or registry listing: notes, not data
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
            tables[sheet.name], found = _build_table(sheet, origin, rows, budget)
            problems.extend(found)
    except Exception as exc:  # noqa: BLE001 - a damaged sheet part surfaces only while rows are read
        problems.append(Problem(origin, "", "", _unreadable_workbook(exc)))
    finally:
        workbook.close()
    for part, refs in merged.items():
        if part not in matched_parts:  # openpyxl did not tell us the sheet's part: still refuse
            problems.append(Problem(origin, "", "", f"has merged cells ({', '.join(refs[:5])}); unmerge them"))
    return tables, problems


class _RowTooLong(Exception):
    def __init__(self, row: int):
        self.row = row


class _CsvLines:
    """Hands csv.reader one line at a time, and stops a row (which may span lines) past its length cap.

    csv.reader builds a whole row before returning it: a row of millions of
    cells would be millions of strings at once.
    """

    def __init__(self, text: str):
        self.lines = (match.group() for match in _CSV_LINE.finditer(text))
        self.row_characters = 0
        self.row = 1  # as the spreadsheet shows it: the header is row 1

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.row_characters += len(line)
        if self.row_characters > MAX_CSV_ROW_CHARACTERS:
            raise _RowTooLong(self.row)
        return line

    def row_done(self) -> None:
        self.row_characters = 0
        self.row += 1


def _csv_rows(text: str, delimiter: str) -> Iterator[list[Cell]]:
    lines = _CsvLines(text)
    for record in csv.reader(lines, delimiter=delimiter, strict=True):
        lines.row_done()
        yield [cell.strip() or None for cell in record]


def _read_csv_file(path: Path, sheet: Sheet, budget: CellBudget) -> tuple[Table | None, list[Problem], int]:
    """The file's table and problems, and how many bytes it holds."""
    origin = str(path)
    raw, unreadable = _read_capped(path)
    if raw is None:
        return None, [unreadable] if unreadable else [], 0
    table, problems = _csv_table(raw, origin, sheet, budget)
    return table, problems, len(raw)


def _csv_table(raw: bytes, origin: str, sheet: Sheet, budget: CellBudget) -> tuple[Table | None, list[Problem]]:
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
    line_end = text.find("\n")
    first_line = text[: line_end if line_end >= 0 else MAX_CSV_ROW_CHARACTERS]
    delimiter = ","
    if "," not in first_line:  # Excel in many locales writes ';' (or a tab) between columns
        delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    try:
        return _build_table(sheet, origin, _csv_rows(text, delimiter), budget, delimiter)
    except _RowTooLong as exc:
        message = (
            f"this row holds more than {MAX_CSV_ROW_CHARACTERS:,} characters; a row of the template needs far "
            "fewer — check for a missing closing quote, or a line of stray separators"
        )
        return None, [Problem(origin, f"sheet '{sheet.name}', row {exc.row}", "", message)]
    except csv.Error as exc:
        return None, [Problem(origin, "", "", f"this is not valid CSV ({exc}); check the quotes around that line")]


def _read_csv_folder(folder: Path) -> tuple[dict[str, Table], list[Problem]]:
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    budget = CellBudget()
    held = 0
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv"):
        unreadable = entry_problem(path)
        if unreadable:  # a named pipe or a device named like a sheet: never opened
            problems.append(Problem(str(path), "", "", unreadable))
            continue
        if not path.is_file():
            continue
        if path.stem.strip().lower() in _REFERENCE_NAMES:
            continue  # the registry's actors and sources as `coordreg template` lists them: notes, not data
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
        table, found, size = _read_csv_file(path, sheet, budget)
        problems.extend(found)
        held += size
        if held > MAX_SPREADSHEET_BYTES:
            cap = MAX_SPREADSHEET_BYTES // (1024 * 1024)
            message = (
                f"the CSV files of this folder add up to more than {cap} MB; a spreadsheet is capped at {cap} MB "
                "altogether (split the registry into several folders)"
            )
            problems.append(Problem(str(folder), "", "", message))
            return tables, problems
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
