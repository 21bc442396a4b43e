"""Every named query that runs on Neo4j passes Neo4j's own Cypher front end.

The linter is ``tools/cypher-lint/lint.mjs`` on the pinned npm package
``@neo4j-cypher/language-support`` (parser + semantic analysis of Neo4j's
editors). It needs no server, so the Neo4j dialect is checked on every run,
even where no Docker engine can start a Neo4j.

Only shipped files are linted: a user's saved queries and ``coordreg cypher``
text are user input, parsed by the store when they run, and go through the
read-only console guard (``registry.console``) instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from registry.queries.headers import parse_header
from registry.queries.library import builtin_query_dir, list_queries
from registry.schema.graph import NODE_LABELS, RELATIONSHIP_TYPES
from registry.stores.base import VERSION_LABEL

ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = ROOT / "tools" / "cypher-lint"
SEVERITY_ERROR = 1  # LSP DiagnosticSeverity.Error
NOT_IN_DATABASE = "is not present in the database"


def _neo4j_files() -> list[tuple[Path, list[str]]]:
    """The files Neo4j would run: portable ones and *.neo4j.cypher, never *.falkordb.cypher,
    each with the parameters its portable header declares."""
    folder = builtin_query_dir()
    chosen = []
    for path in sorted(folder.glob("*.cypher")):
        name, _, backend = path.name[: -len(".cypher")].partition(".")
        if backend and backend != "neo4j":
            continue
        header = parse_header((folder / f"{name}.cypher").read_text(encoding="utf-8"), str(path))
        if "neo4j" not in header.backends:
            continue  # declared FalkorDB-only: never sent to Neo4j
        chosen.append((path, [p.name for p in header.parameters]))
    return chosen


NEO4J_FILES = _neo4j_files()


@pytest.fixture(scope="session")
def linter() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        reason = "node and npm are needed for Neo4j's Cypher linter (tools/cypher-lint) and are not installed"
        print(reason)
        pytest.skip(reason)
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=LINT_DIR, capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0:
            pytest.fail(f"npm ci in {LINT_DIR} failed:\n{done.stdout}\n{done.stderr}")
    return LINT_DIR / "lint.mjs"


def lint(script: Path, entries: list[dict[str, Any]], *, schema: bool = True) -> dict[str, Any]:
    request: dict[str, Any] = {"files": entries}
    if schema:
        # The store's own bookkeeping node (the registry version) is a label too, outside the case schema.
        labels = [*NODE_LABELS, VERSION_LABEL]
        request |= {"labels": labels, "relationshipTypes": list(RELATIONSHIP_TYPES)}
    done = subprocess.run(
        ["node", str(script), "-"], input=json.dumps(request), capture_output=True, text=True, timeout=300
    )
    assert done.returncode in {0, 1}, f"lint.mjs failed ({done.returncode}): {done.stderr}"
    report = json.loads(done.stdout)
    # Exit code and report agree: 1 exactly when some file has an error.
    assert (done.returncode == 1) == any(f["errors"] for f in report["files"])
    return report


def problems(report: dict[str, Any], *, errors_only: bool = True) -> list[str]:
    return [
        f"{Path(f['path']).relative_to(ROOT) if Path(f['path']).is_relative_to(ROOT) else f['path']}:"
        f"{d['line']}:{d['column']}: {d['level']}: {d['message']}"
        for f in report["files"]
        for d in f["diagnostics"]
        if not errors_only or d["severity"] == SEVERITY_ERROR
    ]


@pytest.fixture(scope="session")
def library_report(linter: Path) -> dict[str, Any]:
    entries = [{"path": str(path), "parameters": params} for path, params in NEO4J_FILES]
    return lint(linter, entries)


def test_the_linted_set_is_what_neo4j_runs() -> None:
    linted = {path for path, _ in NEO4J_FILES}
    assert linted, "no named query found to lint"
    assert not any(p.name.endswith(".falkordb.cypher") for p in linted)
    for name, query in list_queries(include_user=False).items():
        if "neo4j" in query.header.backends:
            assert Path(query.files["neo4j"]) in linted, f"{name}: {query.files['neo4j']} is not linted"


def test_every_neo4j_query_has_zero_errors(library_report: dict[str, Any]) -> None:
    assert len(library_report["files"]) == len(NEO4J_FILES)
    found = problems(library_report)
    assert not found, "Neo4j's Cypher front end rejects:\n" + "\n".join(found)


def test_neo4j_queries_use_only_labels_and_types_of_the_schema(library_report: dict[str, Any]) -> None:
    # A misspelt label or relationship type is only a warning for Neo4j (it matches
    # nothing), but in a named query it is always a bug.
    unknown = [p for p in problems(library_report, errors_only=False) if NOT_IN_DATABASE in p]
    assert not unknown, "labels or relationship types outside registry/schema/graph.py:\n" + "\n".join(unknown)


def test_linter_reports_a_syntax_error_with_its_line(linter: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.cypher"
    broken.write_text("// title: Broken\n// question: ?\nMATCH (p:Practice\nRETURN p.id AS id\n", encoding="utf-8")
    report = lint(linter, [{"path": str(broken), "parameters": []}])
    errors = [d for d in report["files"][0]["diagnostics"] if d["severity"] == SEVERITY_ERROR]
    assert errors, "a missing ')' must be an error"
    assert errors[0]["line"] == 4  # the parser stops at RETURN, on the fourth line
    assert "RETURN" in errors[0]["message"]


def test_linter_accepts_comments_and_declared_parameters(linter: Path, tmp_path: Path) -> None:
    fine = tmp_path / "fine.cypher"
    fine.write_text(
        "// title: Fine\n// question: ?\n// param: practice (string, required) id\n"
        "MATCH (p:Practice {id: $practice}) // trailing comment\nRETURN p.id AS id\n",
        encoding="utf-8",
    )
    report = lint(linter, [str(fine)])  # parameters read from the file's own header
    assert report["files"][0]["diagnostics"] == []


def test_linter_rejects_what_plain_neo4j_lacks(linter: Path, tmp_path: Path) -> None:
    """Undeclared parameters, FalkorDB-only procedures and APOC fail: a plain Neo4j has none of them."""
    cases = {
        "undeclared.cypher": ("MATCH (p:Practice) WHERE p.id = $nope RETURN p.id AS id", "Parameter $nope"),
        "falkordb.cypher": ("CALL algo.pageRank('Actor', 'PARTY') YIELD node RETURN node", "algo.pageRank"),
        "apoc.cypher": ("CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value", "apoc.load.json"),
        "regex_ok.cypher": ("MATCH (a:Actor) WHERE a.name =~ '(?i)ana.*' RETURN a.id AS id", None),
    }
    entries = []
    for name, (text, _) in cases.items():
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
        entries.append({"path": str(tmp_path / name), "parameters": []})
    report = {Path(f["path"]).name: f for f in lint(linter, entries)["files"]}
    for name, (_, expected) in cases.items():
        messages = [d["message"] for d in report[name]["diagnostics"] if d["severity"] == SEVERITY_ERROR]
        if expected is None:
            assert messages == [], f"{name}: {messages}"
        else:
            assert any(expected in m for m in messages), f"{name}: {messages}"


def test_variant_file_takes_parameters_from_its_portable_header(linter: Path, tmp_path: Path) -> None:
    (tmp_path / "q.cypher").write_text(
        "// title: Q\n// question: ?\n// param: actor (string, required) id\nMATCH (a:Actor {id: $actor}) RETURN a\n",
        encoding="utf-8",
    )
    variant = tmp_path / "q.neo4j.cypher"
    variant.write_text("MATCH (a:Actor) WHERE a.id = $actor AND a.kind = $kind RETURN a\n", encoding="utf-8")
    report = lint(linter, [str(variant)])
    messages = [d["message"] for d in report["files"][0]["diagnostics"] if d["severity"] == SEVERITY_ERROR]
    assert messages == ["Parameter $kind is not defined."]


def test_unknown_label_is_a_warning_only_with_a_schema(linter: Path, tmp_path: Path) -> None:
    query = tmp_path / "typo.cypher"
    query.write_text("MATCH (p:Practise)-[:HAS_MECHANISM]->(m:Mechanism) RETURN p, m\n", encoding="utf-8")
    with_schema = lint(linter, [{"path": str(query), "parameters": []}])
    assert [p for p in problems(with_schema, errors_only=False) if NOT_IN_DATABASE in p] != []
    assert "Practise" in " ".join(problems(with_schema, errors_only=False))
    assert problems(with_schema) == []  # a warning, not an error
    without_schema = lint(linter, [{"path": str(query), "parameters": []}], schema=False)
    assert problems(without_schema, errors_only=False) == []


def test_what_the_neo4j_store_writes_passes_too(linter: Path, tmp_path: Path) -> None:
    """The loader's generated statements and the store's schema commands are Cypher
    Neo4j runs too; the linter checks them against Neo4j's own grammar (the Neo4j
    tests then run them on a real server)."""
    from loaders import read_bundle
    from registry.graph_writer import statement_for_case, statement_for_levels
    from registry.stores.neo4j_store import (
        PLAIN_INDEX_CYPHER,
        WIPE_BATCH_CYPHER,
        WIPE_BATCH_RELATIONSHIPS_CYPHER,
        schema_statements,
    )

    bundle, found = read_bundle([ROOT / "tests" / "fixtures" / "mini"])
    assert not [p for p in found if p.severity == "error"]
    written = [statement_for_levels()] + [statement_for_case(f.case) for f in bundle.files]
    statements = [(s.cypher, list(s.parameters)) for s in written]
    statements += [(cypher, []) for cypher in schema_statements()]
    statements += [(WIPE_BATCH_CYPHER, ["batch"]), (WIPE_BATCH_RELATIONSHIPS_CYPHER, ["batch"])]
    statements += [(PLAIN_INDEX_CYPHER, ["label", "key"])]
    entries = []
    for number, (cypher, params) in enumerate(statements):
        path = tmp_path / f"statement_{number}.cypher"
        path.write_text(cypher, encoding="utf-8")
        entries.append({"path": str(path), "parameters": params})
    report = lint(linter, entries)
    assert len(report["files"]) == len(bundle.files) + 1 + len(schema_statements()) + 3
    assert problems(report, errors_only=False) == []
