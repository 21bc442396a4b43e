"""A file may add evidence, claims and mechanisms to a practice the registry already holds (`extends:`),
without restating the practice; the practice's own file and the rest of the registry are left as they were."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from test_export_roundtrip import graph_contents

from loaders.spreadsheet_template import SHEETS
from registry.errors import CaseValidationError
from registry.export import export_registry
from registry.loading import load_paths, seed_registry_path

EXTENSION = """\
extends: bra-canpat
sources:
  - id: issa-good-practice-canpat-2019
    citation: "ISSA, Good practices in social security: the CANPAT campaign (our reading of its summary)."
    publisher: International Social Security Association
    year: 2019
evidence:
  - id: bra-canpat-ev-issa-recognition
    kind: benefit
    category: implementation-enabled
    description:
      en: The ISSA summary presents the campaign as a model of joint prevention work across institutions.
    mechanism: {mechanism}
    source: issa-good-practice-canpat-2019
    locator: "Summary, paragraph 1"
"""


@pytest.fixture
def seeded(store):
    load_paths(store, [seed_registry_path()], rebuild=True)
    return store


def _first_mechanism(store) -> str:
    rows = store.read(
        "MATCH (:Practice {id: 'bra-canpat'})-[:HAS_MECHANISM]->(m) RETURN m.id AS id ORDER BY id LIMIT 1"
    ).frame
    return str(rows.iloc[0]["id"])


def _evidence_of(store) -> list[str]:
    rows = store.read(
        "MATCH (:Practice {id: 'bra-canpat'})-[:HAS_EVIDENCE]->(e:Evidence) RETURN e.id AS id ORDER BY id"
    ).frame
    return [str(v) for v in rows["id"]]


def test_a_file_adds_evidence_to_a_loaded_practice(seeded, tmp_path):
    before = _evidence_of(seeded)
    extension = tmp_path / "canpat-issa.yaml"
    extension.write_text(EXTENSION.format(mechanism=_first_mechanism(seeded)), encoding="utf-8")
    load_paths(seeded, [extension])
    assert _evidence_of(seeded) == sorted([*before, "bra-canpat-ev-issa-recognition"])
    once = graph_contents(seeded)
    load_paths(seeded, [extension])  # loading it again changes nothing (no second link)
    assert graph_contents(seeded) == once
    out = Path(export_registry(seeded, "yaml", tmp_path / "export"))
    canpat = (out / "cases" / "issa-americas" / "bra-canpat.yaml").read_text(encoding="utf-8")
    assert "bra-canpat-ev-issa-recognition" in canpat and "issa-good-practice-canpat-2019" in canpat


def test_extending_a_practice_the_registry_lacks_is_refused(seeded, tmp_path):
    extension = tmp_path / "typo.yaml"
    text = EXTENSION.format(mechanism=_first_mechanism(seeded)).replace("extends: bra-canpat", "extends: bra-canpt")
    extension.write_text(text, encoding="utf-8")
    before = graph_contents(seeded)
    with pytest.raises(CaseValidationError) as info:
        load_paths(seeded, [extension])
    problem = next(p for p in info.value.problems if p.field == "extends")
    assert "bra-canpt" in problem.message and "did you mean 'bra-canpat'" in problem.message
    assert graph_contents(seeded) == before


def test_an_id_another_practice_owns_cannot_be_taken(seeded, tmp_path):
    extension = tmp_path / "steal.yaml"
    text = EXTENSION.format(mechanism=_first_mechanism(seeded))
    taken = "arg-intercosecha-ev-duplicate-benefits-avoided"
    extension.write_text(text.replace("bra-canpat-ev-issa-recognition", taken), encoding="utf-8")
    owned = seeded.read(
        "MATCH (e:Evidence {id: 'arg-intercosecha-ev-duplicate-benefits-avoided'}) RETURN count(e) AS n"
    ).frame
    if int(owned.iloc[0]["n"]) == 0:
        pytest.fail("the seed no longer has the evidence this test tries to take; pick another id")
    before = graph_contents(seeded)
    with pytest.raises(CaseValidationError) as info:
        load_paths(seeded, [extension])
    assert any("already used by an evidence of practice 'arg-intercosecha'" in p.message for p in info.value.problems)
    assert graph_contents(seeded) == before


def test_a_spreadsheet_adds_evidence_to_a_loaded_practice(seeded, tmp_path):
    folder = tmp_path / "sheets"
    folder.mkdir()
    rows = {
        "sources": [{"id": "issa-canpat-note", "citation": "ISSA note on CANPAT.", "publisher": "ISSA"}],
        "evidence": [{"id": "bra-canpat-ev-sheet", "practice": "bra-canpat", "kind": "benefit",
                      "category": "implementation-enabled", "description_en": "Added from a spreadsheet.",
                      "source": "issa-canpat-note", "locator": "page 1"}],
    }  # fmt: skip
    for sheet in SHEETS:
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=list(sheet.column_names))
        writer.writeheader()
        writer.writerows(rows.get(sheet.name, []))
        (folder / f"{sheet.name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
    load_paths(seeded, [folder])
    assert "bra-canpat-ev-sheet" in _evidence_of(seeded)
