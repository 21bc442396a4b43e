"""The loader merges case statements into fewer, larger ones: same graph, same guarantees."""

from __future__ import annotations

import functools

import pytest

from registry.graph_writer import CaseStatement, merged_statements, statement_for_case
from registry.loading import load_paths
from registry.stores.base import Statement
from registry.synthetic import generate_cases, generate_registry


def _snapshot(store) -> tuple[list, list]:
    nodes = store.read(
        "MATCH (n) WHERE NOT n:RegistryVersion "  # the store's version node: bookkeeping, not contents
        "RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS props ORDER BY label, id"
    ).frame
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN labels(a)[0] AS la, a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props"
    ).frame
    return nodes.to_dict("records"), sorted(map(str, rels.to_dict("records")))


def _unmerged(statements):
    return ((statement, 1) for statement in statements)


@pytest.fixture(scope="module")
def registry_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic") / "registry"
    generate_registry(30, 4, folder)
    return folder


def test_merged_load_writes_the_same_graph_as_one_statement_per_file(store, registry_dir, monkeypatch):
    monkeypatch.setattr("registry.loading.merged_statements", _unmerged)
    load_paths(store, [registry_dir])
    per_file = _snapshot(store)
    assert len(per_file[0]) > 300 and len(per_file[1]) > 1000
    for max_rows in (1, 150, 10_000_000):  # one file each, a few files each, everything in one statement
        monkeypatch.setattr(
            "registry.loading.merged_statements", functools.partial(merged_statements, max_rows=max_rows)
        )
        load_paths(store, [registry_dir], rebuild=True)
        assert _snapshot(store) == per_file, max_rows


def test_merged_reload_is_idempotent_and_replaces_edited_cases(store, registry_dir, tmp_path, monkeypatch):
    monkeypatch.setattr("registry.loading.merged_statements", functools.partial(merged_statements, max_rows=200))
    load_paths(store, [registry_dir])
    first = _snapshot(store)
    load_paths(store, [registry_dir])
    assert _snapshot(store) == first
    # Rename one mechanism in a copy: the old one must go, as with one statement per file.
    edited = tmp_path / "edited"
    edited.mkdir()
    for path in registry_dir.rglob("*.yaml"):
        target = edited / path.relative_to(registry_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text())
    case = edited / "cases" / "syn-00003.yaml"
    case.write_text(case.read_text().replace("syn-00003-m1", "syn-00003-m1-renamed"))
    load_paths(store, [edited])
    ids = set(store.read("MATCH (m:Mechanism) WHERE m.practice_id = 'syn-00003' RETURN m.id AS id").frame["id"])
    assert "syn-00003-m1-renamed" in ids and "syn-00003-m1" not in ids


def test_statements_are_grouped_in_order_and_foreign_ones_pass_alone():
    cases = [c for c in generate_cases(6, 1).values() if c.practice is not None]
    own = [statement_for_case(c) for c in cases]
    assert all(isinstance(s, CaseStatement) for s in own)
    foreign = Statement("RETURN 1", {})
    written = list(merged_statements([own[0], own[1], foreign, own[2], own[3], own[4]], max_rows=10_000))
    assert [count for _, count in written] == [2, 1, 3]
    assert written[1][0] is foreign
    merged = written[2][0]
    assert merged.parameters["practice_ids"] == [c.practice.id for c in cases[2:5]]  # type: ignore[union-attr]
    practices = [row["id"] for row in merged.parameters["nodes_Practice"]]
    assert practices == [c.practice.id for c in cases[2:5]]  # type: ignore[union-attr]


def test_a_statement_closes_as_soon_as_it_reaches_max_rows():
    cases = [c for c in generate_cases(40, 1).values() if c.practice is not None]
    statements = [statement_for_case(c) for c in cases]
    rows = [s.rows for s in statements]  # type: ignore[attr-defined]
    max_rows = 3 * max(rows)
    counts = [count for _, count in merged_statements(statements, max_rows=max_rows)]
    assert sum(counts) == len(cases) and len(counts) > 2
    start = 0
    for count in counts[:-1]:
        group = rows[start : start + count]
        assert sum(group) >= max_rows > sum(group[:-1])
        start += count


def test_merged_load_survives_a_crash_and_replay(tmp_path, registry_dir):
    """Merged statements are replayed from the append-only file after a kill -9, all of them."""
    import os
    import signal
    import time

    from registry.stores.embedded import EmbeddedStore
    from registry.stores.embedded_server import EmbeddedServer

    server = EmbeddedServer(tmp_path / "home")  # a private server: the session's must not be killed
    try:
        with EmbeddedStore(tmp_path / "home", "crash") as store:
            load_paths(store, [registry_dir])
            before = _snapshot(store)
        os.kill(server.pid(), signal.SIGKILL)
        deadline = time.monotonic() + 30
        while server.is_running() and time.monotonic() < deadline:
            time.sleep(0.05)
        with EmbeddedStore(tmp_path / "home", "crash") as store:  # starts the server, which replays the file
            assert _snapshot(store) == before
    finally:
        server.stop()
