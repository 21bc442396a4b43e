"""The spreadsheet template: .xlsx and CSV go through the same validation as YAML.

The example used throughout is docs/template (an invented practice). Row
numbers are found by reading the CSV files here, the way a person counts
rows in a spreadsheet program: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest
from conftest import MINI_REGISTRY
from openpyxl import Workbook, load_workbook

import loaders.spreadsheet_tables as spreadsheet
from loaders import read_bundle
from loaders.spreadsheet import read_spreadsheet
from loaders.spreadsheet_template import SHEETS, case_rows
from registry.errors import CaseValidationError, Problem
from registry.loading import load_paths
from registry.schema.vocabulary import ACTOR_KINDS, AGREEMENT_KINDS, FUNCTION_IDS, PARTY_ROLES

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "docs" / "template"
DOC = ROOT / "docs" / "spreadsheet-template.md"
PRACTICE = "example-shared-registration"


# --- helpers -----------------------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def template_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TEMPLATE, tmp_path / "cases"))


def row_of(folder: Path, sheet: str, column: str, value: str) -> int:
    """The spreadsheet row number (header = 1) of the first row whose `column` holds `value`."""
    rows = read_csv(folder / f"{sheet}.csv")
    index = rows[0].index(column)
    return next(n for n, row in enumerate(rows[1:], start=2) if row[index] == value)


def set_cell(folder: Path, sheet: str, row: int, column: str, value: str) -> None:
    rows = read_csv(folder / f"{sheet}.csv")
    rows[row - 1][rows[0].index(column)] = value
    write_csv(folder / f"{sheet}.csv", rows)


def workbook_from(folder: Path, target: Path) -> Path:
    """The CSV folder as a workbook, numbers typed as numbers like a person would enter them."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        if not (folder / f"{sheet.name}.csv").exists():
            continue  # a sheet a folder does not need may be left out (older templates lack the newer sheets)
        worksheet = workbook.create_sheet(sheet.name)
        for row in read_csv(folder / f"{sheet.name}.csv"):
            worksheet.append([int(v) if v.isdigit() else (v or None) for v in row])
    workbook.save(target)
    return target


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def the_problem(problems: list[Problem], field: str) -> Problem:
    found = [p for p in errors(problems) if p.field == field]
    assert found, f"no error on field {field!r} in {[str(p) for p in problems]}"
    return found[0]


def load_fails(store, path: Path) -> list[Problem]:
    """Load must refuse the file and write nothing at all."""
    with pytest.raises(CaseValidationError) as refused:
        load_paths(store, [path])
    assert store.counts() == {"nodes": 0, "relationships": 0}
    return refused.value.problems


# --- the template loads ------------------------------------------------------------------------------------------


def test_template_folder_loads_into_the_graph(store):
    report = load_paths(store, [TEMPLATE])
    assert report.practices_written == 1
    practice = store.read(
        "MATCH (p:Practice {id: $id}) RETURN p.countries AS countries, p.title_fr AS fr, p.years AS years",
        {"id": PRACTICE},
    ).frame.iloc[0]
    assert list(practice["countries"]) == ["CHL", "PER"]  # the cell holds 'CHL;PER'
    assert practice["fr"] == "Enregistrement partagé des travailleuses à domicile (exemple)"
    assert list(practice["years"]) == [2020, 2022]
    parties = store.read(
        "MATCH (:Agreement {id: 'example-registration-agreement'})-[r:PARTY]->(a:Actor) "
        "RETURN a.id AS actor, r.role AS role ORDER BY r.position"
    ).frame
    assert parties.to_dict("records") == [
        {"actor": "example-health-fund", "role": "signatory"},
        {"actor": "example-cooperative", "role": "signatory"},
    ]


def test_workbook_and_csv_folder_give_the_same_cases(tmp_path):
    from_csv, csv_problems = read_spreadsheet(TEMPLATE)
    from_xlsx, xlsx_problems = read_spreadsheet(workbook_from(TEMPLATE, tmp_path / "cases.xlsx"))
    assert csv_problems == [] and xlsx_problems == []
    assert [c.case.model_dump() for c in from_csv] == [c.case.model_dump() for c in from_xlsx]
    case = next(c.case for c in from_csv if c.case.practice is not None)
    assert [f.value for f in case.evidence[0].figures] == [2.0, 1.0]
    assert case.level_claims[1].levels == ["macro", "meso", "micro"]
    assert case.level_claims[1].status == "inferred" and case.level_claims[1].rationale
    assert [a.actor for a in case.mechanisms[0].actors] == ["example-health-fund", "example-cooperative"]
    # Actors with an empty `practice` cell go to the shared catalogue.
    catalogue = next(c.case for c in from_csv if c.case.practice is None)
    assert [a.id for a in catalogue.actors] == ["example-observatory"]
    assert [a.id for a in case.actors] == ["example-health-fund", "example-cooperative"]


