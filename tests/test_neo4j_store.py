"""What only the Neo4j backend has: its driver, its EXPLAIN check, its errors, its
schema rules, its limits, and a server killed during a load.

The server comes from tests/neo4j_service.py (the launcher in
tests/neo4j_server/ on this machine). Everything both stores share — loading,
named queries, exports, the console corpus, the app — runs on both through the
``backend`` fixture in conftest.py; this module holds the rest.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import MINI_REGISTRY, open_graph

from registry.console import run_console_query
from registry.errors import QueryFailed, QueryRefused, QueryTimeout, StoreUnavailable
from registry.loading import load_paths
from registry.queries.library import run_named_query
from registry.stores.base import Statement

pytestmark = pytest.mark.neo4j
# Faults this module injects (the README's figure is checked against the sum over modules): the kill -9.
FAULTS_INJECTED = 1
pytest_plugins = ["hardening_fixtures"]  # the synthetic registry and the reliability figures, shared


@pytest.fixture(scope="module")
def neo4j_store(request) -> Iterator[Any]:
    store = open_graph(request, "neo4j", "neo4j_specific")
    yield store
    store.wipe()
    store.close()


@pytest.fixture(scope="module")
def neo4j_mini(neo4j_store: Any) -> Any:
    """tests/fixtures/mini loaded into Neo4j (tests using it must only read)."""
    load_paths(neo4j_store, [MINI_REGISTRY], rebuild=True)
    return neo4j_store


@pytest.fixture(scope="module")
def falkordb_mini(request) -> Iterator[Any]:
    """The same files in the embedded store, to compare with."""
    store = open_graph(request, "falkordb", f"neo4j_compare_{os.getpid()}")
    load_paths(store, [MINI_REGISTRY], rebuild=True)
    yield store
    store.wipe()
    store.close()


def _label_counts(store: Any) -> dict[str, int]:
    frame = store.read("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n").frame
    return {str(row.label): int(row.n) for row in frame.itertuples()}


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
    with pytest.raises(QueryRefused, match="only runs read queries"):
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


def test_wrong_password_is_one_line_naming_the_url_and_what_to_set(neo4j_store: Any, neo4j_service: Any) -> None:
    from registry.stores.neo4j_store import Neo4jStore

    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="NEO4J_PASSWORD") as info:
        Neo4jStore(neo4j_store.uri, user=neo4j_service.user, password=neo4j_service.password + "-wrong")
    assert neo4j_store.uri in str(info.value) and "\n" not in str(info.value)
    assert time.monotonic() - started < 10


def test_missing_database_is_one_line_naming_what_to_set(neo4j_store: Any, neo4j_service: Any) -> None:
    from registry.stores.neo4j_store import Neo4jStore

    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="NEO4J_DATABASE") as info:
        Neo4jStore(neo4j_store.uri, user=neo4j_service.user, password=neo4j_service.password, database="nosuchdb")
    assert "nosuchdb" in str(info.value) and neo4j_store.uri in str(info.value)
    assert time.monotonic() - started < 10


def test_nothing_listening_is_store_unavailable() -> None:
    """Needs no server at all, so it runs everywhere (the module's marker still applies)."""
    from registry.stores.neo4j_store import Neo4jStore

    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="does not answer.*COORDREG_GRAPH"):
        Neo4jStore("bolt://127.0.0.1:1", password="irrelevant")
    assert time.monotonic() - started < 10


# ---- the store's own corrections, proven on the real server ---------------------------------


def test_constraints_take_the_place_of_a_users_plain_index(request) -> None:
    """An analyst's database may already index Practice.id; ensure_schema still makes it unique."""
    store = open_graph(request, "neo4j", "neo4j_indexes")
    try:
        store.write(Statement("DROP CONSTRAINT coordreg_practice_id_unique IF EXISTS"))
        store.write(Statement("CREATE INDEX analyst_practice_id IF NOT EXISTS FOR (n:Practice) ON (n.id)"))
        store.ensure_schema()
        constraints = store.read("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names").frame.iat[0, 0]
        assert "coordreg_practice_id_unique" in constraints
        store.write(Statement("CREATE (:Practice {id: 'one'})"))
        with pytest.raises(QueryFailed):
            store.write(Statement("CREATE (:Practice {id: 'one'})"))
    finally:
        store.wipe()
        store.close()


