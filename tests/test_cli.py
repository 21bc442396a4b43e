"""The `coordreg` command line, run as a real subprocess against the test server."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_REGISTRY, graph_env


def _run(args: list[str], home: Path, graph, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COORDREG_HOME": str(home), **graph_env(graph)}
    result = subprocess.run(
        [sys.executable, "-m", "registry.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )
    if check and result.returncode != 0:
        raise AssertionError(f"coordreg {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result


@pytest.fixture
def cli(coordreg_home, store):
    """coordreg as a subprocess on an empty graph of its own, on each store (the ``store`` fixture)."""

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return _run(list(args), coordreg_home, store, check)

    run.store = store  # type: ignore[attr-defined]
    return run


def _status_counts(output: str) -> dict[str, int]:
    return {
        k: int(v) for k, v in (line.split(": ") for line in output.splitlines() if line.startswith(("nodes", "rel")))
    }


def test_load_query_status_round(cli):
    first = cli("load")
    assert "loaded 30 practice(s)" in first.stdout
    counts = _status_counts(cli("status").stdout)
    assert counts["nodes"] > 300
    cli("load")
    assert _status_counts(cli("status").stdout) == counts, "a second load must change no count"
    rows = list(csv.DictReader(io.StringIO(cli("query", "typology_matrix", "--format", "csv").stdout)))
    assert {"practice_id", "title", "countries", "macro", "meso", "micro", "conflict"} <= set(rows[0])
    assert {r["macro"] for r in rows} <= {"true", "false"}


def test_status_names_the_store_and_no_tcp_port(cli):
    output = cli("status").stdout
    if cli.store.dialect == "falkordb":
        assert "embedded FalkorDB" in output and "no TCP port" in output
    else:
        assert f"Neo4j at {cli.store.uri}, database 'neo4j'" in output
    assert _status_counts(output) == {"nodes": 0, "relationships": 0}


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda t: t.replace("region: Americas", "region: [unclosed"), "YAML syntax error"),
        (lambda t: t.replace("  region: Americas\n", ""), "field 'regions'"),  # read as regions: [Americas]
        (lambda t: t.replace("actor: tst-agency, role: monitor", "actor: tst-ghost, role: monitor"), "tst-ghost"),
    ],
)
def test_bad_case_file_one_line_error_exit_1_graph_unchanged(cli, tmp_path, edit, words):
    import shutil

    cases = tmp_path / "cases"
    shutil.copytree(MINI_REGISTRY, cases)
    cli("load", str(cases))
    before = cli("status").stdout
    (cases / "alpha.yaml").write_text(edit((cases / "alpha.yaml").read_text()))
    result = cli("load", str(cases), check=False)
    assert result.returncode == 1
    first_line = result.stderr.splitlines()[0]
    assert "alpha.yaml" in first_line and words in first_line
    assert "Traceback" not in result.stderr
    assert cli("status").stdout == before


def test_validate_reports_ok_and_errors(cli, tmp_path):
    assert "ok:" in cli("validate", str(MINI_REGISTRY)).stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("practice: {id: x}\n")
    result = cli("validate", str(bad), check=False)
    assert result.returncode == 1 and "bad.yaml" in result.stderr


def test_query_formats_and_parameters(cli):
    cli("load", str(MINI_REGISTRY))
    as_json = json.loads(cli("query", "practice_levels", "--param", "practice=tst-alpha", "--format", "json").stdout)
    assert [row["level"] for row in as_json] == ["macro", "meso"]
    missing = cli("query", "practice_levels", check=False)
    assert missing.returncode == 1 and "practice" in missing.stderr
    unknown = cli("query", "no_such_query", check=False)
    assert unknown.returncode == 1 and "no named query" in unknown.stderr


def test_queries_lists_titles_and_parameters(cli):
    output = cli("queries", "--format", "csv").stdout
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(output))}
    assert rows["practice_levels"]["parameters"] == "practice (required)"
    assert rows["typology_matrix"]["title"] == "Typology matrix"


def test_cypher_console_reads_and_refuses_writes(cli):
    cli("load", str(MINI_REGISTRY))
    out = cli("cypher", "MATCH (p:Practice) RETURN p.id AS id ORDER BY id", "--format", "csv").stdout
    assert out.splitlines() == ["id", "tst-alpha", "tst-beta"]
    refused = cli("cypher", "MATCH (p:Practice) DETACH DELETE p", check=False)
    assert refused.returncode == 1 and "read" in refused.stderr
    assert "tst-beta" in cli("cypher", "MATCH (p:Practice) RETURN p.id AS id", "--format", "csv").stdout
    capped = cli("cypher", "UNWIND range(1, 10) AS i RETURN i", "--limit", "3", "--format", "csv")
    assert capped.stdout.splitlines() == ["i", "1", "2", "3"] and "truncated" in capped.stderr


def test_version_and_unknown_graph(cli):
    assert "coordreg" in cli("--version").stdout
    result = cli("--graph", "postgres://x", "status", check=False)
    assert result.returncode == 1 and "not a graph coordreg knows" in result.stderr


def test_keep_going_loads_the_rest_but_exits_1_counting_practices(cli, tmp_path):
    import shutil

    cases = tmp_path / "cases"
    shutil.copytree(MINI_REGISTRY, cases)
    (cases / "alpha.yaml").write_text((cases / "alpha.yaml").read_text().replace("level: meso", "level: mezzo"))
    result = cli("load", "--keep-going", str(cases), check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "loaded 1 practice(s)" in result.stdout
    assert "1 practice(s) were skipped" in result.stderr
    held = cli("cypher", "MATCH (p:Practice) RETURN p.id AS id", "--format", "csv").stdout.split()
    assert held == ["id", "tst-beta"]
