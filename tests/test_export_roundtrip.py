"""Exports: YAML → graph → YAML/CSV/XLSX/Cypher gives back the same registry.

Cases are compared as whole ``CaseFile.model_dump()``s per practice (field
for field, lists in order); graphs as every node with all its properties and
every relationship with its properties. Facts about tests/fixtures/mini are
read off its YAML files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import yaml
from conftest import MINI_REGISTRY, graph_env, open_graph
from openpyxl import load_workbook

from loaders import read_bundle
from loaders.spreadsheet import read_spreadsheet
from loaders.spreadsheet_template import SHEETS
from registry.errors import BadParameter, CoordregError
from registry.export import EXPORT_MARKER, export_registry
from registry.export_cases import read_cases
from registry.loading import load_paths, seed_registry_path
from registry.schema.model import CaseFile
from registry.stores.base import Statement


@pytest.fixture
def fresh_store(request, backend):
    """A second empty graph on the same store, to load an export into."""
    name = f"export_{os.getpid()}_{request.node.name[:40]}".replace("[", "_") if backend == "falkordb" else "fresh"
    graph = open_graph(request, backend, name)
    yield graph
    graph.wipe()
    graph.close()


def graph_contents(store) -> tuple[list, list]:
    nodes = store.read(
        "MATCH (n) WHERE NOT n:RegistryVersion "  # the store's version node: bookkeeping, not contents
        "RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS props ORDER BY label, id"
    ).frame.to_dict("records")
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN labels(a)[0] AS al, a.id AS a, type(r) AS t, labels(b)[0] AS bl, b.id AS b, "
        "properties(r) AS props"
    ).frame.to_dict("records")
    return nodes, sorted(rels, key=lambda r: json.dumps(r, sort_keys=True))


def practices_of(cases) -> dict[str, dict]:
    return {c.practice.id: c.model_dump() for c in cases if c.practice is not None}


def catalogue_of(cases) -> dict[str, list]:
    """Everything declared by files without a practice, by section, in id order."""
    shared: dict[str, list] = {s: [] for s in ("sources", "instruments", "actors", "agreements")}
    for case in cases:
        if case.practice is None:
            for section, items in shared.items():
                items.extend(item.model_dump() for item in getattr(case, section))
    return {section: sorted(items, key=lambda item: item["id"]) for section, items in shared.items()}


def assert_same_registry(files: list[CaseFile], rebuilt: list[CaseFile]) -> None:
    assert practices_of(rebuilt) == practices_of(files)
    assert catalogue_of(rebuilt) == catalogue_of(files)


def yaml_cases(path: Path) -> list[CaseFile]:
    bundle, problems = read_bundle([path])
    assert not [p for p in problems if p.severity == "error"]
    return [f.case for f in bundle.files]


# --- YAML → graph → case files -----------------------------------------------------------------------------------


def test_mini_registry_comes_back_from_the_graph(mini_store):
    rebuilt = read_cases(mini_store)
    assert_same_registry(yaml_cases(MINI_REGISTRY), rebuilt.all)
    # tst-agency is declared in alpha.yaml, tst-ministry in the catalogue: each stays where it was.
    alpha = next(c for c in rebuilt.practices if c.practice.id == "tst-alpha")
    assert [a.id for a in alpha.actors] == ["tst-agency"]
    assert [a.id for a in rebuilt.catalogue.actors] == ["tst-ministry"]


def test_seed_registry_comes_back_from_the_graph(seed_store):
    files = yaml_cases(seed_registry_path())
    rebuilt = read_cases(seed_store)
    assert len(rebuilt.practices) == len([c for c in files if c.practice is not None]) > 20
    assert_same_registry(files, rebuilt.all)


def test_yaml_export_loads_back_as_the_same_cases(mini_store, tmp_path):
    out = export_registry(mini_store, "yaml", tmp_path / "export")
    assert (out / "catalogue.yaml").is_file() and (out / "cases" / "test" / "tst-alpha.yaml").is_file()
    assert_same_registry(yaml_cases(MINI_REGISTRY), yaml_cases(out))

    stream = export_registry(mini_store, "yaml")
    documents = list(yaml.safe_load_all(stream))
    assert len(documents) == 3  # the catalogue and the two practices
    assert_same_registry(yaml_cases(MINI_REGISTRY), [CaseFile.model_validate(d) for d in documents])


# --- YAML → graph → spreadsheet → graph --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_export_reloads_into_the_same_graph(mini_store, fresh_store, tmp_path, fmt):
    out = export_registry(mini_store, fmt, tmp_path / ("export" if fmt == "csv" else "export.xlsx"))
    load_paths(fresh_store, [out])
    assert fresh_store.counts() == mini_store.counts()
    assert graph_contents(fresh_store) == graph_contents(mini_store)


def test_seed_registry_through_csv_gives_the_same_graph(seed_store, fresh_store, tmp_path):
    out = export_registry(seed_store, "csv", tmp_path / "seed-csv")
    cases, problems = read_spreadsheet(out)
    assert problems == []
    assert_same_registry(yaml_cases(seed_registry_path()), [c.case for c in cases])
    load_paths(fresh_store, [out])
    assert fresh_store.counts() == seed_store.counts()
    assert graph_contents(fresh_store) == graph_contents(seed_store)


def test_empty_registry_exports_the_blank_template(store, tmp_path):
    out = export_registry(store, "xlsx", tmp_path / "template.xlsx")
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == [s.name for s in SHEETS]
    for sheet in SHEETS:
        rows = list(book[sheet.name].iter_rows(values_only=True))
        assert rows == [sheet.column_names]
    book.close()
    assert read_spreadsheet(out) == ([], [])


# --- graph formats -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_files_read_back_with_networkx(mini_store, tmp_path, fmt, reader):
    graph = reader(export_registry(mini_store, fmt, tmp_path / f"registry.{fmt}"))
    counts = mini_store.counts()
    assert graph.number_of_nodes() == counts["nodes"]
    assert graph.number_of_edges() == counts["relationships"]
    beta = graph.nodes["Practice:tst-beta"]
    assert beta["node_type"] == "Practice" and beta["registry_id"] == "tst-beta"
    assert beta["countries"] == "ARG;URY" and beta["label"] == "Beta practice"
    roles = [d["role"] for _, _, d in graph.edges("Mechanism:tst-beta-m1", data=True) if d["rel_type"] == "INVOLVES"]
    assert sorted(roles) == ["funder", "outreach"]
    # A function and a benefit may share a slug; the Label:id keys keep them apart.
    assert graph.nodes["Function:joint-planning"]["node_type"] == "Function"


def test_seed_graph_files_have_every_node_and_relationship(seed_store, tmp_path):
    counts = seed_store.counts()
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        graph = reader(export_registry(seed_store, fmt, tmp_path / f"seed.{fmt}"))
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (counts["nodes"], counts["relationships"])


def test_json_holds_every_case(mini_store):
    document = json.loads(export_registry(mini_store, "json"))
    assert [c["practice"]["id"] for c in document["cases"]] == ["tst-alpha", "tst-beta"]
    assert [s["id"] for s in document["catalogue"]["sources"]] == ["test-source"]
    alpha = document["cases"][0]
    figure = {k: v for k, v in alpha["evidence"][0]["figures"][0].items() if v is not None}
    assert figure == {"value": 10.0, "unit": "months", "label": "development time"}


def run_cypher_dump(script: str, store) -> int:
    statements = [line.rstrip(";") for line in script.splitlines() if line and not line.startswith("//")]
    for statement in statements:
        assert "$" not in statement.split("'")[0]  # parameter-free (a '$' may only appear inside a string)
        store.write(Statement(statement))
    return len(statements)


def test_cypher_dump_rebuilds_the_graph(mini_store, fresh_store):
    script = export_registry(mini_store, "cypher")
    counts = mini_store.counts()
    assert run_cypher_dump(script, fresh_store) == counts["nodes"] + counts["relationships"]
    assert graph_contents(fresh_store) == graph_contents(mini_store)


# --- awkward text ------------------------------------------------------------------------------------------------

AWKWARD = '=SUM(A1) it\'s "quoted", back\\slash; $param // not a comment\nsecond line\ttab \u200fRTL é'


def _mini_with_summary(tmp_path: Path, summary: str) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for path in MINI_REGISTRY.glob("*.yaml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    alpha = folder / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    old = 'summary: {en: "An invented practice with two levels.", fr: "Une pratique inventée à deux niveaux."}'
    assert old in text
    alpha.write_text(text.replace(old, f"summary: {{en: {json.dumps(summary)}}}"), encoding="utf-8")
    return folder


def test_awkward_text_survives_every_format(store, fresh_store, tmp_path):
    load_paths(store, [_mini_with_summary(tmp_path, AWKWARD)])

    def alpha_summary(cases) -> str:
        return next(c.practice.summary.en for c in cases if c.practice and c.practice.id == "tst-alpha")

    assert alpha_summary(read_cases(store).practices) == AWKWARD
    for fmt, target in (("xlsx", "x.xlsx"), ("csv", "csv"), ("yaml", "yaml")):
        out = export_registry(store, fmt, tmp_path / target)
        bundle, problems = read_bundle([out])
        assert problems == [], fmt
        assert alpha_summary(f.case for f in bundle.files) == AWKWARD, fmt
    run_cypher_dump(export_registry(store, "cypher"), fresh_store)
    assert graph_contents(fresh_store) == graph_contents(store)
    graph = nx.read_graphml(export_registry(store, "graphml", tmp_path / "g.graphml"))
    assert graph.nodes["Practice:tst-alpha"]["summary_en"] == AWKWARD


def test_a_failed_export_leaves_no_file(mini_store, tmp_path):
    # A control character XML and the Cypher dump cannot carry, written straight into the graph.
    mini_store.write(
        Statement("MATCH (p:Practice {id: 'tst-alpha'}) SET p.summary_en = $text", {"text": "control \x01 character"})
    )
    outputs = tmp_path / "out"
    outputs.mkdir()
    for fmt, name in (("xlsx", "r.xlsx"), ("graphml", "r.graphml"), ("cypher", "r.cypher")):
        with pytest.raises(CoordregError, match="control character"):
            export_registry(mini_store, fmt, outputs / name)
    assert list(outputs.iterdir()) == []  # neither the target nor a temporary file


# --- targets -----------------------------------------------------------------------------------------------------


def test_bad_targets_are_refused_before_anything_is_written(mini_store, tmp_path):
    with pytest.raises(BadParameter, match="--out is required"):
        export_registry(mini_store, "csv", None)
    with pytest.raises(BadParameter, match="--out is required"):
        export_registry(mini_store, "xlsx", None)
    with pytest.raises(BadParameter, match=".xlsx"):
        export_registry(mini_store, "xlsx", tmp_path / "registry.xls")
    with pytest.raises(BadParameter, match="not an export format"):
        export_registry(mini_store, "pdf", None)
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("precious")
    with pytest.raises(BadParameter, match="not made by coordreg"):
        export_registry(mini_store, "csv", foreign)
    assert [p.name for p in foreign.iterdir()] == ["thesis.docx"]


def test_exporting_again_replaces_the_previous_export(mini_store, tmp_path):
    out = export_registry(mini_store, "csv", tmp_path / "export")
    (out / "stale.csv").write_text("left from an older export")
    export_registry(mini_store, "csv", out)
    assert sorted(p.name for p in out.iterdir()) == sorted([EXPORT_MARKER] + [f"{s.name}.csv" for s in SHEETS])
    assert [p.name for p in tmp_path.iterdir()] == ["export"]  # no temporary folder left beside it


def test_cli_export_to_stdout_and_refusal(mini_store, coordreg_home):
    env = {**os.environ, "COORDREG_HOME": str(coordreg_home), **graph_env(mini_store)}
    done = subprocess.run(
        [sys.executable, "-m", "registry.cli", "export", "--format", "json"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["cases"]) == 2
    refused = subprocess.run(
        [sys.executable, "-m", "registry.cli", "export", "--format", "csv"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert refused.returncode != 0 and "--out is required" in refused.stderr
