"""The Neo4j backend against a real Neo4j 5 server.

Where the server comes from, first match wins:
1. ``COORDREG_TEST_NEO4J_URI`` (with ``NEO4J_USER`` / ``NEO4J_PASSWORD``): an
   already-running Neo4j, e.g. the service container of the hosted-CI workflow.
   The tests WIPE its database, so point it only at a throwaway one;
2. a ``neo4j:5-community`` container started by testcontainers, where a Docker
   engine answers;
3. otherwise every test here is skipped, with the reason printed (pytest -ra).

Results are compared with the embedded FalkorDB store loaded from the same
files: both backends must give the same answers.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import MINI_REGISTRY

from registry.console import run_console_query
from registry.errors import QueryFailed, QueryRefused, QueryTimeout, StoreUnavailable
from registry.loading import load_paths
from registry.queries.library import list_queries, run_named_query
from registry.schema.graph import NODE_LABELS
from registry.stores.base import Statement

pytestmark = pytest.mark.neo4j

NEO4J_IMAGE = "neo4j:5-community"
CONTAINER_PASSWORD = "coordreg-test-password"  # Neo4j 5 wants at least 8 characters
DOCKER_TIMEOUT_S = 5

# Values from tests/fixtures/mini for every parameter a named query may take.
MINI_VALUES: dict[str, Any] = {
    "practice": "tst-alpha",
    "a": "tst-alpha",
    "b": "tst-beta",
    "actor": "tst-agency",
    "actor_a": "tst-agency",  # two steps from the union: via alpha's mechanism, then beta's, through the ministry
    "actor_b": "tst-union",
    "collection": "test",
    "country": "ARG",
    "level": "macro",
    "actor_kind": "ministry",
    "function": "joint-planning",
    "text": "alpha",
    "min_practices": 1,
    "max_hops": 4,
    "max_routes": 20,
}

NEO4J_QUERIES = sorted(name for name, q in list_queries(include_user=False).items() if "neo4j" in q.header.backends)


def docker_engine_problem() -> str | None:
    """None when a Docker engine answers, else why not (in a few seconds, never hanging)."""
    try:
        import docker
    except ImportError:
        return "the docker SDK is not installed (pip install '.[test]')"
    try:
        client = docker.from_env(timeout=DOCKER_TIMEOUT_S)
        client.ping()
        client.close()
    except Exception as exc:
        first_line = (str(exc).splitlines() or [""])[0][:200]
        return f"no Docker engine answers ({type(exc).__name__}: {first_line})"
    return None


def _neo4j_container_class() -> Any:
    try:  # testcontainers >= 4.14 moved it; the old module still works with a deprecation warning
        from testcontainers.community.neo4j import Neo4jContainer
    except ImportError:
        from testcontainers.neo4j import Neo4jContainer
    return Neo4jContainer


@pytest.fixture(scope="module")
def neo4j_server() -> Iterator[tuple[str, str, str]]:
    """(uri, user, password) of a Neo4j 5 server the tests may wipe."""
    uri = os.environ.get("COORDREG_TEST_NEO4J_URI")
    if uri:
        yield uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")
        return
    problem = docker_engine_problem()
    if problem:
        reason = f"Neo4j tests need COORDREG_TEST_NEO4J_URI or a Docker engine for testcontainers: {problem}"
        print(reason)
        pytest.skip(reason)
    with _neo4j_container_class()(NEO4J_IMAGE, password=CONTAINER_PASSWORD) as container:
        yield container.get_connection_url(), "neo4j", CONTAINER_PASSWORD


@pytest.fixture(scope="module")
def neo4j_store(neo4j_server: tuple[str, str, str]) -> Iterator[Any]:
    from registry.stores.neo4j_store import Neo4jStore

    uri, user, password = neo4j_server
    store = Neo4jStore(uri, user=user, password=password)
    foreign = store.read(
        "MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $labels) OR (n:Practice AND NOT n.id STARTS WITH 'tst-') "
        "RETURN count(n) AS n",
        {"labels": list(NODE_LABELS)},
    ).frame.iloc[0, 0]
    if foreign:
        store.close()
        pytest.fail(f"{uri} holds {foreign} node(s) these tests did not write; they wipe it, so give them an empty one")
    yield store
    store.wipe()
    store.close()


@pytest.fixture(scope="module")
def neo4j_mini(neo4j_store: Any) -> Any:
    """tests/fixtures/mini loaded into Neo4j (tests using it must only read)."""
    load_paths(neo4j_store, [MINI_REGISTRY], rebuild=True)
    return neo4j_store


@pytest.fixture(scope="module")
def falkordb_mini(coordreg_home: Path, neo4j_server: tuple[str, str, str]) -> Iterator[Any]:
    """The same files in the embedded store, to compare answers with."""
    from registry.stores.embedded import EmbeddedStore

    store = EmbeddedStore(coordreg_home, f"neo4j_compare_{os.getpid()}")
    load_paths(store, [MINI_REGISTRY], rebuild=True)
    yield store
    store.wipe()
    store.close()


def _label_counts(store: Any) -> dict[str, int]:
    frame = store.read("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n").frame
    return {str(row.label): int(row.n) for row in frame.itertuples()}


def _comparable(frame: pd.DataFrame) -> list[str]:
    """Rows as sorted JSON texts: list cells sorted and floats rounded, so neither the
    order of ties nor the last bits of a float can make equal answers differ."""

    def cell(value: Any) -> Any:
        if isinstance(value, float):
            return None if math.isnan(value) else round(value, 9)
        if isinstance(value, list):
            return sorted((cell(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, default=str))
        if isinstance(value, dict):
            return {k: cell(v) for k, v in value.items()}
        if hasattr(value, "item"):  # numpy scalars
            return cell(value.item())
        return value

    rows = [{k: cell(v) for k, v in row.items()} for row in frame.to_dict("records")]
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)


def test_loading_twice_gives_the_same_graph(neo4j_store: Any) -> None:
    load_paths(neo4j_store, [MINI_REGISTRY], rebuild=True)
    first_counts, first_labels = neo4j_store.counts(), _label_counts(neo4j_store)
    load_paths(neo4j_store, [MINI_REGISTRY])
    assert neo4j_store.counts() == first_counts
    assert _label_counts(neo4j_store) == first_labels
    # Counted by hand in tests/fixtures/mini: two practices, three actors (agency,
    # union, ministry), three mechanisms, three claims, the three Table 1 levels.
    for label, expected in {"Practice": 2, "Actor": 3, "Mechanism": 3, "LevelClaim": 3, "Level": 3}.items():
        assert first_labels.get(label) == expected, label


def test_both_backends_hold_the_same_graph(neo4j_mini: Any, falkordb_mini: Any) -> None:
    assert neo4j_mini.counts() == falkordb_mini.counts()
    assert _label_counts(neo4j_mini) == _label_counts(falkordb_mini)


def test_uniqueness_constraints_hold(neo4j_mini: Any) -> None:
    neo4j_mini.ensure_schema()  # a second time: idempotent
    before = neo4j_mini.counts()
    with pytest.raises(QueryFailed):
        neo4j_mini.write(Statement("CREATE (:Practice {id: $id})", {"id": "tst-alpha"}))
    assert neo4j_mini.counts() == before


@pytest.mark.parametrize("name", NEO4J_QUERIES)
def test_named_query_runs_and_agrees_with_the_embedded_store(name: str, neo4j_mini: Any, falkordb_mini: Any) -> None:
    query = list_queries(include_user=False)[name]
    declared = {p.name: p for p in query.header.parameters}
    missing = [p for p, param in declared.items() if param.required and p not in MINI_VALUES]
    assert not missing, f"{name}: add a tests/fixtures/mini value for {missing} to MINI_VALUES"
    runs = {
        "defaults": {p: MINI_VALUES[p] for p, param in declared.items() if param.required},
        "filtered": {p: MINI_VALUES[p] for p in declared if p in MINI_VALUES},
    }
    for label, params in runs.items():
        on_neo4j = run_named_query(neo4j_mini, name, params).frame
        on_falkordb = run_named_query(falkordb_mini, name, params).frame
        if query.header.columns:
            assert list(on_neo4j.columns) == list(query.header.columns), f"{name} ({label})"
        assert list(on_neo4j.columns) == list(on_falkordb.columns), f"{name} ({label})"
        if query.header.post:
            # A Python step may number groups in the order rows arrive; the rows themselves must match in number.
            assert len(on_neo4j) == len(on_falkordb), f"{name} ({label})"
        else:
            assert _comparable(on_neo4j) == _comparable(on_falkordb), f"{name} ({label}) differs between backends"


def test_a_named_query_answers_what_the_fixture_says(neo4j_mini: Any) -> None:
    frame = run_named_query(neo4j_mini, "typology_matrix", {"collection": "test"}).frame.set_index("practice_id")
    # alpha's two stated claims: macro+meso and meso+micro, so they conflict; beta: micro only.
    assert sorted(frame.index) == ["tst-alpha", "tst-beta"]
    assert frame.loc["tst-alpha", ["macro", "meso", "micro", "conflict"]].tolist() == [True, True, True, True]
    assert frame.loc["tst-beta", ["macro", "meso", "micro", "conflict"]].tolist() == [False, False, True, False]


@pytest.mark.parametrize(
    ("attempt", "words"),
    [
        ("CREATE (p:Practice {id: 'intruder'}) RETURN p", "CREATE"),
        ("MATCH (p:Practice) DETACH DELETE p", "DETACH"),
        ("CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value", "apoc.load.json"),
        ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV"),
        ("LOAD CSV FROM 'https://example.org/x.csv' AS row RETURN row", "LOAD CSV"),
    ],
)
def test_console_refuses_writes_and_escapes(neo4j_mini: Any, attempt: str, words: str) -> None:
    before = neo4j_mini.counts()
    with pytest.raises(QueryRefused, match=words.replace(".", r"\.")):
        run_console_query(neo4j_mini, attempt)
    assert neo4j_mini.counts() == before


def test_console_runs_a_read_and_reports_truncation(neo4j_mini: Any) -> None:
    result = run_console_query(neo4j_mini, "MATCH (p:Practice) RETURN p.id AS id ORDER BY id", row_cap=1)
    assert result.frame["id"].tolist() == ["tst-alpha"]
    assert result.truncated
    assert run_console_query(neo4j_mini, "CALL db.labels()").frame.shape[0] >= 1


def test_explain_check_refuses_a_write_the_guard_never_saw(neo4j_mini: Any) -> None:
    """The store's own check, without the console's clause guard in front of it."""
    before = neo4j_mini.counts()
    neo4j_mini.check_read_only("MATCH (p:Practice) RETURN count(p) AS n", {})  # a read passes
    with pytest.raises(QueryRefused, match="not read-only"):
        neo4j_mini.check_read_only("MERGE (p:Practice {id: $id}) RETURN p", {"id": "intruder"})
    with pytest.raises(QueryRefused):
        neo4j_mini.check_read_only("MATCH (p:Practice) SET p.title = 'changed'", {})
    assert neo4j_mini.counts() == before
    titles = neo4j_mini.read("MATCH (p:Practice) WHERE p.title = 'changed' RETURN count(p) AS n").frame
    assert titles.iloc[0, 0] == 0


def test_read_path_refuses_a_write(neo4j_mini: Any) -> None:
    """execute_read runs in a read transaction: the server itself refuses writes there."""
    before = neo4j_mini.counts()
    with pytest.raises(QueryRefused):
        neo4j_mini.read("CREATE (p:Practice {id: 'intruder'}) RETURN p")
    assert neo4j_mini.counts() == before


def test_runaway_query_stops_at_its_time_limit(neo4j_mini: Any) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        neo4j_mini.read(
            "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH a, b WHERE a * b < 0 RETURN count(*)",
            timeout_ms=1_000,
        )
    assert time.monotonic() - started < 30


def test_driver_values_come_back_plain(neo4j_mini: Any) -> None:
    frame = neo4j_mini.read(
        "MATCH (p:Practice {id: 'tst-alpha'}) RETURN p, date('2024-01-02') AS day, duration('P3D') AS span"
    ).frame
    node = frame.loc[0, "p"]
    assert node["_kind"] == "node" and node["_labels"] == ["Practice"] and node["id"] == "tst-alpha"
    assert frame.loc[0, "day"] == "2024-01-02"
    assert frame.loc[0, "span"] == "P3D"
    json.dumps(frame.to_dict("records"))  # the JSON output format can print it


def test_wrong_password_is_store_unavailable(neo4j_server: tuple[str, str, str]) -> None:
    from registry.stores.neo4j_store import Neo4jStore

    uri, user, password = neo4j_server
    with pytest.raises(StoreUnavailable, match="user name or password"):
        Neo4jStore(uri, user=user, password=password + "-wrong")


def test_nothing_listening_is_store_unavailable() -> None:
    """Needs no server at all, so it runs everywhere (the module's marker still applies)."""
    from registry.stores.neo4j_store import Neo4jStore

    with pytest.raises(StoreUnavailable, match="does not answer"):
        Neo4jStore("bolt://127.0.0.1:1", password="irrelevant")