def test_the_wipe_goes_in_batches_of_its_own_transactions(request, monkeypatch) -> None:
    from registry.stores import neo4j_store

    store = open_graph(request, "neo4j", "neo4j_wipe")
    try:
        store.write(Statement("UNWIND range(1, 1000) AS i CREATE (:Probe {i: i})-[:NEXT]->(:Probe {i: -i})"))
        monkeypatch.setattr(neo4j_store, "WIPE_BATCH_NODES", 300)
        transactions = []
        original = store._write_one
        monkeypatch.setattr(store, "_write_one", lambda *args: transactions.append(args) or original(*args))
        store.wipe()
        assert store.counts() == {"nodes": 0, "relationships": 0}
        # 1,000 relationships in four batches and an empty one, then 2,000 nodes in seven and an empty one.
        assert len(transactions) == (1000 // 300 + 2) + (2000 // 300 + 2)
    finally:
        store.close()


def test_a_read_carries_the_bookmark_of_the_write_before_it(neo4j_store: Any) -> None:
    """On a cluster a read may reach a member that has not applied the last write yet; the
    bookmark makes it wait. Here: every write leaves a new bookmark in the store's manager."""
    before = set(neo4j_store._bookmarks.get_bookmarks())
    neo4j_store.write(Statement("CREATE (:Probe {i: 1})"))
    after = set(neo4j_store._bookmarks.get_bookmarks())
    assert after and after != before
    assert neo4j_store.read("MATCH (p:Probe) RETURN count(p) AS n").frame.iat[0, 0] >= 1
    neo4j_store.write(Statement("MATCH (p:Probe) DELETE p"))


def test_a_query_stopped_by_an_administrator_is_not_called_a_timeout(neo4j_mini: Any) -> None:
    import threading

    outcome: list[BaseException] = []
    marker = "coordreg_admin_stop_probe"
    slow = f"WITH '{marker}' AS m UNWIND range(1, 3000000000) AS i WITH i WHERE i < 0 RETURN count(i) AS n"

    def run() -> None:
        try:
            neo4j_mini.read(slow, timeout_ms=60_000)
        except BaseException as exc:  # noqa: BLE001 - the outcome is the assertion
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 30
    stopped = 0
    while time.monotonic() < deadline and not stopped:
        found = neo4j_mini._write_one(
            "SHOW TRANSACTIONS YIELD transactionId, currentQuery WHERE currentQuery CONTAINS $marker "
            "AND NOT currentQuery CONTAINS 'SHOW' RETURN collect(transactionId) AS ids",
            {"marker": marker},
            10_000,
        )[0][0]
        if found:
            stopped = len(neo4j_mini._write_one("TERMINATE TRANSACTIONS $ids", {"ids": found}, 10_000))
        time.sleep(0.1)
    thread.join(timeout=60)
    assert stopped, "the query never showed up among the server's transactions"
    assert outcome and isinstance(outcome[0], QueryFailed), outcome
    assert "stopped on the Neo4j server" in str(outcome[0])


def test_the_servers_own_limits_are_set_and_hold(neo4j_mini: Any) -> None:
    """db.memory.transaction.max and db.transaction.timeout: a query past either is stopped by the server."""
    settings = dict(
        neo4j_mini.read(
            "SHOW SETTINGS YIELD name, value WHERE name IN ['db.memory.transaction.max', 'db.transaction.timeout'] "
            "RETURN name, value"
        ).frame.itertuples(index=False, name=None)
    )
    assert settings["db.memory.transaction.max"] not in {"", "0", "0B"}
    assert settings["db.transaction.timeout"] not in {"", "0", "0s"}
    with pytest.raises(QueryFailed, match="more memory than the Neo4j server allows"):
        neo4j_mini.read("UNWIND range(1, 50000000) AS i WITH collect(toString(i)) AS texts RETURN size(texts) AS n")
    assert neo4j_mini.read("RETURN 1 AS alive").frame.iat[0, 0] == 1


def test_killing_the_server_during_a_load_leaves_whole_cases_or_none(synthetic, tmp_path, reliability) -> None:
    """kill -9 of the launcher's JVM (its own pid) while the CLI writes 150 practices; after a restart
    each practice is whole or absent, and loading again gives the clean load."""
    import secrets

    from hardening_support import graph_checksum, practice_signatures
    from neo4j_service import start_launcher

    from registry.stores.neo4j_store import Neo4jStore

    password = "crash-" + secrets.token_hex(6)
    launcher = start_launcher(tmp_path / "servers", password)
    uri = launcher.server("crash")
    env = {
        **os.environ,
        "COORDREG_GRAPH": uri,
        "NEO4J_USER": "neo4j",
        "NEO4J_PASSWORD": password,
        "COORDREG_HOME": str(tmp_path / "home"),
    }
    watcher = Neo4jStore(uri, password=password)
    load = subprocess.Popen(
        [sys.executable, "-m", "registry.cli", "load", str(synthetic.folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert load.poll() is None, f"the load ended before it could be interrupted: {load.communicate()}"
            writing = watcher._write_one(
                "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'nodes_Practice' RETURN count(*)",
                {},
                10_000,
            )[0][0]
            if writing:
                break
            time.sleep(0.01)
        else:
            raise AssertionError("the load never wrote its cases")
        os.kill(launcher.pid, signal.SIGKILL)
        reliability.add("faults_injected", "kill -9 of the Neo4j server mid-load")
        _, stderr = load.communicate(timeout=120)
        assert load.returncode == 1 and "Traceback" not in stderr, stderr
        assert "Neo4j at" in stderr
    finally:
        watcher.close()
        load.kill()
        launcher.close()

    launcher = start_launcher(tmp_path / "servers", password)  # the same folders: Neo4j recovers its log
    try:
        store = Neo4jStore(launcher.server("crash"), password=password)
        found = practice_signatures(store)
        partial = {p: sig for p, sig in found.items() if sig != synthetic.signatures[p]}
        orphans = store.read(
            "MATCH (o) WHERE (o:Mechanism OR o:LevelClaim OR o:Evidence) AND NOT ()-[]->(o) RETURN count(o) AS n"
        ).frame.iat[0, 0]
        reliability.add("data_lost", "practice half-written after a Neo4j crash", len(partial) + int(orphans))
        assert not partial and orphans == 0, sorted(partial)[:5]
        assert set(found) <= set(synthetic.practices)
        load_paths(store, [synthetic.folder])
        assert graph_checksum(store, internal_ids=False) == synthetic.checksum, synthetic.difference(store)
        store.close()
    finally:
        launcher.close()