def test_yaml_cases_survive_the_template_unchanged(tmp_path):
    """The mini registry written into the template and read back: the same models."""
    bundle, problems = read_bundle([MINI_REGISTRY])
    assert not errors(problems)
    folder = tmp_path / "mini"
    folder.mkdir()
    tables = case_rows(f.case for f in bundle.files)
    for sheet in SHEETS:
        write_csv(
            folder / f"{sheet.name}.csv",
            [list(sheet.column_names)]
            + [["" if r[c] is None else str(r[c]) for c in sheet.column_names] for r in tables[sheet.name]],
        )
    cases, problems = read_spreadsheet(folder)
    assert problems == []
    original = {f.case.practice.id: f.case.model_dump() for f in bundle.practices}
    assert {c.case.practice.id: c.case.model_dump() for c in cases if c.case.practice} == original


def test_docs_name_every_sheet_column_and_allowed_value():
    text = DOC.read_text(encoding="utf-8")
    for sheet in SHEETS:
        assert f"### `{sheet.name}`" in text
        for column in sheet.column_names:
            assert f"| `{column}` |" in text.split(f"### `{sheet.name}`")[1].split("###")[0], (sheet.name, column)
    for value in (*ACTOR_KINDS, *AGREEMENT_KINDS, *PARTY_ROLES, *FUNCTION_IDS):
        assert f"`{value}`" in text, value
    for sheet in SHEETS:  # the shipped template has exactly the documented header
        assert read_csv(TEMPLATE / f"{sheet.name}.csv")[0] == list(sheet.column_names)


# --- malformed rows: sheet, row and column named, nothing written ------------------------------------------------


@pytest.mark.parametrize("shape", ["csv", "xlsx"])
def test_a_malformed_row_is_named_by_sheet_row_and_column(store, tmp_path, shape):
    folder = template_copy(tmp_path)
    row = row_of(folder, "actors", "id", "example-health-fund")
    set_cell(folder, "actors", row, "kinds", "ministery")
    target = folder if shape == "csv" else workbook_from(folder, tmp_path / "cases.xlsx")
    problem = the_problem(load_fails(store, target), "kinds")
    assert problem.place == f"sheet 'actors', row {row}"
    assert "ministery" in problem.message and "'ministry'" in problem.message
    assert problem.file == str(folder / "actors.csv" if shape == "csv" else target)


@pytest.mark.parametrize("shape", ["csv", "xlsx"])
def test_a_dangling_reference_is_named_by_sheet_row_and_column(store, tmp_path, shape):
    folder = template_copy(tmp_path)
    row = row_of(folder, "mechanism_actors", "role", "registers members")
    set_cell(folder, "mechanism_actors", row, "actor", "example-nobody")
    target = folder if shape == "csv" else workbook_from(folder, tmp_path / "cases.xlsx")
    problem = the_problem(load_fails(store, target), "actor")
    assert problem.place == f"sheet 'mechanism_actors', row {row}"
    assert "example-nobody" in problem.message


def test_a_child_row_pointing_nowhere_is_refused(tmp_path):
    folder = template_copy(tmp_path)
    set_cell(folder, "agreement_parties", 3, "agreement", "no-such-agreement")
    cases, problems = read_spreadsheet(folder)
    assert cases == []
    problem = the_problem(problems, "agreement")
    assert problem.place == "sheet 'agreement_parties', row 3"
    assert "no-such-agreement" in problem.message and "'agreements'" in problem.message


def test_an_entity_without_citation_rows_says_which_rows_to_add(tmp_path):
    folder = template_copy(tmp_path)
    rows = read_csv(folder / "citations.csv")
    write_csv(folder / "citations.csv", [r for r in rows if r[1] != "example-cooperative"])
    _, problems = read_spreadsheet(folder)
    problem = errors(problems)[0]
    assert problem.place == f"sheet 'actors', row {row_of(folder, 'actors', 'id', 'example-cooperative')}"
    assert "sheet 'citations'" in problem.message
    assert "entity_kind 'actor', entity_id 'example-cooperative'" in problem.message


def test_unknown_and_missing_columns(tmp_path):
    folder = template_copy(tmp_path)
    rows = read_csv(folder / "actors.csv")
    rows[0][rows[0].index("kinds")] = "knd"
    write_csv(folder / "actors.csv", rows)
    cases, problems = read_spreadsheet(folder)
    assert cases == []
    unknown = the_problem(problems, "knd")
    assert unknown.place == "sheet 'actors', row 1" and "unknown column" in unknown.message
    missing = the_problem(problems, "kinds")
    assert missing.place == "sheet 'actors', row 1" and "required column is missing" in missing.message


