"""Snapshots of whole-registry answers, per registry version: the same answers as live, on both stores.

Every built-in query that can run without filters is run live (``snapshot=False``), then twice through the
snapshot (computed and kept, then read back from its file); all three answers must be equal, frame for frame
(values, column order and dtypes), on the seed registry and on a generated one. The same holds for the answers
``refresh_snapshot`` computes at the end of a load (actor_centrality derived from actor_network's ties).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from registry.loading import load_paths
from registry.queries import snapshot
from registry.queries.library import get_query, list_queries, run_named_query
from registry.queries.refresh import DERIVED, refresh_snapshot
from registry.stores.base import QueryResult, Statement
from registry.synthetic import generate_registry

# Answers holding maps (every node's or relationship's properties) do not read back from Arrow as they were:
# they always run live. Listed here so that a query silently falling out of the snapshots is noticed.
ALWAYS_LIVE = {"export_nodes", "export_relationships"}


def unfiltered_queries(dialect: str) -> list[str]:
    return [
        name
        for name, query in list_queries(include_user=False).items()
        if dialect in query.header.backends and not any(p.required for p in query.header.parameters)
    ]


def check_snapshot_equals_live(store, home: Path) -> None:
    names = unfiltered_queries(store.dialect)
    assert len(names) >= 15
    folder = snapshot.store_folder(store, home) / str(store.registry_version().key)
    kept = set()
    for name in names:
        live = run_named_query(store, name, home=home, snapshot=False).frame
        first = run_named_query(store, name, home=home).frame
        path = folder / f"{name}.arrow"
        if path.exists():
            kept.add(name)
        second = run_named_query(store, name, home=home).frame
        pd.testing.assert_frame_equal(first, live, obj=f"{name} (computed for the snapshot)")
        pd.testing.assert_frame_equal(second, live, obj=f"{name} (read from the snapshot)")
    assert set(names) - kept == ALWAYS_LIVE & set(names)


def check_refreshed_equals_live(store, home: Path) -> None:
    """The answers a refresh keeps (as at the end of a load) read back as the live answers, every one of them."""
    done = refresh_snapshot(store, home=home)
    assert done.version == store.registry_version()
    folder = snapshot.store_folder(store, home) / str(done.version.key)
    names = unfiltered_queries(store.dialect)
    assert set(done.kept) == set(names) - ALWAYS_LIVE
    for name in names:
        live = run_named_query(store, name, home=home, snapshot=False).frame
        pd.testing.assert_frame_equal(run_named_query(store, name, home=home).frame, live, obj=f"{name} (refreshed)")
        assert (folder / f"{name}.arrow").is_file() == (name not in ALWAYS_LIVE)


def test_seed_registry_snapshot_equals_live(seed_store, tmp_path):
    check_snapshot_equals_live(seed_store, tmp_path)


def test_generated_registry_snapshot_equals_live(store, tmp_path):
    generate_registry(300, 7, tmp_path / "generated")
    load_paths(store, [tmp_path / "generated"])
    check_snapshot_equals_live(store, tmp_path / "home")


def test_seed_registry_refreshed_snapshot_equals_live(store, tmp_path):
    load_paths(store, rebuild=True)  # the seed, in a graph of its own: the refresh writes actor measures back
    check_refreshed_equals_live(store, tmp_path)


def test_generated_registry_refreshed_snapshot_equals_live(store, tmp_path):
    generate_registry(300, 7, tmp_path / "generated")
    load_paths(store, [tmp_path / "generated"])
    check_refreshed_equals_live(store, tmp_path / "home")


@pytest.mark.parametrize("dialect", ["falkordb", "neo4j"])
def test_derived_answers_start_from_the_same_cypher(dialect):
    for derived, source in DERIVED.items():
        texts = [get_query(name).text_for(dialect) for name in (derived, source)]
        bodies = ["\n".join(line for line in text.splitlines() if not line.startswith("//")) for text in texts]
        assert bodies[0] == bodies[1], f"{derived} no longer runs {source}'s Cypher: refresh.DERIVED is wrong"
        assert get_query(derived).header.parameters == get_query(source).header.parameters


def test_a_write_makes_a_new_snapshot(mini_store, tmp_path):
    before = run_named_query(mini_store, "practice_list", home=tmp_path).frame
    old_folder = snapshot.store_folder(mini_store, tmp_path) / str(mini_store.registry_version().key)
    assert (old_folder / "practice_list.arrow").is_file()
    mini_store.write(Statement("MATCH (p:Practice {id: 'tst-alpha'}) SET p.title = $title", {"title": "Renamed"}))
    after = run_named_query(mini_store, "practice_list", home=tmp_path).frame
    pd.testing.assert_frame_equal(after, run_named_query(mini_store, "practice_list", snapshot=False).frame)
    assert "Renamed" in set(after["title"]) and "Renamed" not in set(before["title"])
    assert not old_folder.exists()  # an earlier version's files answer nothing any more


def test_the_collector_stays_off_while_the_snapshot_is_computed_and_on_after(mini_store, tmp_path):
    # The snapshot's time is the Python process's CPU: no collection walks its answers while they are made.
    started: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    assert gc.isenabled()
    gc.callbacks.append(seen)
    try:
        done = refresh_snapshot(mini_store, home=tmp_path)
    finally:
        gc.callbacks.remove(seen)
    assert done.version is not None and "actor_network" in done.kept
    assert started == []
    assert gc.isenabled()


def test_a_filtered_query_runs_live(mini_store, tmp_path):
    answer = run_named_query(mini_store, "actor_network", {"practice": "tst-alpha"}, home=tmp_path)
    assert len(answer.frame) > 0
    assert not snapshot.snapshot_root(tmp_path).exists()


def test_the_snapshot_survives_a_restart(request, backend, mini_store, tmp_path):
    first = run_named_query(mini_store, "typology_matrix", home=tmp_path).frame
    path = (
        snapshot.store_folder(mini_store, tmp_path) / str(mini_store.registry_version().key) / "typology_matrix.arrow"
    )
    written = path.stat().st_mtime_ns
    if backend == "falkordb":
        reopened = type(mini_store)(mini_store.server.paths.home, mini_store.graph_name)
    else:  # a second driver on the same server and database
        service = request.getfixturevalue("neo4j_service")
        reopened = service.store("scratch" if service.separate_graphs else "*")
    try:
        assert reopened.identity() == mini_store.identity()
        again = run_named_query(reopened, "typology_matrix", home=tmp_path).frame
    finally:
        reopened.close()
    pd.testing.assert_frame_equal(again, first)
    assert path.stat().st_mtime_ns == written  # read, not written again


def test_an_answer_is_not_kept_when_a_write_slips_in(mini_store, tmp_path):
    def compute_while_someone_writes() -> QueryResult:
        frame = run_named_query(mini_store, "practice_list", snapshot=False).frame
        mini_store.write(Statement("MATCH (p:Practice {id: 'tst-beta'}) SET p.title = 'Changed meanwhile'"))
        return QueryResult(frame)

    result = snapshot.answer(mini_store, "practice_list", compute_while_someone_writes, home=tmp_path)
    assert len(result.frame) == 2
    assert not list(snapshot.snapshot_root(tmp_path).rglob("*.arrow"))


def test_a_damaged_file_is_computed_again(mini_store, tmp_path):
    run_named_query(mini_store, "practice_list", home=tmp_path)
    path = snapshot.store_folder(mini_store, tmp_path) / str(mini_store.registry_version().key) / "practice_list.arrow"
    path.write_bytes(b"not arrow")
    answer = run_named_query(mini_store, "practice_list", home=tmp_path).frame
    pd.testing.assert_frame_equal(answer, run_named_query(mini_store, "practice_list", snapshot=False).frame)
    assert path.read_bytes()[:6] == b"ARROW1"  # replaced by a good file


@pytest.mark.parametrize("row_cap", [1, 5])
def test_a_row_cap_applies_to_snapshot_answers(mini_store, tmp_path, row_cap):
    live = run_named_query(mini_store, "practice_list", snapshot=False, row_cap=row_cap)
    snapped = run_named_query(mini_store, "practice_list", home=tmp_path, row_cap=row_cap)
    assert (snapped.truncated, len(snapped.frame)) == (live.truncated, len(live.frame))
    pd.testing.assert_frame_equal(snapped.frame, live.frame)


def test_an_answer_over_the_time_limit_is_left_out_and_computed_on_request(store, tmp_path):
    """refresh_snapshot gives each query a time limit: one that runs over it is named in ``failed``, kept for no
    version, and computes its answer on its first request like after any write; the others are still kept."""
    generate_registry(120, 7, tmp_path / "generated")
    load_paths(store, [tmp_path / "generated"])
    home = tmp_path / "home"
    done = refresh_snapshot(store, home=home, timeout_ms=1)  # the projection of 120 practices takes longer
    # The limit holds for the whole answer (the store's work and the frame built from it): no whole-registry answer
    # is done in 1 ms, though a one-row status count may be, and is then kept like any finished answer.
    computed = set(done.seconds) - {"write back", "keep"} - set(DERIVED)
    assert {"actor_network", "actor_portfolio", "practice_overlap", "practice_list"} <= set(done.failed), done.seconds
    assert computed - set(done.failed) <= set(done.kept), done.seconds
    assert all(message for message in done.failed.values())  # each says why
    assert not set(done.failed) & set(done.kept)
    if "actor_network" in done.failed:
        assert "actor_centrality" not in done.kept  # derived from a failed answer: not computed either
        assert done.actors_written == 0
    assert done.version == store.registry_version()
    folder = snapshot.store_folder(store, home) / str(done.version.key)
    for name in done.failed:
        assert not (folder / f"{name}.arrow").exists(), name
        # A busy machine (CI) must not make the comparison itself run over the default limit.
        pd.testing.assert_frame_equal(
            run_named_query(store, name, home=home, timeout_ms=120_000).frame,
            run_named_query(store, name, snapshot=False, timeout_ms=120_000).frame,
        )
        assert (folder / f"{name}.arrow").is_file(), f"{name}: computed and kept on its first request"


def test_small_answers_read_as_pyarrow_reads_them_without_numpy(store, tmp_path):
    """A small kept answer is read into rows with nanoarrow (a CLI command must not pay pyarrow's NumPy import):
    every answer of a generated registry, read that way, gives pyarrow's rows and frame, and a fresh interpreter
    reading one imports neither pyarrow nor NumPy."""
    generate_registry(40, 3, tmp_path / "generated")
    load_paths(store, [tmp_path / "generated"])
    done = refresh_snapshot(store, home=tmp_path)
    folder = snapshot.store_folder(store, tmp_path) / str(done.version.key)
    files = sorted(folder.glob("*.arrow"))
    assert len(files) == len(done.kept) and files
    for path in files:
        assert path.stat().st_size <= snapshot.SMALL_FILE_BYTES, path.name  # so _read takes the small path
        small = snapshot._read(path)
        columns, rows = snapshot.from_table_rows(snapshot._arrow_table(path))
        assert (small.columns, small.rows) == (columns, rows), path.name
        pd.testing.assert_frame_equal(small.frame, run_named_query(store, path.stem, snapshot=False).frame)
    probe = (
        "import sys; from pathlib import Path; from registry.queries import snapshot; "
        f"answer = snapshot._read(Path({str(files[0])!r})); assert answer.rows is not None; "
        "print(sorted(m for m in ('numpy', 'pyarrow', 'pandas') if m in sys.modules))"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "[]"


def test_a_damaged_small_file_is_computed_again(mini_store, tmp_path):
    run_named_query(mini_store, "registry_counts", home=tmp_path)
    path = snapshot.store_folder(mini_store, tmp_path) / str(mini_store.registry_version().key)
    path = path / "registry_counts.arrow"
    path.write_bytes(path.read_bytes()[:40])  # cut short: the Arrow magic is there, the rest is not
    answer = run_named_query(mini_store, "registry_counts", home=tmp_path).frame
    pd.testing.assert_frame_equal(answer, run_named_query(mini_store, "registry_counts", snapshot=False).frame)
    assert snapshot._read(path) is not None


def test_kept_cells_read_as_pyarrow_gives_them_with_each_text_made_once():
    """The cells ``from_table`` builds are pyarrow's own values (lists of texts with gaps, lists of lists, lists
    of records, missing lists, a slice of a longer answer), and a text repeated across cells is one str."""
    import pyarrow as pa

    names = ["Caisse nationale", "ÖGK", None, "Caisse nationale"]
    table = pa.table(
        {
            "names": pa.array([names[:2], [], None, names[2:], ["ÖGK"]], pa.list_(pa.large_string())),
            "nested": pa.array([[["a"], []], [], [None, ["b", "a"]], None, [[]]], pa.list_(pa.list_(pa.string()))),
            "empty": pa.array([[], [None], [], [None, None], []], pa.list_(pa.null())),
            "figures": pa.array(
                [[{"value": 1.5, "unit": "EUR"}], [], None, [{"value": None, "unit": None}], []],
                pa.list_(pa.struct([("value", pa.float64()), ("unit", pa.string())])),
            ),
            "title": pa.array(["x", None, "x", "y", "y"], pa.large_string()),
        }
    )
    for part in (table, table.slice(2, 3), table.slice(0, 0)):
        columns, rows = snapshot.from_table_rows(part)
        assert columns == part.column_names
        assert rows == [list(row.values()) for row in part.to_pylist()]
        frame = snapshot.from_table(part)
        assert list(frame.columns) == part.column_names
        for name in ("names", "nested", "empty", "figures"):  # plain columns are pandas' own reading
            assert frame[name].tolist() == part.column(name).to_pylist()
    cells = snapshot.from_table(table)["names"]
    assert cells[0][0] is cells[3][1]  # "Caisse nationale", read once
    assert cells[0][1] is cells[4][0]  # "ÖGK"


def test_kept_files_hold_each_text_of_a_list_column_once_and_read_back_as_computed():
    """``to_table`` keeps the texts in lists dictionary-encoded; the frame, its rows and slices of it (a capped
    answer) read back as they were, a missing list and a missing text included."""
    import pyarrow as pa

    frame = pd.DataFrame(
        {
            "names": [["Caisse nationale", "ÖGK"], [], None, [None, "ÖGK", "Caisse nationale"], ["ÖGK"]],
            "title": ["x", None, "y", "x", "z"],
            "count": [1, 2, 3, 4, 5],
            "gaps": [[None], [], None, [None, None], []],  # no text in any list
        }
    )
    table = snapshot.to_table(frame)
    assert table is not None
    names = table.column("names").combine_chunks()
    assert pa.types.is_dictionary(names.type.value_type)
    assert names.values.dictionary.to_pylist() == ["Caisse nationale", "ÖGK"]  # each once; the gap a null
    pd.testing.assert_frame_equal(snapshot.from_table(table), frame)
    for start, count in ((1, 3), (3, 2), (0, 0)):
        part = frame.iloc[start : start + count].reset_index(drop=True)
        pd.testing.assert_frame_equal(snapshot.from_table(table.slice(start, count)), part)
        columns, rows = snapshot.from_table_rows(table.slice(start, count))
        assert (columns, rows) == (list(frame.columns), part.astype(object).where(part.notna(), None).values.tolist())
    cells = snapshot.from_table(table)["names"]
    assert cells[0][1] is cells[3][1] is cells[4][0]  # "ÖGK", made once


def test_a_frame_read_back_is_left_to_the_oldest_generation_of_the_collector():
    """The lists of a frame read from a file are moved to the collector's oldest generation at once, so that the
    next collections of the young ones do not walk each of them (the app keeps the frame for the version)."""
    import gc

    import pyarrow as pa

    table = pa.table({"names": pa.array([["a", "b"]] * 1000 + [[]], pa.list_(pa.large_string()))})
    assert gc.isenabled() and gc.get_freeze_count() == 0
    cells = snapshot.from_table(table)["names"]
    assert gc.isenabled()
    young = {id(obj) for generation in (0, 1) for obj in gc.get_objects(generation)}
    assert not any(id(cell) in young for cell in cells)
    assert cells[0] == ["a", "b"] and cells[0] is not cells[1]


@pytest.mark.parametrize(
    "cells",
    [
        [["a", "b"], ("a", "b")],  # a tuple reads back as a list
        [["a"], [1]],  # a number among the texts of other cells
        [["a"], [("a",)]],  # a list in a list of texts
    ],
    ids=["tuple", "number", "nested"],
)
def test_an_answer_that_would_not_read_back_as_computed_is_not_kept(tmp_path, cells):
    """Lists of texts are written without being read back (they read back exactly by construction): any other cell
    among them is left to pyarrow and to the check, and an answer it would change is not kept."""
    path = tmp_path / "version" / "answer.arrow"
    frame = pd.DataFrame({"names": pd.Series(cells, dtype=object), "n": range(len(cells))})
    assert not snapshot._keep(path, frame)
    assert not path.exists()
    kept = pd.DataFrame({"names": pd.Series([["a", None], None, []], dtype=object), "n": range(3)})
    assert snapshot._keep(path, kept)
    pd.testing.assert_frame_equal(snapshot._read(path).frame, kept)


def test_equal_list_cells_of_a_kept_answer_are_one_list_only_where_kept_once(store, tmp_path):
    """A list column whose cells repeat a few distinct lists is kept with each distinct list once, and read back
    with every cell equal to one of them being that one list object; other list columns read back one list per
    cell. Either way the answer read from its file equals the live one."""
    import pyarrow as pa

    generate_registry(300, 7, tmp_path / "generated")
    load_paths(store, [tmp_path / "generated"])
    home = tmp_path / "home"
    shared, apart = set(), set()
    for name in sorted(set(unfiltered_queries(store.dialect)) - ALWAYS_LIVE):
        run_named_query(store, name, home=home)  # computed and kept
        frame = run_named_query(store, name, home=home).frame  # read from its file
        pd.testing.assert_frame_equal(frame, run_named_query(store, name, home=home, snapshot=False).frame, obj=name)
        folder = snapshot.store_folder(store, home) / str(store.registry_version().key)
        schema = snapshot._arrow_table(folder / f"{name}.arrow").schema
        for column in frame.columns:
            cells = [cell for cell in frame[column] if isinstance(cell, list)]
            if not cells:
                continue
            objects, values = {id(cell) for cell in cells}, {repr(cell) for cell in cells}
            if pa.types.is_dictionary(schema.field(column).type):
                assert len(objects) == len(values), f"{name}.{column}: equal lists not shared"
                assert 2 * len(values) <= len(frame)
                shared.add((name, column))
            else:
                assert len(objects) == len(cells), f"{name}.{column}: lists shared that were not kept once"
                apart.add((name, column))
    assert ("actor_network", "levels") in shared
    assert ("actor_network", "practices") in apart


def test_columns_of_repeated_lists_are_kept_once_each_and_read_back_as_computed(tmp_path):
    """``to_table`` writes a column that repeats few distinct lists (of texts, of lists, with missing lists) as
    each distinct list once and a number per cell; the frame, its rows and slices read back as they were, and the
    cells equal to one distinct list are one list object."""
    import pyarrow as pa

    rows = 12
    frame = pd.DataFrame(
        {
            "levels": [["macro", "meso"], [], None, [None, "micro"]] * (rows // 4),
            "nested": [[["a"], []], [[None]], None] * (rows // 3),
            "gaps": [[None], [None, None], []] * (rows // 3),
            "unique": [[str(i)] for i in range(rows)],  # no list repeated: one list per cell
            "count": range(rows),
        }
    )
    table = snapshot.to_table(frame)
    assert table is not None
    for name, distinct in (("levels", 3), ("nested", 2), ("gaps", 3)):
        assert pa.types.is_dictionary(table.schema.field(name).type), name
        assert len(table.column(name).combine_chunks().dictionary) == distinct, name
    assert not pa.types.is_dictionary(table.schema.field("unique").type)
    read = snapshot.from_table(table)
    pd.testing.assert_frame_equal(read, frame)
    assert read["levels"][0] is read["levels"][4] is read["levels"][8]
    assert read["nested"][0] is read["nested"][3] and read["nested"][0] is not read["nested"][1]
    assert read["levels"][3][1] is read["levels"][7][1]  # the text "micro", made once
    for start, count in ((1, 5), (6, 6), (0, 0)):
        part = frame.iloc[start : start + count].reset_index(drop=True)
        pd.testing.assert_frame_equal(snapshot.from_table(table.slice(start, count)), part)
        columns, values = snapshot.from_table_rows(table.slice(start, count))
        assert (columns, values) == (list(frame.columns), part.astype(object).where(part.notna(), None).values.tolist())
    path = tmp_path / "version" / "answer.arrow"
    assert snapshot._keep(path, frame)
    small = snapshot._read(path)  # a small file: its rows read with nanoarrow, its frame with pyarrow
    assert not isinstance(small, snapshot.KeptAnswer)
    assert small.rows == frame.astype(object).where(frame.notna(), None).values.tolist()
    pd.testing.assert_frame_equal(small.frame, frame)


def test_random_lists_of_texts_share_a_list_exactly_when_equal(tmp_path):
    """Many random cells of few distinct lists (texts, gaps, empty and missing lists, lists of several lengths):
    they read back as written, and two cells are one list object exactly when they are equal lists. A frame of
    that column alone is kept too (it once made a table of no rows)."""
    import random

    import pyarrow as pa

    rng = random.Random(3)
    words = ["macro", "meso", "micro", None, "ÖGK"]
    pool = [[rng.choice(words) for _ in range(rng.randrange(4))] for _ in range(40)] + [None]
    frame = pd.DataFrame({"cells": pd.Series([rng.choice(pool) for _ in range(2000)], dtype=object)})
    table = snapshot.to_table(frame)
    assert table is not None and pa.types.is_dictionary(table.schema.field("cells").type)
    read = snapshot.from_table(table)
    pd.testing.assert_frame_equal(read, frame)
    lists = [cell for cell in read["cells"] if cell is not None]
    by_value: dict[str, set[int]] = {}
    for cell in lists:
        by_value.setdefault(repr(cell), set()).add(id(cell))
    assert all(len(objects) == 1 for objects in by_value.values())
    assert len({id(cell) for cell in lists}) == len(by_value)
    path = tmp_path / "version" / "answer.arrow"  # a frame of nothing but that column is kept and read back too
    assert snapshot._keep(path, frame)
    pd.testing.assert_frame_equal(snapshot._read(path).frame, frame)


def test_a_refresh_sends_the_embedded_server_one_query_at_a_time(coordreg_home, tmp_path, monkeypatch):
    """FalkorDB crashed while the snapshot's two workers read at once right after a load (embedded.reads_in_turn):
    a refresh never has two of its queries on the server at once, though its workers still run side by side."""
    from registry.stores.embedded import EmbeddedStore
    from registry.stores.falkordb_wire import Wire

    store = EmbeddedStore(coordreg_home, f"in_turn_{os.getpid()}")
    try:
        generate_registry(40, 3, tmp_path / "generated")
        load_paths(store, [tmp_path / "generated"])
        lock = threading.Lock()
        running: dict = {"now": 0, "most": 0, "threads": set(), "pause": 0.01}
        real_call = Wire.call

        def watched_call(self, *command):
            if command[0] != "GRAPH.RO_QUERY":
                return real_call(self, *command)
            with lock:
                running["now"] += 1
                running["most"] = max(running["most"], running["now"])
                running["threads"].add(threading.current_thread().name)
            try:
                time.sleep(running["pause"])  # long enough for another thread's query to overlap it, were it sent
                return real_call(self, *command)
            finally:
                with lock:
                    running["now"] -= 1

        monkeypatch.setattr(Wire, "call", watched_call)
        done = refresh_snapshot(store, home=tmp_path / "home")
        assert not done.failed and done.kept
        assert len({name for name in running["threads"] if name.startswith("coordreg-snapshot")}) == 2
        assert running["most"] == 1
        running.update(most=0, pause=0.1)

        def eight_reads() -> None:
            with ThreadPoolExecutor(max_workers=2) as pool:
                list(pool.map(lambda _: store.read("RETURN 1"), range(8)))

        # Two turns open at once (two refreshes on the app's store object): the first ending leaves the second's.
        first, second = store.reads_in_turn(), store.reads_in_turn()
        first.__enter__()
        second.__enter__()
        first.__exit__(None, None, None)
        eight_reads()
        second.__exit__(None, None, None)
        assert running["most"] == 1
        # Outside a refresh, reads are sent as they come (the app's sessions are not made to wait for each other).
        eight_reads()
        assert running["most"] == 2
    finally:
        store.wipe()
        store.close()
