"""The registry's version, kept in the graph: every write transaction bumps it, inside the same transaction.

On both stores: a load bumps it; a load refused before writing does not; a write the store rejects half-way
leaves it (and the graph) as it was; a wipe bumps it, and a wiped registry never repeats an earlier version's
key. The version node is the store's bookkeeping: counts and exports leave it out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINI_REGISTRY

from registry.errors import CaseValidationError, CoordregError
from registry.loading import load_paths
from registry.queries.library import run_named_query
from registry.stores.base import VERSION_LABEL, Statement


def test_a_load_bumps_the_version(store):
    before = store.registry_version()
    load_paths(store, [MINI_REGISTRY])
    after = store.registry_version()
    assert after.number > before.number
    assert after.key is not None
    again = store.registry_version()
    assert again == after  # reading it changes nothing


def test_a_refused_load_leaves_the_version(mini_store, tmp_path: Path):
    before = mini_store.registry_version()
    folder = tmp_path / "cases"
    shutil.copytree(MINI_REGISTRY, folder)
    broken = folder / "alpha.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("practice:", "practise:", 1), encoding="utf-8")
    with pytest.raises(CaseValidationError):
        load_paths(mini_store, [folder])
    assert mini_store.registry_version() == before


def test_a_write_the_store_rejects_leaves_version_and_graph(mini_store):
    before, counts = mini_store.registry_version(), mini_store.counts()
    # A second practice with an id the registry holds breaks the uniqueness rule: the whole transaction fails.
    duplicate = Statement(
        "CREATE (:Source {id: 'coordreg-version-test'}) WITH 1 AS one MATCH (p:Practice) WITH p LIMIT 1 "
        "CREATE (:Practice {id: p.id})"
    )
    with pytest.raises(CoordregError):
        mini_store.write(duplicate)
    assert mini_store.registry_version() == before
    assert mini_store.counts() == counts


def test_a_wipe_bumps_the_version_and_never_repeats_a_key(mini_store):
    seen = {mini_store.registry_version().key}
    before = mini_store.registry_version()
    mini_store.wipe()
    wiped = mini_store.registry_version()
    assert wiped.number > before.number
    assert mini_store.counts() == {"nodes": 0, "relationships": 0}  # the version node is no content
    load_paths(mini_store, [MINI_REGISTRY])
    for version in (wiped, mini_store.registry_version()):
        assert version.key is not None and version.key not in seen
        seen.add(version.key)


def test_every_write_bumps_once(store):
    first = store.registry_version()
    store.write(Statement("CREATE (:Source {id: $id})", {"id": "s-1"}))
    second = store.registry_version()
    store.write(store.prepare(Statement("CREATE (:Source {id: $id})", {"id": "s-2"})))  # a load's prepared path
    third = store.registry_version()
    assert (second.number, third.number) == (first.number + 1, first.number + 2)
    assert first.key is None or first.epoch == second.epoch == third.epoch


def test_counts_and_exports_leave_the_version_node_out(mini_store):
    assert mini_store.registry_version().number > 0
    held = mini_store.read(f"MATCH (v:{VERSION_LABEL}) RETURN count(v) AS n").frame
    assert int(held.iat[0, 0]) == 1  # it is there, once
    exported = run_named_query(mini_store, "export_nodes").frame
    assert VERSION_LABEL not in set(exported["label"])
    kinds = run_named_query(mini_store, "registry_counts").frame
    assert VERSION_LABEL not in set(kinds["kind"])
    everything = mini_store.read("MATCH (n) RETURN count(n) AS n").frame
    assert mini_store.counts()["nodes"] == int(everything.iat[0, 0]) - 1


def test_a_schema_command_sent_as_a_write_changes_no_version(store):
    """Indexes change no contents; Neo4j would also refuse them in a transaction that writes data."""
    before = store.registry_version()
    store.write(Statement("CREATE INDEX FOR (n:Probe) ON (n.id)"))
    assert store.registry_version() == before
