"""The snapshot computed at the end of a load, on both stores: every answer kept for the version the registry is
at afterwards, and each actor's centrality and community written back on the actor, equal to the snapshot's.

The write-back is a write, so it bumps the registry version; the answers are kept under the version it makes
(``registry/queries/refresh.py`` says why that is sound). A write slipping in while the answers are computed
means nothing is kept, and each query computes its answer on its first request, as after any write.
"""

from __future__ import annotations

import pandas as pd
import pytest

from registry.loading import load_paths
from registry.queries import snapshot
from registry.queries.library import run_named_query
from registry.queries.refresh import ALWAYS_LIVE, refresh_snapshot, snapshot_queries
from registry.stores.base import Statement
from registry.synthetic import generate_registry

MEASURES = "MATCH (a:Actor) RETURN a.id AS actor_id, a.betweenness AS betweenness, a.degree AS degree, " \
           "a.weighted_degree AS weighted_degree, a.community AS community, a.community_size AS community_size " \
           "ORDER BY actor_id"  # fmt: skip


@pytest.fixture
def generated_store(store, tmp_path):
    generate_registry(120, 11, tmp_path / "generated")
    load_paths(store, [tmp_path / "generated"])
    return store


def written_measures(store) -> pd.DataFrame:
    return store.read(MEASURES).frame


def test_refresh_keeps_every_answer_for_the_version_after_the_write_back(generated_store, tmp_path):
    home = tmp_path / "home"
    before = generated_store.registry_version()
    steps: list[tuple[int, int, str]] = []
    done = refresh_snapshot(generated_store, home=home, on_progress=lambda *step: steps.append(step))
    after = generated_store.registry_version()
    assert done.why == ""
    assert done.version == after and after.number == before.number + 1 and after.epoch == before.epoch
    names = snapshot_queries(generated_store)
    assert set(done.kept) == set(names) and not ALWAYS_LIVE & set(names)
    assert [step[:2] for step in steps] == [(i, len(names)) for i in range(1, len(names) + 1)]
    assert sorted(step[2] for step in steps) == sorted(names)
    folder = snapshot.store_folder(generated_store, home) / str(after.key)
    written = {name: (folder / f"{name}.arrow").stat().st_mtime_ns for name in names}
    for name in names:  # read, not computed again, and the same as live
        kept = run_named_query(generated_store, name, home=home).frame
        pd.testing.assert_frame_equal(kept, run_named_query(generated_store, name, snapshot=False).frame, obj=name)
        assert (folder / f"{name}.arrow").stat().st_mtime_ns == written[name]


def test_written_back_measures_equal_the_snapshot(generated_store, tmp_path):
    home = tmp_path / "home"
    done = refresh_snapshot(generated_store, home=home)
    assert done.actors_written > 10
    centrality = run_named_query(generated_store, "actor_centrality", home=home).frame
    measures = written_measures(generated_store)
    tied = measures.dropna(subset=["betweenness"]).reset_index(drop=True)
    expected = centrality.sort_values("actor_id", ignore_index=True)
    assert len(tied) == len(expected) == done.actors_written
    for column in ("actor_id", "betweenness", "degree", "weighted_degree", "community", "community_size"):
        assert tied[column].tolist() == expected[column].tolist(), column
    # actors without a tie get no measure
    untied = measures[measures["betweenness"].isna()]
    assert set(untied["actor_id"]).isdisjoint(expected["actor_id"])
    assert untied["community"].isna().all()


def test_measures_of_an_earlier_version_are_cleared(generated_store, tmp_path):
    measures = written_measures(generated_store)
    assert measures["betweenness"].isna().all()  # nothing before the first refresh
    untied = generated_store.read(
        "MATCH (a:Actor) WHERE NOT (a)<-[:INVOLVES|PARTY]-() RETURN a.id AS id ORDER BY id LIMIT 1"
    ).frame
    refresh_snapshot(generated_store, home=tmp_path / "home")
    if untied.empty:  # every generated actor has a tie: make one without
        generated_store.write(Statement("CREATE (:Actor {id: 'zz-untied', name: 'Untied'})"))
        ident = "zz-untied"
    else:
        ident = str(untied["id"].iloc[0])
    generated_store.write(
        Statement("MATCH (a:Actor {id: $id}) SET a.betweenness = 0.5, a.community = 99", {"id": ident})
    )
    refresh_snapshot(generated_store, home=tmp_path / "home")
    row = generated_store.read("MATCH (a:Actor {id: $id}) RETURN a.betweenness AS b, a.community AS c", {"id": ident})
    assert row.frame.iloc[0].isna().all()


def test_a_write_during_the_refresh_keeps_nothing(generated_store, tmp_path):
    home = tmp_path / "home"

    def someone_writes(done: int, total: int, name: str) -> None:
        if done == 1:
            generated_store.write(Statement("MATCH (p:Practice) WITH p LIMIT 1 SET p.title = 'Changed meanwhile'"))

    done = refresh_snapshot(generated_store, home=home, on_progress=someone_writes)
    assert done.version is None and done.kept == [] and "written" in done.why
    assert not list(snapshot.snapshot_root(home).rglob("*.arrow"))
    assert done.actors_written == 0 and written_measures(generated_store)["betweenness"].isna().all()
    # the first request computes its answer, with the change in it
    titles = run_named_query(generated_store, "practice_list", home=home).frame
    assert "Changed meanwhile" in set(titles["title"])
    pd.testing.assert_frame_equal(titles, run_named_query(generated_store, "practice_list", snapshot=False).frame)


def test_no_file_is_written_before_the_write_back_makes_their_version(generated_store, tmp_path):
    # Each answer's table is built as soon as it is computed, but its file is written only once the version after
    # the write-back is known to be the answers': a refresh stopped earlier leaves no file of a version that
    # another write could make.
    home = tmp_path / "home"
    files_seen: list[int] = []

    def count_files(done: int, total: int, name: str) -> None:
        files_seen.append(len(list(snapshot.snapshot_root(home).rglob("*.arrow"))))

    done = refresh_snapshot(generated_store, home=home, on_progress=count_files)
    assert done.version is not None and not done.failed
    assert len(files_seen) == len(snapshot_queries(generated_store)) and set(files_seen) == {0}
    folder = snapshot.store_folder(generated_store, home) / str(done.version.key)
    assert sorted(path.stem for path in folder.glob("*.arrow")) == sorted(done.kept)
    assert len(done.kept) == len(snapshot_queries(generated_store))
