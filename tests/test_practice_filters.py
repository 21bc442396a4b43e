"""function_duplication and practice_overlap filtered by one practice start from that practice (issue 16), and
answer exactly what their old Cypher answered.

The old Cypher is kept in tests/reference_cypher/. It read every link of the scope and let the Python step keep
the practice's own groups or pairs; the new text starts from the practice and expands to its groups only. Both
run on the same real store (the seed registry, and a generated one), every answer through the same Python step,
for every practice (a sample on the generated registry) alone and with the other filters, and the frames must be
equal: same columns in the same order, same rows in the same order, same lists in the same order, same types.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import _shared_scope
from reference_answers import distinct_values, generated_graph

from registry.analysis.post import apply_post_step
from registry.loading import load_paths
from registry.queries.library import get_query, run_named_query
from registry.queries.refresh import CARRIED_ABOVE, CARRIED_SOURCE, refresh_snapshot
from registry.stores.base import RegistryVersion, Statement
from registry.synthetic import generate_registry

REFERENCES = Path(__file__).parent / "reference_cypher"


@pytest.fixture(scope=_shared_scope("module"))
def generated_store(request, backend: str, tmp_path_factory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("practice-filters-generated")
    yield from generated_graph(request, backend, folder, "practice_filters_generated", practices=300, seed=11)


def old_answer(store: Any, name: str, parameters: dict[str, Any]) -> pd.DataFrame:
    """The old Cypher's answer, through the query's own Python step."""
    query = get_query(name)
    bound = query.bind(parameters)
    frame = store.read((REFERENCES / f"{name}.cypher").read_text(encoding="utf-8"), bound).frame
    return apply_post_step(query.header.post, frame, bound, store=store, timeout_ms=60_000)


def assert_same(store: Any, name: str, combinations: list[dict[str, Any]]) -> int:
    """Equal frames for every combination; returns how many combinations gave a non-empty answer."""
    answered = 0
    for parameters in combinations:
        expected = old_answer(store, name, parameters)
        got = run_named_query(store, name, parameters, snapshot=False).frame
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=f"{name} {parameters}")
        answered += len(got) > 0
    return answered


def practices_of(store: Any, every: int) -> list[dict[str, Any]]:
    """Every ``every``-th practice (in id order) and the one with most mechanisms, each with its collection,
    first country and a function its mechanisms serve."""
    frame = store.read(
        "MATCH (p:Practice) OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(m:Mechanism) "
        "OPTIONAL MATCH (m)-[:SERVES]->(f:Function) "
        "WITH p, count(DISTINCT m) AS mechanisms, collect(f.id) AS functions "
        "RETURN p.id AS id, p.collection AS collection, p.countries AS countries, mechanisms, functions ORDER BY id"
    ).frame
    rows = frame.to_dict("records")
    busiest = max(rows, key=lambda row: (row["mechanisms"], row["id"]))
    chosen = rows[::every] + ([busiest] if busiest not in rows[::every] else [])
    return [
        {
            "practice": row["id"],
            "collection": row["collection"],
            "country": (list(row["countries"]) or [None])[0],
            "function": min(row["functions"]) if len(row["functions"]) else None,
        }
        for row in chosen
    ]


def duplication_combinations(store: Any, every: int) -> list[dict[str, Any]]:
    """Each chosen practice alone, with its own collection, country and function, and with another country and
    collection (an empty answer: the practice is out of the scope)."""
    collections = distinct_values(store, "MATCH (p:Practice) RETURN DISTINCT p.collection AS v")
    countries = distinct_values(store, "MATCH (p:Practice) UNWIND p.countries AS v RETURN DISTINCT v")
    combos: list[dict[str, Any]] = [{}, {"country": countries[0]}, {"collection": collections[-1]}]
    for chosen in practices_of(store, every):
        practice = chosen["practice"]
        combos.append({"practice": practice})
        for key in ("collection", "country", "function"):
            if chosen[key] is not None:
                combos.append({"practice": practice, key: chosen[key]})
        combos.append({"practice": practice, "country": next(c for c in countries if c != chosen["country"])})
        combos.append({"practice": practice, "collection": next(c for c in collections if c != chosen["collection"])})
    return combos


def overlap_combinations(store: Any, every: int) -> list[dict[str, Any]]:
    """Each chosen practice alone, within its collection, with a small max_sharing (the cap bites) and a small
    limit (ties at the cut), and within another collection (empty)."""
    collections = distinct_values(store, "MATCH (p:Practice) RETURN DISTINCT p.collection AS v")
    combos: list[dict[str, Any]] = [{}, {"max_sharing": 3}, {"collection": collections[0]}]
    for chosen in practices_of(store, every):
        practice = chosen["practice"]
        combos += [
            {"practice": practice},
            {"practice": practice, "collection": chosen["collection"]},
            {"practice": practice, "max_sharing": 3},
            {"practice": practice, "max_sharing": 2, "limit": 5},
            {"practice": practice, "collection": next(c for c in collections if c != chosen["collection"])},
        ]
    return combos


def test_duplication_by_practice_matches_its_old_cypher_on_the_seed_registry(seed_store) -> None:
    assert assert_same(seed_store, "function_duplication", duplication_combinations(seed_store, 1)) > 5


def test_duplication_by_practice_matches_its_old_cypher_on_a_generated_registry(generated_store) -> None:
    assert assert_same(generated_store, "function_duplication", duplication_combinations(generated_store, 15)) > 10


def test_overlap_by_practice_matches_its_old_cypher_on_the_seed_registry(seed_store) -> None:
    assert assert_same(seed_store, "practice_overlap", overlap_combinations(seed_store, 1)) > 5


def test_overlap_by_practice_matches_its_old_cypher_on_a_generated_registry(generated_store) -> None:
    assert assert_same(generated_store, "practice_overlap", overlap_combinations(generated_store, 15)) > 10


def test_both_of_an_empty_registry_are_empty_with_their_columns(store) -> None:
    for name in ("function_duplication", "practice_overlap"):
        expected = old_answer(store, name, {})
        got = run_named_query(store, name, snapshot=False).frame
        assert got.empty
        pd.testing.assert_frame_equal(got, expected, check_exact=True)


# practice_overlap filtered by one practice reads how many practices carry a widely shared neighbour from the count
# the end of a load writes back (registry/queries/refresh.py), only while the registry is at the version it was
# written for; otherwise it counts live. Either way the answer is the old Cypher's.
COUNTED = (
    "MATCH (x) WHERE x.carried_by_version IS NOT NULL "
    "RETURN labels(x)[0] AS label, x.id AS id, x.carried_by AS n, x.carried_by_version AS version ORDER BY label, id"
)


@pytest.fixture
def refreshed_store(store, tmp_path) -> Any:
    """A generated registry of its own whose snapshot was computed (and the counts written back)."""
    generate_registry(150, 5, tmp_path / "generated")
    load_paths(store, [tmp_path / "generated"])
    done = refresh_snapshot(store, home=tmp_path / "home")
    assert done.version == store.registry_version() and "practice_overlap" in done.kept
    return store


def widest_function(store: Any) -> tuple[str, int]:
    """The function carried by the most practices, with its count as written back."""
    counted = store.read(COUNTED).frame
    functions = counted[counted["label"] == "Function"].sort_values(["n", "id"], ascending=[False, True])
    return str(functions["id"].iloc[0]), int(functions["n"].iloc[0])


def a_practice_serving(store: Any, function: str) -> str:
    return str(
        store.read(
            "MATCH (p:Practice)-[:HAS_MECHANISM]->(:Mechanism)-[:SERVES]->(:Function {id: $f}) "
            "RETURN p.id AS id ORDER BY id LIMIT 1",
            {"f": function},
        )
        .frame["id"]
        .iloc[0]
    )


def test_counts_written_back_are_the_practices_carrying_each_wide_neighbour(refreshed_store) -> None:
    assert get_query(CARRIED_SOURCE).header.post == "overlap"  # refresh counts with that step's own code
    counted = refreshed_store.read(COUNTED).frame
    assert len(counted) > 5 and (counted["n"] > CARRIED_ABOVE).all()
    assert set(counted["version"]) == {refreshed_store.registry_version().key}
    paths = (
        "(x)<-[:INVOLVES|USES|SERVES|REACHES]-(:Mechanism)<-[:HAS_MECHANISM]-(q:Practice)",
        "(x)<-[:PARTY]-(:Agreement)<-[:USES]-(:Mechanism)<-[:HAS_MECHANISM]-(q:Practice)",
        "(x)<-[:TARGETS|HAS_AGREEMENT]-(q:Practice)",
    )
    for label, ident, n in counted[["label", "id", "n"]].itertuples(index=False):
        carrying: set[str] = set()
        for path in paths:  # the label comes from the store's own answer, one of CARRIED_KINDS
            found = refreshed_store.read(
                f"MATCH {path} WHERE x:{label} AND x.id = $id RETURN q.id AS id", {"id": ident}
            )
            carrying.update(found.frame["id"].tolist())
        assert len(carrying) == int(n), (label, ident)


def test_overlap_by_practice_with_counts_written_back_matches_its_old_cypher(refreshed_store) -> None:
    assert assert_same(refreshed_store, "practice_overlap", overlap_combinations(refreshed_store, 10)) > 10


def test_a_count_is_read_only_at_the_version_it_was_written_for(refreshed_store) -> None:
    function, carried = widest_function(refreshed_store)
    practice = a_practice_serving(refreshed_store, function)
    parameters = {"practice": practice}
    expected = old_answer(refreshed_store, "practice_overlap", parameters)
    assert len(expected) > 0
    # A wrong count for the version the next write makes is read (so the count is what the query uses) …
    planted = refreshed_store.registry_version()
    now = RegistryVersion(planted.number + 1, planted.epoch).key
    refreshed_store.write(
        Statement(
            "MATCH (f:Function {id: $f}) SET f.carried_by = 1, f.carried_by_version = $v", {"f": function, "v": now}
        )
    )
    misled = run_named_query(refreshed_store, "practice_overlap", parameters, snapshot=False).frame
    assert not misled.equals(expected)
    # … and after any other write (an edit without refresh) it is not: the query counts live again.
    refreshed_store.write(Statement("MATCH (p:Practice {id: $p}) SET p.title = p.title", {"p": practice}))
    got = run_named_query(refreshed_store, "practice_overlap", parameters, snapshot=False).frame
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert carried > 5


def test_an_edit_after_the_counts_changes_the_answer_as_the_old_cypher_does(refreshed_store) -> None:
    function, carried = widest_function(refreshed_store)
    partner = a_practice_serving(refreshed_store, function)
    refreshed_store.write(
        Statement(
            "MATCH (f:Function {id: $f}), (q:Practice {id: $q}) "
            "CREATE (q)-[:HAS_MECHANISM]->(:Mechanism {id: 'zz-edited'})-[:SERVES]->(f)",
            {"f": function, "q": partner},
        )
    )
    extra = (
        refreshed_store.read(
            "MATCH (p:Practice) WHERE NOT (p)-[:HAS_MECHANISM]->(:Mechanism)-[:SERVES]->(:Function {id: $f}) "
            "RETURN p.id AS id ORDER BY id LIMIT 1",
            {"f": function},
        )
        .frame["id"]
        .iloc[0]
    )
    refreshed_store.write(
        Statement(
            "MATCH (f:Function {id: $f}), (q:Practice {id: $q}) "
            "CREATE (q)-[:HAS_MECHANISM]->(:Mechanism {id: 'zz-added'})-[:SERVES]->(f)",
            {"f": function, "q": extra},
        )
    )
    combos = [{"practice": p, "max_sharing": m} for p in (partner, extra) for m in (carried, carried + 1, 50)]
    assert assert_same(refreshed_store, "practice_overlap", combos) == len(combos)
