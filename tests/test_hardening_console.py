"""Hardening, item 1: the read-only console refuses every write, admin and escape attempt.

Three layers are tried one by one: the guard (``check_read_only``), the
store's own plan check (``store.check_read_only``: GRAPH.EXPLAIN), and the
store's read entry point (``GRAPH.RO_QUERY``) — each must refuse on its own.
"""

from __future__ import annotations

import pytest
from hardening_corpus import LEGITIMATE_READS, PROTOCOL_TRICKS, WRITE_ATTEMPTS
from hardening_support import graph_checksum

from registry.console import ALLOWED_PROCEDURES, check_read_only, run_console_query
from registry.errors import QueryFailed, QueryRefused

pytest_plugins = ["hardening_fixtures"]  # the reliability and synthetic fixtures, shared

# Parameters a few attempts refer to ($props); harmless for the others.
PARAMS = {"props": {"title": "hacked"}}


def test_the_corpus_is_large_distinct_and_covers_every_kind():
    assert len(WRITE_ATTEMPTS) >= 50
    assert len({a.name for a in WRITE_ATTEMPTS}) == len(WRITE_ATTEMPTS)
    assert len({a.cypher for a in WRITE_ATTEMPTS}) == len(WRITE_ATTEMPTS)
    kinds = {a.kind for a in WRITE_ATTEMPTS}
    assert kinds == {"write", "procedure", "function", "load-csv", "schema", "admin", "multi-statement", "comment",
                     "unicode", "string", "escape", "denial"}  # fmt: skip


@pytest.mark.parametrize("attempt", WRITE_ATTEMPTS, ids=lambda a: a.name)
def test_console_refuses_and_the_graph_is_unchanged(mini_graph, mini_checksum, attempt, reliability):
    reliability.add("console_write_attempts", f"corpus ({attempt.kind})")
    with pytest.raises(QueryRefused) as info:
        check_read_only(attempt.cypher)  # the guard alone refuses: nothing reaches the store
    message = str(info.value)
    assert len(message) > 20 and "\n" not in message, message
    with pytest.raises(QueryRefused):
        run_console_query(mini_graph, attempt.cypher, PARAMS, timeout_ms=2000)
    assert graph_checksum(mini_graph) == mini_checksum


def test_the_whole_corpus_leaves_the_seed_registry_unchanged(seed_store, reliability):
    before = graph_checksum(seed_store)
    refused = 0
    for attempt in WRITE_ATTEMPTS:
        reliability.add("console_write_attempts", "corpus against the seed registry")
        try:
            run_console_query(seed_store, attempt.cypher, PARAMS, timeout_ms=2000)
        except QueryRefused:
            refused += 1
    assert refused == len(WRITE_ATTEMPTS)
    assert graph_checksum(seed_store) == before


@pytest.mark.parametrize("attempt", PROTOCOL_TRICKS, ids=lambda a: a.name)
def test_protocol_tricks_are_only_ever_a_syntax_error(mini_graph, mini_checksum, coordreg_home, attempt, reliability):
    """Server commands smuggled after CR LF: the query travels as one binary-safe
    argument, so FalkorDB parses it as Cypher and rejects it; no command runs."""
    reliability.add("console_write_attempts", "protocol trick")
    with pytest.raises((QueryRefused, QueryFailed)):
        run_console_query(mini_graph, attempt.cypher, timeout_ms=2000)
    assert graph_checksum(mini_graph) == mini_checksum
    assert mini_graph.counts()["nodes"] > 0, "FLUSHALL did not run"


@pytest.mark.parametrize(("name", "cypher"), LEGITIMATE_READS, ids=[n for n, _ in LEGITIMATE_READS])
def test_reads_that_mention_keywords_harmlessly_run(mini_graph, mini_checksum, name, cypher):
    result = run_console_query(mini_graph, cypher, {"set": 5}, timeout_ms=5000)
    assert not result.truncated
    assert graph_checksum(mini_graph) == mini_checksum


def test_what_the_harmless_reads_return(mini_graph):
    """Spot checks, against facts of tests/fixtures/mini by hand."""

    def first(cypher, **params):
        return run_console_query(mini_graph, cypher, params).frame.iat[0, 0]

    reads = dict(LEGITIMATE_READS)
    assert first(reads["accented-string"]) == 1  # catalogue.yaml: original_name Ministère des Essais
    assert first(reads["keyword-parameter"], set=5) == 5
    assert first(reads["keyword-map-keys"]) == {"set": 1, "create": 2, "delete": 3, "merge": 4}
    assert first(reads["keyword-in-string"]) == 0  # neither title contains CREATE
    assert first(reads["start-as-variable"]) in {"tst-alpha", "tst-beta"}
    labels = set(run_console_query(mini_graph, reads["allowed-labels"]).frame["label"])
    assert {"Practice", "Actor", "Mechanism", "Level"} <= labels


