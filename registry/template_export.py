"""``coordreg template``: the blank spreadsheet template, made to work from.

The workbook holds the template's sheets (``loaders.spreadsheet_template``)
with their header rows and nothing else to fill, and around them:

- a ``README`` sheet first, in plain words;
- drop-down lists on every column that takes a term from a vocabulary. A list
  longer than Excel's 255-character inline limit points at a column of the
  hidden ``lists`` sheet. A strict list refuses other values, except where
  the registry may add its own terms (Excel then warns and lets them through)
  and in cells that hold several terms separated by ``;`` (the list is only a
  suggestion there: a drop-down replaces a cell, it cannot add to it);
- when a registry is loaded, ``registry_actors`` and ``registry_sources``
  listing what it holds, so new rows can refer to them by id.

The reader (``loaders.spreadsheet_tables``) skips those extra sheets by name,
so a filled copy loads like any workbook of the template. The CSV form is a
folder of header-only files, a ``README.txt`` and the registry's lists.
Nothing is ever written over: the target must be new (or an empty folder).
"""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from loaders.spreadsheet_tables import MAX_DATA_ROWS, REFERENCE_SHEETS
from loaders.spreadsheet_template import CITED_KINDS, LIST_SEPARATOR, SHEETS, Sheet
from registry.csv_safety import neutralise_formula
from registry.errors import BadParameter
from registry.schema.custom_terms import SLUG_VOCABULARIES
from registry.schema.model import Figure
from registry.schema.regions import REGIONS
from registry.schema.vocabulary import LEVEL_IDS, VOCABULARIES, ClaimStatus, EvidenceKind
from registry.stores.base import GraphStore

README_SHEET, LISTS_SHEET, ACTORS_SHEET, SOURCES_SHEET = REFERENCE_SHEETS
DOCUMENTATION = "docs/spreadsheet-template.md in coordreg's source (the same rules, with an example)"
INLINE_LIST_LIMIT = 255  # characters Excel allows in a list typed into the validation itself
# The listing shares the reader's cap of 100,000 cells with the researcher's own rows: it takes at most ~40,000.
MAX_LISTED_ACTORS = 6_000
MAX_LISTED_SOURCES = 4_000
ACTOR_COLUMNS = ("id", "name", "acronym", "kinds", "country")
SOURCE_COLUMNS = ("id", "citation")


def _literal_terms(annotation: Any) -> tuple[str, ...]:
    """The values of a ``Literal[...]`` (or ``Literal[...] | None``) field of the case model."""
    values = get_args(annotation)
    if values and all(isinstance(v, str) for v in values):
        return tuple(values)
    return tuple(v for part in values for v in _literal_terms(part))


# Fixed lists, by the name their column bears in the `lists` sheet. Vocabularies a registry may extend
# (VOCABULARIES) are added from it below.
_FIXED_LISTS: dict[str, tuple[str, ...]] = {
    "level": LEVEL_IDS,
    "claim-status": get_args(ClaimStatus),
    "evidence-kind": get_args(EvidenceKind),
    "figure-qualifier": _literal_terms(Figure.model_fields["qualifier"].annotation),
    "figure-status": _literal_terms(Figure.model_fields["status"].annotation),
    "region": REGIONS,
    "cited-kind": tuple(CITED_KINDS),
    "vocabulary": tuple(VOCABULARIES),
    "renamed-list": SLUG_VOCABULARIES,
}

# (sheet, column) → the list its drop-down offers.
VOCABULARY_COLUMNS: dict[tuple[str, str], str] = {
    ("practices", "regions"): "region",
    ("practices", "sse_roles"): "sse-role",
    ("actors", "kinds"): "actor-kind",
    ("actors", "scopes"): "actor-scope",
    ("agreements", "kind"): "agreement-kind",
    ("agreement_parties", "role"): "party-role",
    ("mechanisms", "levels"): "level",
    ("mechanisms", "functions"): "function",
    ("level_claims", "levels"): "level",
    ("level_claims", "status"): "claim-status",
    ("evidence", "kind"): "evidence-kind",
    ("evidence_figures", "qualifier"): "figure-qualifier",
    ("evidence_figures", "status"): "figure-status",
    ("instruments", "kind"): "instrument-kind",
    ("citations", "entity_kind"): "cited-kind",
    ("vocabulary_terms", "vocabulary"): "vocabulary",
    ("vocabulary_renames", "vocabulary"): "renamed-list",
}