# --- refused spreadsheets ----------------------------------------------------------------------------------------


def test_a_formula_is_refused_with_its_place(store, tmp_path):
    path = workbook_from(TEMPLATE, tmp_path / "cases.xlsx")
    book = load_workbook(path)
    sheet = book["actors"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=header.index("name") + 1, value="=UPPER(A3)")
    book.save(path)
    problem = the_problem(load_fails(store, path), "name")
    assert problem.place == "sheet 'actors', row 3"
    assert "formula" in problem.message and "=UPPER(A3)" in problem.message


def test_text_starting_with_equals_typed_as_text_is_read_as_text(tmp_path):
    path = workbook_from(TEMPLATE, tmp_path / "cases.xlsx")
    book = load_workbook(path)
    header = [c.value for c in book["actors"][1]]
    cell = book["actors"].cell(row=3, column=header.index("name") + 1, value="=Not a formula")
    cell.data_type = "s"
    book.save(path)
    cases, problems = read_spreadsheet(path)
    assert problems == []
    names = {a.id: a.name for c in cases for a in c.case.actors}
    assert names["example-health-fund"] == "=Not a formula"


def test_merged_cells_are_refused(store, tmp_path):
    path = workbook_from(TEMPLATE, tmp_path / "cases.xlsx")
    book = load_workbook(path)
    book["citations"].merge_cells("C2:C4")
    book.save(path)
    problems = load_fails(store, path)
    assert any(p.place == "sheet 'citations'" and "merged" in p.message and "C2:C4" in p.message for p in problems)


def test_an_extra_sheet_or_file_is_an_error_naming_it(store, tmp_path):
    path = workbook_from(TEMPLATE, tmp_path / "cases.xlsx")
    book = load_workbook(path)
    book.create_sheet("Notes")["A1"] = "my notes"
    book.save(path)
    problems = load_fails(store, path)
    assert any(p.place == "sheet 'Notes'" and "not part of the template" in p.message for p in problems)

    folder = template_copy(tmp_path)
    (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "README.txt").write_text("other files are ignored", encoding="utf-8")
    problems = load_fails(store, folder)
    assert [p.file for p in problems] == [str(folder / "notes.csv")]


def test_csv_in_another_encoding_is_refused(store, tmp_path):
    folder = template_copy(tmp_path)
    practices = folder / "practices.csv"
    practices.write_bytes(practices.read_text(encoding="utf-8-sig").encode("latin-1"))
    problems = load_fails(store, folder)
    assert problems[0].file == str(practices)
    assert problems[0].place == "line 2"  # the accents are in the data row
    assert "not UTF-8" in problems[0].message and "CSV UTF-8" in problems[0].message


def test_oversize_files_are_refused(store, tmp_path):
    folder = template_copy(tmp_path)
    with (folder / "actors.csv").open("a", encoding="utf-8") as stream:
        stream.write("x" * (spreadsheet.MAX_SPREADSHEET_BYTES + 1))
    problems = load_fails(store, folder)
    assert problems[0].file == str(folder / "actors.csv") and "capped at 10 MB" in problems[0].message

    big = tmp_path / "big.xlsx"
    big.write_bytes(os.urandom(1024) * (spreadsheet.MAX_SPREADSHEET_BYTES // 1024 + 1))
    assert "capped at 10 MB" in load_fails(store, big)[0].message


def test_binary_garbage_is_not_a_workbook(store, tmp_path):
    garbage = tmp_path / "cases.xlsx"
    garbage.write_bytes(b"\x00\x01not a zip" * 100)
    assert "not an .xlsx workbook" in load_fails(store, garbage)[0].message


def test_row_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_DATA_ROWS", 3)
    _, problems = read_spreadsheet(TEMPLATE)  # citations.csv has 9 data rows
    problem = errors(problems)[0]
    assert problem.file == str(TEMPLATE / "citations.csv")
    assert problem.place == "sheet 'citations', row 5" and "more than 3 rows" in problem.message


def test_semicolon_separated_csv_is_read(tmp_path):
    folder = template_copy(tmp_path)
    for path in folder.glob("*.csv"):
        write_csv(path, read_csv(path), delimiter=";")  # what Excel writes in French or Spanish locales
    cases, problems = read_spreadsheet(folder)
    assert problems == []
    practice = next(c.case.practice for c in cases if c.case.practice)
    assert practice.countries == ["CHL", "PER"]


def test_a_single_csv_file(tmp_path):
    folder = template_copy(tmp_path)
    cases, problems = read_spreadsheet(folder / "practices.csv")  # means its folder
    assert problems == [] and len(cases) == 2
    cases, problems = read_spreadsheet(folder / "actors.csv")
    assert cases == [] and "give the folder" in problems[0].message
