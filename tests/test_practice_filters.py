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
from registry.queries.library import get_query, run_named_query

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