@dataclass
class RegistryListing:
    """What a loaded registry holds that new rows may refer to, as the template lists it."""

    actors: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    actors_total: int = 0
    sources_total: int = 0
    terms: dict[str, list[str]] = field(default_factory=dict)  # the registry's own terms, by vocabulary

    @property
    def empty(self) -> bool:
        return not self.actors and not self.sources and not self.terms


# --- reading the registry ----------------------------------------------------------------------------------------

_ACTORS_CYPHER = (
    "MATCH (a:Actor) RETURN a.id AS id, a.name AS name, a.acronym AS acronym, a.kinds AS kinds, "
    "a.country AS country ORDER BY id LIMIT $limit"
)
_SOURCES_CYPHER = "MATCH (s:Source) RETURN s.id AS id, s.citation AS citation ORDER BY id LIMIT $limit"
_COUNT_CYPHER = {"actors": "MATCH (a:Actor) RETURN count(a) AS n", "sources": "MATCH (s:Source) RETURN count(s) AS n"}
_TERMS_CYPHER = "MATCH (t:Term) RETURN t.vocabulary AS vocabulary, t.term AS term ORDER BY vocabulary, term"


def _text(value: Any) -> str:
    """A listed value as one cell's text (a frame's missing value is empty; a list is joined with ';')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_text(v) for v in value)
    # A control character cannot be stored in an .xlsx cell; a listing is only for reading, so it goes.
    return str(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _rows(store: GraphStore, cypher: str, limit: int, columns: tuple[str, ...]) -> list[dict[str, str]]:
    frame = store.read(cypher, {"limit": limit}, timeout_ms=120_000).frame
    return [{name: _text(row.get(name)) for name in columns} for row in frame.to_dict("records")]


def _count(store: GraphStore, what: str) -> int:
    frame = store.read(_COUNT_CYPHER[what], timeout_ms=120_000).frame
    return int(frame["n"].iloc[0]) if len(frame) else 0


def read_registry_listing(store: GraphStore) -> RegistryListing:
    """The registry's actors and sources (the first few thousand, by id) and its own vocabulary terms."""
    listing = RegistryListing(
        actors=_rows(store, _ACTORS_CYPHER, MAX_LISTED_ACTORS, ACTOR_COLUMNS),
        sources=_rows(store, _SOURCES_CYPHER, MAX_LISTED_SOURCES, SOURCE_COLUMNS),
        actors_total=_count(store, "actors"),
        sources_total=_count(store, "sources"),
    )
    for row in store.read(_TERMS_CYPHER, timeout_ms=120_000).frame.to_dict("records"):
        vocabulary, term = _text(row.get("vocabulary")), _text(row.get("term"))
        if vocabulary in VOCABULARIES and term:
            listing.terms.setdefault(vocabulary, []).append(term)
    return listing


# --- the lists and the README ------------------------------------------------------------------------------------


def term_lists(listing: RegistryListing | None = None) -> dict[str, tuple[str, ...]]:
    """Every drop-down list by name: the built-in vocabularies, the registry's own terms after them."""
    own = listing.terms if listing is not None else {}
    lists = {name: vocabulary.ids + tuple(own.get(name, ())) for name, vocabulary in VOCABULARIES.items()}
    return lists | _FIXED_LISTS


def plain_words(doc: str) -> str:
    """A column's or sheet's documentation as a spreadsheet shows it: no Markdown backticks."""
    return doc.replace("`", "'")


