"""Hardening, item 2: time limits, row caps and truncation, upload size caps."""

from __future__ import annotations

import time

import pytest
from hardening_support import MINI_REGISTRY, run_cli

from loaders.yaml_cases import MAX_CASE_FILE_BYTES, read_case_file
from registry.console import run_console_query, with_row_limit
from registry.errors import BadParameter, QueryTimeout
from registry.stores.base import DEFAULT_ROW_CAP, Statement
from registry.stores.embedded import EmbeddedStore
from registry.stores.embedded_server import MODULE_SETTINGS, EmbeddedServer

pytest_plugins = ["hardening_fixtures"]  # the reliability and synthetic fixtures, shared

DOTS = 3000
LIMIT_S = 1.0
# Generous: the machine has two cores shared with other test runs.
MARGIN_S = 2.0


@pytest.fixture
def dots(store):
    """A synthetic graph of DOTS unconnected nodes: a three-way Cartesian product has 2.7e10 rows."""
    store.write(Statement("UNWIND range(1, $n) AS i CREATE (:Dot {i: i})", {"n": DOTS}))
    return store


def _timed(call):
    started = time.perf_counter()
    try:
        call()
    finally:
        elapsed = time.perf_counter() - started
    return elapsed


RUNAWAY_QUERIES = {
    "count": "MATCH (a:Dot), (b:Dot), (c:Dot) RETURN count(*) AS n",
    "sort": "MATCH (a:Dot), (b:Dot), (c:Dot) WITH a, b, c ORDER BY a.i + b.i + c.i DESC RETURN a.i AS i",
    "union-distinct": "MATCH (a:Dot), (b:Dot), (c:Dot) RETURN a.i AS x UNION MATCH (a:Dot) RETURN a.i AS x",
}
# Faults this module injects (the README's figure is checked against the sum over modules).
FAULTS_INJECTED = 2 * (len(RUNAWAY_QUERIES) + 1)  # on each store
INPUTS_TRIED = 1  # the case file over the size cap


@pytest.mark.parametrize("cypher", list(RUNAWAY_QUERIES.values()), ids=list(RUNAWAY_QUERIES))
def test_a_runaway_cartesian_product_stops_within_the_limit(dots, cypher, reliability):
    reliability.add("faults_injected", "runaway query")
    started = time.perf_counter()
    with pytest.raises(QueryTimeout, match=r"longer than its 1 s limit"):
        run_console_query(dots, cypher, timeout_ms=int(LIMIT_S * 1000), row_cap=100)
    assert time.perf_counter() - started < LIMIT_S + MARGIN_S
    assert dots.counts()["nodes"] == DOTS, "the store still answers and holds its data"


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (a:Dot), (b:Dot), (c:Dot) RETURN a.i AS a, b.i AS b, c.i AS c",
        "MATCH (a:Dot), (b:Dot) RETURN a.i AS x UNION ALL MATCH (a:Dot), (b:Dot), (c:Dot) RETURN c.i AS x",
    ],
    ids=["rows", "union-all"],
)
def test_a_runaway_product_that_returns_rows_is_cut_at_the_cap_at_once(dots, cypher):
    """Without the LIMIT the console appends, the server would hand over a million
    rows (its RESULTSET_SIZE) that take the client half a minute to read."""
    assert with_row_limit(cypher, 100).endswith("LIMIT 101")
    started = time.perf_counter()
    result = run_console_query(dots, cypher, timeout_ms=int(LIMIT_S * 1000), row_cap=100)
    assert time.perf_counter() - started < LIMIT_S + MARGIN_S
    assert result.truncated and len(result.frame) == 100


def test_the_cli_reports_the_time_limit_and_exits_1(dots, coordreg_home, reliability):
    reliability.add("faults_injected", "runaway query")
    done = run_cli(
        ["cypher", "MATCH (a:Dot), (b:Dot), (c:Dot) RETURN count(*) AS n", "--timeout", "1"],
        coordreg_home,
        dots,
    )
    assert done.returncode == 1
    assert "longer than its 1 s limit" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("timeout_ms", [-5, 0, int(MODULE_SETTINGS["TIMEOUT_MAX"]) + 1])
def test_an_impossible_time_limit_is_a_parameter_error_not_a_timeout(store, timeout_ms):
    with pytest.raises(BadParameter, match="time limit"):
        run_console_query(store, "RETURN 1 AS x", timeout_ms=timeout_ms)


