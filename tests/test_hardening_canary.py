"""The crash canary: every query shape known to crash or starve a store, tried against the real one.

Through the console, each shape is refused or stopped, and the store's server
is the same process afterwards (FalkorDB: the same pid; Neo4j: it still
answers, with the graph unchanged). Sent straight to a private FalkorDB server,
past the console, each crash shape still crashes it: the day FalkorDB fixes one
upstream, ``test_each_crash_shape_still_crashes_falkordb_past_the_console``
fails and says which refusal can be relaxed.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hardening_support import graph_checksum

from registry.console import run_console_query
from registry.errors import QueryFailed, QueryRefused, QueryTimeout, StoreUnavailable
from registry.loading import load_paths
from registry.stores.embedded import EmbeddedStore
from registry.stores.embedded_server import EmbeddedServer

pytest_plugins = ["hardening_fixtures"]  # the reliability figures, shared

FIXTURES = Path(__file__).parent / "fixtures"

# Shapes that segfault FalkorDB 4.16 when they reach it.
CRASH_SHAPES = {
    "comments inside CALL {}": (FIXTURES / "crash" / "call_subquery_with_comments.cypher").read_text(),
    "db.labels inside CALL {}": "CALL { CALL db.labels() } RETURN 1",
    "db.propertyKeys inside CALL {}": "CALL { CALL db.propertyKeys() } RETURN 1",
    "db.relationshipTypes inside CALL {}": "CALL { CALL db.relationshipTypes() } RETURN 1",
}
# Shapes that hold a store's worker (or its memory) past every limit when they reach it.
STARVATION_SHAPES = {
    "24 nested parentheses (parsing is outside the time limit)": "RETURN " + "(" * 24 + "1" + ")" * 24 + " AS n",
    "30 nested lists": "RETURN " + "[" * 30 + "1" + "]" * 30 + " AS n",
    "a billion-element range": "RETURN size(range(1, 1000000000)) AS n",
    "a hundred-million-row unwind": "UNWIND range(1, 1e8) AS i RETURN count(i) AS n",
    "a range sized by a parameter": "UNWIND range(1, $n) AS i RETURN count(i) AS n",
    "a range sized by arithmetic": "UNWIND range(1, 10^9) AS i RETURN count(i) AS n",
    "a user's LIMIT above the row cap": "UNWIND range(1, 4000000) AS i RETURN i, toString(i) AS s LIMIT 4000000",
    "a list too large for memory": "UNWIND range(1, 4000000) AS i WITH collect(toString(i) + "
    "'-padding-padding-padding-padding-padding-padding') AS l RETURN size(l) AS n",
}
PARAMS = {"n": 10**9, "country": None, "practice": None}
ROW_CAP = 100
# At most this many attempts are made here (the README's figure is checked against the sum over modules).
FAULTS_INJECTED = 2 * (len(CRASH_SHAPES) + len(STARVATION_SHAPES)) + len(CRASH_SHAPES)


def _server_pid(store) -> int | None:
    return store.server.pid() if isinstance(store, EmbeddedStore) else None


@pytest.mark.parametrize(
    "cypher", list(CRASH_SHAPES.values()) + list(STARVATION_SHAPES.values()),
    ids=list(CRASH_SHAPES) + list(STARVATION_SHAPES),
)  # fmt: skip
def test_the_console_neither_crashes_nor_starves_the_store(mini_graph, mini_checksum, cypher, reliability):
    reliability.add("faults_injected", "crash or starvation shape through the console")
    pid = _server_pid(mini_graph)
    started = time.monotonic()
    try:
        result = run_console_query(mini_graph, cypher, PARAMS, timeout_ms=5_000, row_cap=ROW_CAP)
        assert len(result.frame) <= ROW_CAP, "the row cap holds whatever LIMIT the query writes"
    except (QueryRefused, QueryFailed, QueryTimeout) as exc:
        assert "\n" not in str(exc) or isinstance(exc, QueryFailed), exc
    assert time.monotonic() - started < 20, "the store answered within its limits"
    assert _server_pid(mini_graph) == pid, "the store's server is the same process"
    assert mini_graph.read("RETURN 1 AS alive").frame.iat[0, 0] == 1
    assert graph_checksum(mini_graph) == mini_checksum


def test_a_users_limit_does_not_switch_the_row_cap_off(mini_graph):
    result = run_console_query(mini_graph, "UNWIND range(1, 1000) AS i RETURN i LIMIT $n", {"n": 900}, row_cap=10)
    assert result.truncated and result.frame["i"].tolist() == list(range(1, 11))
    smaller = run_console_query(mini_graph, "UNWIND range(1, 1000) AS i RETURN i LIMIT 5", row_cap=10)
    assert not smaller.truncated and len(smaller.frame) == 5


@pytest.mark.falkordb_only
def test_the_embedded_store_caps_one_querys_memory(mini_graph):
    """Sent past the console's guard: the store's own cap (QUERY_MEM_CAPACITY) stops it, and the server lives."""
    pid = mini_graph.server.pid()
    with pytest.raises(QueryFailed, match="more than the 1,024 MB of memory one query may use"):
        mini_graph.read("WITH range(1, 100000000) AS r RETURN size(r) AS n", timeout_ms=60_000)
    assert mini_graph.server.pid() == pid


@pytest.fixture
def private_home(tmp_path):
    home = tmp_path / "home"
    yield home
    EmbeddedServer(home).stop()


@pytest.mark.parametrize("name", list(CRASH_SHAPES))
def test_each_crash_shape_still_crashes_falkordb_past_the_console(private_home, name, reliability):
    """On a private server (never the session's). Fails the day FalkorDB no longer crashes on the shape."""
    reliability.add("faults_injected", "crash shape sent straight to a private store")
    store = EmbeddedStore(private_home, "canary")
    load_paths(store, [FIXTURES / "mini"])
    pid = store.server.pid()
    try:
        store.read(CRASH_SHAPES[name], PARAMS, timeout_ms=5_000)
        crashed = False
    except StoreUnavailable:
        crashed = True
    except QueryFailed:
        crashed = False
    finally:
        store.close()
    time.sleep(0.2)
    restarted = EmbeddedServer(private_home).pid() != pid
    assert crashed or restarted, (
        f"FalkorDB no longer crashes on '{name}': the console's refusal of this shape may be relaxed "
        "(registry/console.py), and this canary updated"
    )


def test_one_runaway_console_query_never_blocks_the_apps_queries(mini_graph):
    """While one console query runs to its time limit, a second waits briefly then is refused, and the
    app's own (named) queries keep answering: the console holds one of the store's workers at most."""
    import threading

    from registry.queries.library import run_named_query

    runaway = "UNWIND range(1, 3000000) AS a UNWIND range(1, 3000000) AS b WITH a, b WHERE a * b < 0 RETURN count(*)"
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            run_console_query(mini_graph, runaway, timeout_ms=8_000)
        except BaseException as exc:  # noqa: BLE001 - the outcome is asserted below
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(1.0)
    with pytest.raises(QueryRefused, match="Another console query is still running"):
        run_console_query(mini_graph, "RETURN 1 AS x", timeout_ms=2_000)
    started = time.monotonic()
    answer = run_named_query(mini_graph, "practice_list", {}).frame
    assert len(answer) == 2 and time.monotonic() - started < 3
    thread.join(timeout=60)
    assert outcome and isinstance(outcome[0], QueryTimeout)
    assert run_console_query(mini_graph, "RETURN 1 AS x").frame.iat[0, 0] == 1
