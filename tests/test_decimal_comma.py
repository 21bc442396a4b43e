"""The decimal comma: `98,5` in a `;`-separated CSV is 98.5; anywhere else it is refused, saying `98.5`.

Excel writes `;` between the columns exactly where the comma is the decimal
mark, so only there is a comma in a number column read as the decimal point.
Lists keep `;` inside a cell, which the CSV file then holds in double quotes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_spreadsheet import errors, read_csv, template_copy, workbook_from, write_csv

from loaders.spreadsheet import read_spreadsheet
from registry.cli import main
from registry.loading import load_paths, validate_paths

EVIDENCE = "example-shared-registration-ev1"
PRACTICE = "example-shared-registration"


def _set(folder: Path, sheet: str, row: int, values: dict[str, str]) -> None:
    """Set cells of one data row (row 2 is the first), keeping the file's own separator out of it."""
    rows = read_csv(folder / f"{sheet}.csv")
    for column, value in values.items():
        rows[row - 1][rows[0].index(column)] = value
    write_csv(folder / f"{sheet}.csv", rows)


def _separated(folder: Path, delimiter: str) -> Path:
    """Every file of the folder rewritten with ``delimiter`` between the columns, as Excel saves it in that locale.

    csv.writer quotes a cell holding the separator, as Excel does: a list `CHL;PER` becomes `"CHL;PER"`."""
    for path in folder.glob("*.csv"):
        write_csv(path, read_csv(path), delimiter=delimiter)
    return folder


@pytest.fixture
def figures(tmp_path) -> Path:
    """The documented example with a decimal figure and a decimal range, written the way a French Excel does."""
    folder = template_copy(tmp_path)
    _set(folder, "evidence_figures", 2, {"value": "98,5"})
    _set(folder, "evidence_figures", 3, {"value": "", "low": "1,5", "high": "2,25"})
    return folder


def test_a_semicolon_file_reads_the_decimal_comma_and_keeps_its_lists(figures):
    folder = _separated(figures, ";")
    assert '"CHL;PER"' in (folder / "practices.csv").read_text(encoding="utf-8")  # a list cell, quoted
    cases, problems = read_spreadsheet(folder)
    assert errors(problems) == [], [str(p) for p in problems]
    (case,) = [c for c in cases if c.case.practice is not None]
    assert case.case.practice.countries == ["CHL", "PER"]
    assert case.case.practice.years == [2020, 2022]
    first, second = case.case.evidence[0].figures
    assert first.value == 98.5
    assert (second.value, second.low, second.high) == (None, 1.5, 2.25)


def test_a_reversed_decimal_range_is_caught_by_the_model(figures):
    # The bounds come out as numbers, so the model's own check on them still runs.
    _set(figures, "evidence_figures", 3, {"high": "-2,25"})
    folder = _separated(figures, ";")
    _, problems = read_spreadsheet(folder)
    (problem,) = errors(problems)
    assert "reversed: low 1.5 is above high -2.25" in problem.message


def test_the_decimal_comma_loads_into_the_graph(store, figures):
    folder = _separated(figures, ";")
    report = load_paths(store, [folder])
    assert report.practices_written == 1
    row = store.read(
        "MATCH (e:Evidence {id: $id}) RETURN e.figure_values AS values, e.figures AS figures", {"id": EVIDENCE}
    ).frame.to_dict("records")[0]
    assert list(row["values"]) == [98.5, 1.5]
    assert json.loads(row["figures"][1])["high"] == 2.25


def test_whole_number_columns_read_a_decimal_comma_and_years_do_not(tmp_path):
    folder = template_copy(tmp_path)
    _set(folder, "practices", 2, {"display_order": "4,0"})
    cases, problems = read_spreadsheet(_separated(folder, ";"))
    assert errors(problems) == []
    assert [c.case.practice.display_order for c in cases if c.case.practice is not None] == [4]
    folder = template_copy(tmp_path / "year")
    _set(folder, "sources", 2, {"year": "2019,5"})
    _, problems = read_spreadsheet(_separated(folder, ";"))
    assert [p.field for p in errors(problems)] == ["year"]  # a year stays a whole number


def test_a_comma_file_refuses_the_decimal_comma_and_says_98_5(figures):
    _, problems = read_spreadsheet(figures)
    first = errors(problems)[0]
    assert (first.place, first.field) == ("sheet 'evidence_figures', row 2", "value")
    assert "'98,5' has a decimal comma, and in this file commas separate the columns: write 98.5" in first.message
    done = CliRunner().invoke(main, ["validate", str(figures)], env={"COORDREG_GRAPH": "bolt://127.0.0.1:9"})
    assert done.exit_code == 1
    assert "write 98.5" in done.output and "Input should be" not in done.output


def test_a_tab_file_is_not_guessed_at(figures):
    # A tab-separated file comes from any locale: in one, `1,234` means a thousand and more.
    folder = _separated(figures, "\t")
    _, problems = read_spreadsheet(folder)
    assert any("write 98.5" in p.message for p in errors(problems))


def test_a_thousands_separator_is_refused_in_words(tmp_path):
    folder = template_copy(tmp_path)
    _set(folder, "evidence_figures", 2, {"value": "1.234,5"})
    _separated(folder, ";")
    _, problems = read_spreadsheet(folder)
    (problem,) = errors(problems)
    assert problem.field == "value"
    assert "'1.234,5' is not a number coordreg can read" in problem.message and "(1234,5)" in problem.message


def test_a_workbook_cell_typed_as_text_says_to_write_the_point(figures, tmp_path):
    workbook = workbook_from(figures, tmp_path / "cases.xlsx")
    _, problems = read_spreadsheet(workbook)
    first = errors(problems)[0]
    assert first.field == "value"
    assert "'98,5' is text with a decimal comma: write 98.5, or type the cell as a number" in first.message


def test_an_unquoted_list_in_a_semicolon_file_says_to_quote_it(tmp_path):
    folder = _separated(template_copy(tmp_path), ";")
    practices = folder / "practices.csv"
    practices.write_text(practices.read_text(encoding="utf-8").replace('"CHL;PER"', "CHL;PER"), encoding="utf-8")
    _, problems = validate_paths([folder])
    assert any(
        "a cell holding a list is written in double quotes" in p.message and p.file == str(practices)
        for p in errors(problems)
    ), [str(p) for p in problems]