# Writes both stores understand, sent to the store directly: the guard is bypassed on purpose.
DIRECT_WRITES = (
    "CREATE (n:Hack)",
    "MERGE (p:Practice {id: 'tst-alpha'}) ON MATCH SET p.title = 'hacked'",
    "MATCH (p:Practice) SET p.title = 'hacked'",
    "MATCH (p:Practice) SET p:Hacked",
    "MATCH (p:Practice) REMOVE p.title",
    "MATCH (l:Level) DETACH DELETE l",
    "MATCH ()-[r:AT_LEVEL]->() DELETE r",
    "MATCH (n) WITH collect(n) AS ns FOREACH (m IN ns | SET m.hacked = true)",
    "CALL { CREATE (:Hack) } RETURN 1",
    "UNWIND range(1, 3) AS i CREATE (:Hack {i: i})",
    "CREATE INDEX FOR (n:Practice) ON (n.title)",
)
# Writes only one store understands (index syntax, procedures, plugin functions).
DIRECT_WRITES_BY_STORE = {
    "falkordb": ("DROP INDEX FOR (n:Practice) ON (n.id)",),
    "neo4j": (
        "DROP CONSTRAINT coordreg_practice_id_unique",
        "CALL apoc.create.node(['Hack'], {id: 'x'}) YIELD node RETURN node",
        "MATCH (p:Practice) CALL apoc.create.setProperty(p, 'title', 'hacked') YIELD node RETURN node",
        "CALL apoc.refactor.rename.label('Practice', 'Hacked')",
        "CALL apoc.cypher.doIt('CREATE (:Hack)', {}) YIELD value RETURN value",
    ),
}
# A plan names no procedure ("ProcedureCall"): these pass the plan check, and
# GRAPH.RO_QUERY refuses them because FalkorDB registers them as WRITE procedures.
DIRECT_WRITE_PROCEDURES = {
    "falkordb": ("CALL db.idx.fulltext.createNodeIndex('Practice', 'title')", "CALL db.idx.fulltext.drop('Practice')"),
    "neo4j": (),
}
DIRECT_ATTEMPTS = [
    pytest.param(dialect, cypher, id=f"{dialect}-{n}")
    for dialect in ("falkordb", "neo4j")
    for n, cypher in enumerate(DIRECT_WRITES + DIRECT_WRITES_BY_STORE[dialect] + DIRECT_WRITE_PROCEDURES[dialect])
]


@pytest.mark.parametrize(("dialect", "cypher"), DIRECT_ATTEMPTS)
def test_the_store_refuses_writes_on_its_own(mini_graph, mini_checksum, dialect, cypher, reliability):
    """Second and third layers: the store's plan check (GRAPH.EXPLAIN, Neo4j's EXPLAIN), then its read
    entry point (GRAPH.RO_QUERY, a read transaction) itself."""
    assert mini_graph.dialect == dialect  # conftest deselects the other store's syntax
    reliability.add("console_write_attempts", "sent to the store directly, bypassing the guard")
    if cypher not in DIRECT_WRITE_PROCEDURES[dialect]:
        with pytest.raises(QueryRefused, match="only runs read queries"):
            mini_graph.check_read_only(cypher, {})
    with pytest.raises(QueryRefused, match="would change the registry"):
        mini_graph.read(cypher)
    assert graph_checksum(mini_graph) == mini_checksum


# At most this many attempts are made here (the README's figure is checked against it): the corpus
# against the mini graph and the seed registry on both stores; the protocol tricks; the writes sent past the guard.
CONSOLE_WRITE_ATTEMPTS = 4 * len(WRITE_ATTEMPTS) + 2 * len(PROTOCOL_TRICKS) + len(DIRECT_ATTEMPTS) + 1


@pytest.mark.falkordb_only
def test_load_csv_is_read_only_for_falkordb_so_the_plan_check_refuses_it(mini_graph, tmp_path, reliability):
    """GRAPH.RO_QUERY runs LOAD CSV (it only reads): the store's read path would
    open the file. The plan check refuses it without running anything."""
    reliability.add("console_write_attempts", "sent to the store directly, bypassing the guard")
    target = f"file://{tmp_path}/absent.csv"
    with pytest.raises(QueryRefused, match="LOAD CSV"):
        mini_graph.check_read_only(f"LOAD CSV FROM '{target}' AS row RETURN row", {})
    with pytest.raises(QueryFailed, match="CSV"):
        mini_graph.read(f"LOAD CSV FROM '{target}' AS row RETURN row")  # it tried: hence the guard


@pytest.mark.falkordb_only
def test_algorithms_are_refused_by_policy_although_they_only_read(mini_graph):
    """Decision: the allowlist is the allowlist. algo.* reads (the store runs it
    through GRAPH.RO_QUERY), but the console refuses every procedure outside it."""
    cypher = "CALL algo.WCC(null) YIELD node, componentId RETURN count(node) AS n"
    assert mini_graph.read(cypher).frame.iat[0, 0] > 0
    with pytest.raises(QueryRefused, match="algo.WCC"):
        run_console_query(mini_graph, cypher)
    assert {"db.labels", "db.relationshiptypes", "db.propertykeys"} == set(ALLOWED_PROCEDURES)