def readme_lines(listing: RegistryListing | None = None, *, workbook: bool = True) -> list[str]:
    """The README, one paragraph a line (an empty line between parts); the CSV form says 'file' for 'sheet'."""
    sheet, sheets = ("sheet", "sheets") if workbook else ("file", "files")
    lines = [
        "coordreg — the spreadsheet template",
        "",
        f"Write one practice (a case) per row of '{SHEETS[0].name}', and its actors, agreements, mechanisms, "
        f"evidence and sources in the other {sheets}. Then check the file with 'coordreg validate FILE' and load "
        "it with 'coordreg load FILE', or import it on the Data page of the app.",
        "",
        "Rules",
        f"- Row 1 of every {sheet} is its header: keep it as it is. "
        + ("Columns in bold are required on every row; the others may stay empty." if workbook else ""),
        "- Ids are lowercase words joined by hyphens, e.g. bra-cadastro-unico (ILO instruments keep C102, R202).",
        "- Several values in one cell are separated by ';', e.g. ARG;URY or meso;micro.",
        "- Numbers use a decimal point (98.5). In a CSV file saved with ';' between the columns, a decimal comma "
        '(98,5) is read as well, and a cell holding a list is written in double quotes ("ARG;URY").',
        "- Values only: no formulas and no merged cells.",
        "- A row names what it belongs to by id: mechanisms, level_claims and evidence name their practice; "
        "agreement_parties, mechanism_actors and evidence_figures name their agreement, mechanism or evidence item.",
    ]
    if workbook:
        lines.append(
            "- A column with a drop-down takes a term from its list. Where a cell may hold several terms, the "
            "drop-down suggests one: type the others after ';'."
        )
    lines += [
        f"- To refer to an actor or a source the registry already holds, use its id as listed in "
        f"'{ACTORS_SHEET}' and '{SOURCES_SHEET}'; do not declare it again."
        if listing is not None and not listing.empty
        else "- To refer to an actor or a source a registry already holds, use its id; do not declare it again.",
        f"- This README and the {sheets} {', '.join(repr(n) for n in REFERENCE_SHEETS[1:])} are skipped when "
        f"the file is read: they are notes, not data. Add no other {sheets}.",
        f"- Documentation: {DOCUMENTATION}; 'coordreg --help' for the commands.",
        "",
        f"The {sheets}",
    ]
    lines += [f"- {s.name}: {plain_words(s.doc)}" for s in SHEETS]
    if not workbook:
        lines += ["", "Columns that take a term from a list"]
        lists = term_lists(listing)
        lines += [
            f"- {sheet_name}.{column}: {', '.join(lists[name])}"
            for (sheet_name, column), name in VOCABULARY_COLUMNS.items()
        ]
    return lines


# --- the workbook ------------------------------------------------------------------------------------------------


def _readme_sheet(workbook: Workbook, listing: RegistryListing | None) -> None:
    worksheet = workbook.create_sheet(README_SHEET)
    worksheet.column_dimensions["A"].width = 120
    for number, line in enumerate(readme_lines(listing), start=1):
        cell = worksheet.cell(row=number, column=1, value=line or None)
        cell.data_type = "s" if line else cell.data_type
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1 or line in ("Rules", "The sheets"):
            cell.font = Font(bold=True, size=14 if number == 1 else 11)