@pytest.mark.parametrize(("rows", "truncated"), [(9, False), (10, False), (11, True), (500, True)])
def test_truncation_is_reported_exactly(store, rows, truncated):
    cap = 10
    result = run_console_query(store, "UNWIND range(1, $n) AS i RETURN i", {"n": rows}, row_cap=cap)
    assert result.truncated is truncated
    assert list(result.frame["i"]) == list(range(1, min(rows, cap) + 1))
    direct = store.read("UNWIND range(1, $n) AS i RETURN i", {"n": rows}, row_cap=cap)
    assert direct.truncated is truncated and len(direct.frame) == min(rows, cap)


def test_queries_with_their_own_limit_or_union_keep_it(store):
    assert with_row_limit("MATCH (n) RETURN n LIMIT 3", 10) == "MATCH (n) RETURN n LIMIT 3"
    union = "RETURN 1 AS x UNION RETURN 2 AS x"
    assert with_row_limit(union, 10) == union, "limiting the parts of a plain UNION could drop rows silently"
    union_all = "UNWIND range(1, 8) AS x RETURN x UNION ALL UNWIND range(1, 8) AS x RETURN x LIMIT 2"
    assert with_row_limit(union_all, 10) == (
        "UNWIND range(1, 8) AS x RETURN x LIMIT 11 UNION ALL UNWIND range(1, 8) AS x RETURN x LIMIT 2"
    )
    both = run_console_query(store, union_all, row_cap=10)
    assert list(both.frame["x"]) == [1, 2, 3, 4, 5, 6, 7, 8, 1, 2] and not both.truncated
    result = run_console_query(store, "UNWIND range(1, 50) AS i RETURN i LIMIT 20", row_cap=10)
    assert result.truncated and len(result.frame) == 10
    assert with_row_limit("MATCH (n) RETURN n; ", 4) == "MATCH (n) RETURN n LIMIT 5; "
    assert with_row_limit("MATCH (n) RETURN n // note", 4) == "MATCH (n) RETURN n LIMIT 5 // note"


def test_the_server_result_limit_is_far_above_every_cap():
    server_limit = int(MODULE_SETTINGS["RESULTSET_SIZE"])
    assert server_limit > 100 * (DEFAULT_ROW_CAP + 1)
    from registry.cli import cypher

    cli_limit = next(p.default for p in cypher.params if p.name == "limit")
    assert server_limit > cli_limit + 1


def test_the_server_result_limit_never_truncates_silently(tmp_path, monkeypatch):
    """A server started with a small RESULTSET_SIZE: every answer it cuts is reported as cut."""
    monkeypatch.setitem(MODULE_SETTINGS, "RESULTSET_SIZE", "10")
    server = EmbeddedServer(tmp_path / "home")
    server.ensure_running()
    try:
        small = EmbeddedStore(tmp_path / "home", "small")
        query = "UNWIND range(1, $n) AS i RETURN i"
        assert not small.read(query, {"n": 9}).truncated
        for row_cap in (None, 50, 10):
            result = small.read(query, {"n": 30}, row_cap=row_cap)
            assert result.truncated, row_cap
            assert len(result.frame) == 10
        capped = run_console_query(small, query, {"n": 30}, row_cap=5)
        assert capped.truncated and len(capped.frame) == 5
        small.close()
    finally:
        server.stop()


def test_case_files_over_the_size_cap_are_refused_before_reading(tmp_path, reliability):
    reliability.add("inputs_tried", "case file over the size cap")
    over = tmp_path / "over.yaml"
    with open(over, "wb") as handle:
        handle.truncate(MAX_CASE_FILE_BYTES + 1)  # sparse: instant, and would be NULs if read
    case, problems = read_case_file(over)
    assert case is None and len(problems) == 1
    assert problems[0].file == str(over) and "capped at 2 MB" in problems[0].message
    at_cap = tmp_path / "at-cap.yaml"
    text = (MINI_REGISTRY / "alpha.yaml").read_text(encoding="utf-8")
    padding = MAX_CASE_FILE_BYTES - len(text.encode("utf-8")) - 1
    at_cap.write_text(text + "#" + "x" * padding, encoding="utf-8")
    assert at_cap.stat().st_size == MAX_CASE_FILE_BYTES
    case, problems = read_case_file(at_cap)
    assert case is not None and not problems, "a file of exactly the cap is read"
