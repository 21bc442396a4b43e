"""Contributions that join the registry: new files refer to what is loaded, and never silently overwrite it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import TESTS
from hardening_support import graph_checksum
from test_spreadsheet import read_csv, workbook_from, write_csv

from registry.errors import CaseValidationError
from registry.held_registry import read_held
from registry.loading import load_paths, validate_paths

CONTRIBUTIONS = TESTS / "fixtures" / "contributions"
SIIAS = CONTRIBUTIONS / "ury-siias.yaml"
CROSSROADS = CONTRIBUTIONS / "bel-crossroads"


def _errors(problems):
    return [p for p in problems if p.severity == "error"]


@pytest.fixture
def seeded(store):
    """The bundled seed registry in a graph this test may change."""
    load_paths(store)
    return store


def _crossroads_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "crossroads"
    shutil.copytree(CROSSROADS, folder)
    return folder


def test_new_files_alone_name_what_they_miss():
    _, problems = validate_paths([SIIAS])
    assert any("'ury-bps', which no case file declares" in p.message for p in _errors(problems))


def test_new_case_and_workbook_load_against_the_seed_registry(seeded, tmp_path):
    workbook = workbook_from(CROSSROADS, tmp_path / "cases.xlsx")
    _, problems = validate_paths([SIIAS, workbook], read_held(seeded))
    assert not _errors(problems), [str(p) for p in problems]
    report = load_paths(seeded, [SIIAS])
    assert report.practices_written == 1
    report = load_paths(seeded, [workbook])
    assert report.practices_written == 1
    rows = seeded.read(
        "MATCH (:Practice {id: $id})-[:HAS_MECHANISM]->(:Mechanism)-[:INVOLVES]->(a:Actor) RETURN a.id AS id",
        {"id": "ury-siias"},
    ).frame
    assert set(rows["id"]) == {"ury-mides", "ury-bps"}
    # The seed's actor is linked, not copied or emptied.
    name = seeded.read("MATCH (a:Actor {id: $id}) RETURN a.name AS name", {"id": "ury-bps"}).frame["name"][0]
    assert name == "Social Insurance Bank"
    related = seeded.read(
        "MATCH (:Practice {id: $id})-[:RELATES_TO]->(i:Instrument) RETURN i.id AS id", {"id": "bel-crossroads-bank"}
    ).frame
    assert list(related["id"]) == ["R202"]
    # Reloading the same files changes nothing and is not refused.
    before = graph_checksum(seeded, internal_ids=False)
    load_paths(seeded, [SIIAS])
    assert graph_checksum(seeded, internal_ids=False) == before


def test_unknown_reference_says_neither_and_suggests(seeded, tmp_path):
    case = tmp_path / "siias.yaml"
    case.write_text(SIIAS.read_text().replace("actor: ury-bps", "actor: ury-bsp"))
    _, problems = validate_paths([case], read_held(seeded))
    (problem,) = _errors(problems)
    assert "which neither these files nor the registry declare" in problem.message
    assert "did you mean 'ury-bps' (Social Insurance Bank)" in problem.message


def test_reusing_a_seed_id_for_another_entity_is_refused(seeded, tmp_path):
    folder = _crossroads_copy(tmp_path)
    for sheet in ("actors", "mechanism_actors", "citations"):
        text = (folder / f"{sheet}.csv").read_text(encoding="utf-8-sig")
        (folder / f"{sheet}.csv").write_text(text.replace("bel-cbss", "bra-schools"), encoding="utf-8-sig")
    workbook = workbook_from(folder, tmp_path / "belgium.xlsx")
    before = graph_checksum(seeded, internal_ids=False)
    with pytest.raises(CaseValidationError) as info:
        load_paths(seeded, [workbook])
    (problem,) = info.value.problems
    assert problem.file == str(workbook) and problem.place.startswith("sheet 'actors', row 2")
    assert "'bra-schools' is already in the registry (declared by case 'bra-canpat')" in problem.message
    assert "name: 'Public and private schools (CANPAT)' in the registry" in problem.message
    assert "country: 'BRA' in the registry, 'BEL' here" in problem.message
    assert "without declaring it" in problem.message and "coordreg load --replace" in problem.message
    assert graph_checksum(seeded, internal_ids=False) == before
    # Replacing is an explicit act.
    load_paths(seeded, [workbook], replace=True)
    country = seeded.read("MATCH (a:Actor {id: $id}) RETURN a.country AS c", {"id": "bra-schools"}).frame["c"][0]
    assert country == "BEL"


def test_a_case_may_change_what_its_own_file_declared(seeded, tmp_path):
    load_paths(seeded, [SIIAS])
    edited = tmp_path / "ury-siias.yaml"
    edited.write_text(SIIAS.read_text().replace("name: Ministry of Social Development", "name: Social Development"))
    load_paths(seeded, [edited])
    name = seeded.read("MATCH (a:Actor {id: $id}) RETURN a.name AS name", {"id": "ury-mides"}).frame["name"][0]
    assert name == "Social Development"


def test_one_broken_source_row_gives_one_error(seeded, tmp_path):
    folder = _crossroads_copy(tmp_path)
    rows = read_csv(folder / "sources.csv")
    rows[2][rows[0].index("url")] = "www.ksz-bcss.fgov.be/en"
    write_csv(folder / "sources.csv", rows)
    _, problems = validate_paths([folder], read_held(seeded))
    errors = _errors(problems)
    assert len(errors) == 1, [str(p) for p in errors]
    assert errors[0].field == "url"
    report = load_paths(seeded, [folder], keep_going=True)
    assert report.practices_skipped == 1 and report.practices_written == 0


def test_terms_in_any_case_and_accents_are_read(tmp_path):
    case = tmp_path / "siias.yaml"
    case.write_text(SIIAS.read_text().replace("level: meso", "level: Méso").replace("levels: [meso]", "levels: [MESO]"))
    bundle, _ = validate_paths([case])
    (located,) = bundle.files
    assert located.case.mechanisms[0].levels == ["meso"] and located.case.level_claims[0].levels == ["meso"]


def test_messages_hold_no_regular_expression(tmp_path):
    folder = _crossroads_copy(tmp_path)
    rows = read_csv(folder / "practices.csv")
    rows[1][rows[0].index("countries")] = "BEL, NLD"
    write_csv(folder / "practices.csv", rows)
    rows = read_csv(folder / "sources.csv")
    rows[2][rows[0].index("url")] = "www.ksz-bcss.fgov.be/en"
    write_csv(folder / "sources.csv", rows)
    _, problems = validate_paths([folder])
    messages = " ".join(p.message for p in problems)
    assert "separate several countries with `;`" in messages
    assert "a web address must start with https://" in messages
    assert "^" not in messages and "{3}" not in messages