def _list_ranges(lists: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Where each list stands in the hidden `lists` sheet: one column per list, its name in row 1."""
    ranges = {}
    for index, (name, terms) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(terms) + 1}"
    return ranges


def _lists_sheet(workbook: Workbook, lists: dict[str, tuple[str, ...]]) -> None:
    worksheet = workbook.create_sheet(LISTS_SHEET)
    for index, (name, terms) in enumerate(lists.items(), start=1):
        worksheet.cell(row=1, column=index, value=name).font = Font(bold=True)
        for number, term in enumerate(terms, start=2):
            worksheet.cell(row=number, column=index, value=term).data_type = "s"
    worksheet.sheet_state = "hidden"


def _drop_down(sheet: Sheet, column_name: str, list_name: str, terms: tuple[str, ...], where: str) -> DataValidation:
    column = sheet.column(column_name)
    assert column is not None, (sheet.name, column_name)  # tests check every entry of VOCABULARY_COLUMNS
    inline = ",".join(terms)
    formula = f'"{inline}"' if len(inline) <= INLINE_LIST_LIMIT - 2 else where
    extensible = list_name in VOCABULARIES
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showDropDown=False,  # (sic) False shows the in-cell arrow
        showInputMessage=True,
        promptTitle=column_name[:32],
        prompt=plain_words(column.doc)[:255],
        # Several terms in one cell: the list can only suggest. A registry's own term: warn, let it through.
        showErrorMessage=not column.is_list,
        errorStyle="warning" if extensible else "stop",
        errorTitle="Not in the list",
        error=(
            "Pick a term from the list"
            + (", or add your own term in sheet 'vocabulary_terms' first." if extensible else ".")
        ),
    )
    letter = get_column_letter(sheet.column_names.index(column_name) + 1)
    validation.add(f"{letter}2:{letter}{MAX_DATA_ROWS + 1}")
    return validation


def _template_sheet(
    workbook: Workbook, sheet: Sheet, lists: dict[str, tuple[str, ...]], ranges: dict[str, str]
) -> None:
    worksheet = workbook.create_sheet(sheet.name)
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=column.name)
        cell.font = Font(bold=column.required)
        worksheet.column_dimensions[get_column_letter(index)].width = max(12, len(column.name) + 4)
    worksheet.freeze_panes = "A2"
    for (sheet_name, column_name), list_name in VOCABULARY_COLUMNS.items():
        if sheet_name == sheet.name:
            worksheet.add_data_validation(
                _drop_down(sheet, column_name, list_name, lists[list_name], ranges[list_name])
            )


def _listing_sheet(
    workbook: Workbook, name: str, columns: tuple[str, ...], rows: list[dict[str, str]], total: int
) -> None:
    worksheet: Worksheet = workbook.create_sheet(name)
    for index, column in enumerate(columns, start=1):
        worksheet.cell(row=1, column=index, value=column).font = Font(bold=True)
        worksheet.column_dimensions[get_column_letter(index)].width = 60 if column in ("name", "citation") else 18
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            if row[column]:
                # Typed as text: a name that starts with '=' is shown, never run.
                worksheet.cell(row=number, column=index, value=row[column]).data_type = "s"
    if total > len(rows):
        note = f"… and {total - len(rows)} more: search the app, or 'coordreg query', for the rest."
        worksheet.cell(row=len(rows) + 3, column=1, value=note).data_type = "s"
    worksheet.freeze_panes = "A2"


def template_workbook(listing: RegistryListing | None = None) -> bytes:
    """The template as an .xlsx workbook: README, the template's sheets, hidden lists, the registry's listing."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    _readme_sheet(workbook, listing)
    lists = term_lists(listing)
    ranges = _list_ranges(lists)
    for sheet in SHEETS:
        _template_sheet(workbook, sheet, lists, ranges)
    if listing is not None and not listing.empty:
        _listing_sheet(workbook, ACTORS_SHEET, ACTOR_COLUMNS, listing.actors, listing.actors_total)
        _listing_sheet(workbook, SOURCES_SHEET, SOURCE_COLUMNS, listing.sources, listing.sources_total)
    _lists_sheet(workbook, lists)  # last: the first sheet after the README is `practices`
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the CSV form ------------------------------------------------------------------------------------------------


def _csv_text(header: Iterable[str], rows: Iterable[Iterable[str]] = ()) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(list(header))
    for row in rows:
        writer.writerow([neutralise_formula(value) for value in row])
    return buffer.getvalue()


def write_csv_template(folder: Path, listing: RegistryListing | None = None) -> None:
    # With a byte-order mark, Excel opens the files as UTF-8 instead of guessing a legacy encoding.
    for sheet in SHEETS:
        (folder / f"{sheet.name}.csv").write_text(_csv_text(sheet.column_names), encoding="utf-8-sig", newline="")
    (folder / f"{README_SHEET}.txt").write_text("\n".join(readme_lines(listing, workbook=False)) + "\n", "utf-8")
    if listing is not None and not listing.empty:
        for name, columns, rows in (
            (ACTORS_SHEET, ACTOR_COLUMNS, listing.actors),
            (SOURCES_SHEET, SOURCE_COLUMNS, listing.sources),
        ):
            text = _csv_text(columns, ([row[c] for c in columns] for row in rows))
            (folder / f"{name}.csv").write_text(text, encoding="utf-8-sig", newline="")


# --- writing -----------------------------------------------------------------------------------------------------

_FILE_SUFFIXES = (".csv", ".xls", ".xlsm", ".ods", ".zip", ".txt", ".yaml", ".yml")


def check_template_target(out: Path) -> str:
    """'xlsx' or 'csv' for where the template goes; refuse a target that would replace anything."""
    if out.suffix.lower() == ".xlsx":
        if out.exists():
            raise BadParameter(
                f"{out} already exists; the template never replaces a file — give a new name, or delete it first"
            )
        return "xlsx"
    if out.exists() and not out.is_dir():
        raise BadParameter(f"{out} is a file; give a name ending in .xlsx for a workbook, or a folder for CSV files")
    if not out.exists() and out.suffix.lower() in _FILE_SUFFIXES:
        raise BadParameter(
            f"coordreg writes the template as an .xlsx workbook or as a folder of CSV files, not as "
            f"'{out.suffix}': give a name ending in .xlsx, or a folder name"
        )
    if out.is_dir() and any(out.iterdir()):
        raise BadParameter(f"{out} is not empty; give a new or empty folder for the CSV template")
    return "csv"


def write_template(out: Path, listing: RegistryListing | None = None) -> str:
    """Write the template to ``out`` (an .xlsx file, or a new or empty folder); return 'xlsx' or 'csv'.

    Written beside the target first and renamed into place, so an interrupted write leaves nothing half done."""
    form = check_template_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if form == "xlsx":
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(template_workbook(listing))
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return form
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    try:
        write_csv_template(folder, listing)
        if out.exists():
            out.rmdir()  # checked empty above
        folder.rename(out)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return form


__all__ = [
    "RegistryListing",
    "VOCABULARY_COLUMNS",
    "check_template_target",
    "read_registry_listing",
    "template_workbook",
    "term_lists",
    "write_template",
]
