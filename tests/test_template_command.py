"""`coordreg template`: the blank spreadsheet template a researcher works from.

The workbook is opened with openpyxl as a spreadsheet program would: its
README, its drop-down lists (inline, or on the hidden `lists` sheet) and, with
a registry loaded, the sheets listing its actors and sources. Whatever it
holds besides the template's sheets, it loads back as an empty spreadsheet.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import graph_env
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation

from loaders.spreadsheet import read_spreadsheet
from loaders.spreadsheet_tables import REFERENCE_SHEETS
from loaders.spreadsheet_template import SHEETS, SHEETS_BY_NAME
from registry.app_support.template_download import TEMPLATE_FILE_NAME, template_bytes
from registry.cli import main
from registry.held_registry import read_held
from registry.loading import load_paths, seed_registry_path, validate_paths
from registry.schema.vocabulary import ACTOR_KINDS, LEVEL_IDS
from registry.template_export import INLINE_LIST_LIMIT, VOCABULARY_COLUMNS, plain_words, term_lists

REAL_CASES = Path(__file__).parent / "fixtures" / "real_cases"


def _invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _validation_on(workbook: Workbook, sheet: str, column: str) -> DataValidation:
    """The drop-down covering ``column`` of ``sheet`` from row 2 down."""
    worksheet = workbook[sheet]
    index = SHEETS_BY_NAME[sheet].column_names.index(column) + 1
    for validation in worksheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            min_col, min_row, max_col, max_row = range_boundaries(cell_range.coord)
            if min_col <= index <= max_col and min_row == 2 and max_row > 1000:
                return validation
    raise AssertionError(f"no drop-down covers {sheet}.{column}")


def _offered(workbook: Workbook, validation: DataValidation) -> list[str]:
    """The terms a list validation offers, typed inline or as a range of the `lists` sheet."""
    assert validation.type == "list"
    formula = validation.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, _, cells = formula.partition("!")
    first, _, last = cells.replace("$", "").partition(":")
    column = column_index_from_string("".join(c for c in first if c.isalpha()))
    rows = range(int("".join(c for c in first if c.isdigit())), int("".join(c for c in last if c.isdigit())) + 1)
    worksheet = workbook[sheet.strip("'")]
    return [worksheet.cell(row=row, column=column).value for row in rows]


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("blank") / "cases.xlsx"
    done = _invoke("template", "--blank", "--out", str(out))
    assert done.exit_code == 0, done.output
    assert "wrote the template to" in done.output
    return out


def test_the_readme_comes_first_in_plain_words(blank):
    workbook = load_workbook(blank)
    assert workbook.sheetnames[0] == "README"
    assert workbook.sheetnames[1 : 1 + len(SHEETS)] == [s.name for s in SHEETS]
    text = "\n".join(str(c.value) for c in workbook["README"]["A"] if c.value)
    assert "lowercase words joined by hyphens" in text
    assert "separated by ';'" in text
    assert "docs/spreadsheet-template.md" in text
    for sheet in SHEETS:  # every sheet is said what it is for
        assert f"- {sheet.name}: {plain_words(sheet.doc)}" in text
    assert "`" not in text  # Markdown stays in the docs: a spreadsheet shows plain words
    assert "registry_actors" not in workbook.sheetnames  # --blank: the registry was not read


def test_the_kinds_column_has_a_drop_down_listing_public_bank(blank):
    workbook = load_workbook(blank)
    kinds = _validation_on(workbook, "actors", "kinds")
    offered = _offered(workbook, kinds)
    assert "public-bank" in offered and offered == list(ACTOR_KINDS)
    assert kinds.formula1.startswith("'lists'!")  # longer than Excel's inline limit: on the hidden sheet
    assert workbook["lists"].sheet_state == "hidden"
    # Several kinds fit in one cell: the list suggests, it does not refuse "ministry;tax-authority".
    assert kinds.showErrorMessage is False


def test_a_single_term_column_refuses_other_values_and_an_open_vocabulary_warns(blank):
    workbook = load_workbook(blank)
    status = _validation_on(workbook, "level_claims", "status")
    assert _offered(workbook, status) == ["stated", "inferred"]
    assert status.formula1 == '"stated,inferred"'  # short: typed inline
    assert status.showErrorMessage is True and status.errorStyle == "stop"
    agreement_kind = _validation_on(workbook, "agreements", "kind")
    assert agreement_kind.showErrorMessage is True
    assert agreement_kind.errorStyle == "warning"  # a registry may add its own kinds: Excel lets them through
    levels = _validation_on(workbook, "mechanisms", "levels")
    assert _offered(workbook, levels) == list(LEVEL_IDS) and levels.showErrorMessage is False


def test_every_vocabulary_column_named_exists_and_has_its_drop_down(blank):
    workbook = load_workbook(blank)
    lists = term_lists()
    for (sheet, column), list_name in VOCABULARY_COLUMNS.items():
        assert SHEETS_BY_NAME[sheet].column(column) is not None, (sheet, column)
        validation = _validation_on(workbook, sheet, column)
        assert _offered(workbook, validation) == list(lists[list_name]), (sheet, column)
        assert len(validation.formula1) <= INLINE_LIST_LIMIT
        assert validation.showErrorMessage is not SHEETS_BY_NAME[sheet].column(column).is_list
    for wanted in ("kinds", "scopes", "functions", "sse_roles", "role", "qualifier"):
        assert any(column == wanted for _, column in VOCABULARY_COLUMNS), wanted


def test_the_blank_template_loads_back_with_no_problem_and_no_case(blank):
    cases, problems = read_spreadsheet(blank)
    assert cases == [] and problems == []
    bundle, problems = validate_paths([blank])
    assert problems == [] and bundle.practices == []
    done = _invoke("validate", str(blank), env={"COORDREG_GRAPH": "bolt://127.0.0.1:9"})  # nothing listens
    assert done.exit_code == 0, done.output
    assert "ok: " in done.output and "0 practice(s)" in done.output


def test_a_sheet_besides_the_template_s_and_its_notes_is_still_refused(blank, tmp_path):
    workbook = load_workbook(blank)
    workbook.create_sheet("my notes")["A1"] = "to do"
    changed = tmp_path / "changed.xlsx"
    workbook.save(changed)
    _, problems = read_spreadsheet(changed)
    assert [p.place for p in problems] == ["sheet 'my notes'"]
    assert "not part of the template" in problems[0].message


def test_the_csv_form_is_a_folder_that_loads_back_empty(tmp_path):
    out = tmp_path / "cases"
    done = _invoke("template", "--blank", "--out", str(out))
    assert done.exit_code == 0, done.output
    assert {p.name for p in out.iterdir()} == {f"{s.name}.csv" for s in SHEETS} | {"README.txt"}
    header = (out / "actors.csv").read_text(encoding="utf-8-sig").strip()
    assert header == ",".join(SHEETS_BY_NAME["actors"].column_names)
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert "actors.kinds: " in readme and "public-bank" in readme  # no drop-downs in CSV: the terms are listed
    assert read_spreadsheet(out) == ([], [])


def test_nothing_is_written_over_and_a_wrong_name_says_what_to_give(blank, tmp_path):
    before = blank.read_bytes()
    done = CliRunner().invoke(main, ["template", "--blank", "--out", str(blank)])
    assert done.exit_code == 1 and "already exists; the template never replaces a file" in done.output
    assert blank.read_bytes() == before
    done = CliRunner().invoke(main, ["template", "--blank", "--out", str(tmp_path / "cases.ods")])
    assert done.exit_code == 1 and "give a name ending in .xlsx, or a folder name" in done.output
    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.csv").write_text("keep me", encoding="utf-8")
    done = CliRunner().invoke(main, ["template", "--blank", "--out", str(full)])
    assert done.exit_code == 1 and "is not empty" in done.output
    assert [p.name for p in full.iterdir()] == ["mine.csv"]
    assert not list(tmp_path.glob(".*part"))  # no temporary left behind


def test_an_unreachable_registry_still_gives_the_blank_template(tmp_path):
    out = tmp_path / "cases.xlsx"
    done = CliRunner().invoke(main, ["template", "--out", str(out)], env={"COORDREG_GRAPH": "bolt://127.0.0.1:9"})
    assert done.exit_code == 0, done.output
    assert "the registry cannot be reached" in done.output
    assert "registry_actors" not in load_workbook(out).sheetnames


# ------------------------------------------------------------------ with a registry loaded (both stores)


@pytest.fixture
def registry(store):
    """The seed registry and the real cases, whose vocabulary adds a function of its own."""
    load_paths(store, [seed_registry_path(), REAL_CASES])
    return store


def test_the_template_lists_the_registry_s_actors_sources_and_own_terms(registry, tmp_path):
    out = tmp_path / "cases.xlsx"
    done = _invoke("template", "--out", str(out), env=graph_env(registry))
    assert done.exit_code == 0, done.output
    assert "actor(s) and" in done.output
    workbook = load_workbook(out)
    assert workbook.sheetnames[-3:] == list(REFERENCE_SHEETS[2:]) + ["lists"]
    actors = [[c.value for c in row] for row in workbook["registry_actors"].iter_rows()]
    assert actors[0] == ["id", "name", "acronym", "kinds", "country"]
    ilo = next(row for row in actors if row[0] == "int-ilo")
    assert ilo[1] == "International Labour Organization" and "international-organisation" in ilo[3]
    held = registry.read("MATCH (a:Actor) RETURN count(a) AS n").frame["n"][0]
    assert len(actors) - 1 == held  # every actor, once
    sources = [[c.value for c in row] for row in workbook["registry_sources"].iter_rows()]
    assert sources[0] == ["id", "citation"] and len(sources) > 10 and all(row[1] for row in sources[1:])
    # The registry's own function is offered beside the built-in ones.
    assert "socioeconomic-characterisation" in _offered(workbook, _validation_on(workbook, "mechanisms", "functions"))
    text = "\n".join(str(c.value) for c in workbook["README"]["A"] if c.value)
    assert "as listed in 'registry_actors' and 'registry_sources'" in text
    # Unfilled, it loads back as nothing: the listing is read by no one but the researcher.
    assert read_spreadsheet(out) == ([], [])
    assert load_paths(registry, [out]).practices_written == 0
    assert registry.read("MATCH (a:Actor) RETURN count(a) AS n").frame["n"][0] == held


def test_a_filled_copy_refers_to_a_listed_actor_and_loads(registry, tmp_path):
    out = tmp_path / "cases.xlsx"
    assert _invoke("template", "--out", str(out), env=graph_env(registry)).exit_code == 0
    workbook = load_workbook(out)
    actors = workbook["actors"]
    columns = SHEETS_BY_NAME["actors"].column_names
    values = {"id": "tst-ilo-desk", "name": "ILO desk", "kinds": "international-organisation",
              "scopes": "international", "part_of": "int-ilo"}  # fmt: skip
    for name, value in values.items():
        actors.cell(row=2, column=columns.index(name) + 1, value=value)
    source = workbook["registry_sources"]["A2"].value  # cited by the id the listing gives
    citation = {"entity_kind": "actor", "entity_id": "tst-ilo-desk", "source": source, "locator": "p. 1"}
    citations = SHEETS_BY_NAME["citations"].column_names
    for name, value in citation.items():
        workbook["citations"].cell(row=2, column=citations.index(name) + 1, value=value)
    workbook.save(out)
    bundle, problems = validate_paths([out], read_held(registry))
    assert [p for p in problems if p.severity == "error"] == [], [str(p) for p in problems]
    load_paths(registry, [out])
    linked = registry.read(
        "MATCH (s:Source)<-[:CITES]-(:Actor {id: $id})-[:PART_OF]->(a:Actor) RETURN a.id AS actor, s.id AS source",
        {"id": "tst-ilo-desk"},
    ).frame
    assert linked.to_dict("records") == [{"actor": "int-ilo", "source": source}]


def test_the_data_page_offers_the_same_workbook(registry):
    data = template_bytes(registry)
    assert TEMPLATE_FILE_NAME.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[0] == "README"
    assert any(row[0].value == "int-ilo" for row in workbook["registry_actors"].iter_rows(min_row=2))
    assert "public-bank" in _offered(workbook, _validation_on(workbook, "actors", "kinds"))


def test_an_empty_registry_gets_no_listing_sheets(store, tmp_path):
    out = tmp_path / "cases.xlsx"
    done = _invoke("template", "--out", str(out), env=graph_env(store))
    assert done.exit_code == 0, done.output
    names = load_workbook(out).sheetnames
    assert "registry_actors" not in names and "registry_sources" not in names
    assert read_spreadsheet(out) == ([], [])
