"""cost_benefit, computed from flat lists in Python (issue 16), answers exactly what its Cypher answered.

The Cypher it replaced is kept in tests/reference_cypher/cost_benefit.cypher. Both run on the same real store
(the seed registry, and a generated one), for many combinations of filters, and the frames must be equal:
same columns in the same order, same rows in the same order, same lists in the same order, same types.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import _shared_scope
from reference_answers import assert_same_as_reference, distinct_values, generated_graph

from registry.queries.library import get_query, run_named_query

REFERENCE = Path(__file__).parent / "reference_cypher" / "cost_benefit.cypher"


@pytest.fixture(scope=_shared_scope("module"))
def generated_store(request, backend: str, tmp_path_factory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("cost-generated")
    yield from generated_graph(request, backend, folder, "cost_generated", practices=300, seed=5)


def filter_combinations(store: Any) -> list[dict[str, Any]]:
    """Collections and countries, alone and together, and single practices of different shapes: the one with
    the most figures, the one with the most actors, one without mechanisms or evidence if there is one."""
    collections = distinct_values(store, "MATCH (p:Practice) RETURN DISTINCT p.collection AS v")
    countries = distinct_values(store, "MATCH (p:Practice) UNWIND p.countries AS v RETURN DISTINCT v")
    practices = [
        *distinct_values(
            store,
            "MATCH (p:Practice)-[:HAS_EVIDENCE]->(e:Evidence) WITH p, sum(size(coalesce(e.figure_values, []))) AS n "
            "ORDER BY n DESC, p.id RETURN p.id AS v LIMIT 1",
        ),
        *distinct_values(
            store,
            "MATCH (p:Practice)-[:HAS_MECHANISM]->(:Mechanism)-[:INVOLVES]->(a:Actor) "
            "WITH p, count(DISTINCT a) AS n ORDER BY n DESC, p.id RETURN p.id AS v LIMIT 1",
        ),
        *distinct_values(
            store,
            "MATCH (p:Practice) WHERE NOT (p)-[:HAS_MECHANISM]->() OR NOT (p)-[:HAS_EVIDENCE]->() "
            "RETURN p.id AS v ORDER BY v LIMIT 1",
        ),
    ]
    assert collections and countries and practices, "the registry lacks what the comparison needs"
    combos = [
        {"collection": collection, "country": country}
        for collection, country in itertools.product([None, *collections[:3]], [None, *countries[:4]])
    ]
    combos += [{"practice": practice} for practice in dict.fromkeys(practices)]
    combos += [{"practice": practices[0], "collection": collection} for collection in collections[:3]]
    return [{k: v for k, v in combo.items() if v is not None} for combo in combos]


def compared(store: Any) -> int:
    """Compare every filter combination; returns how many gave a non-empty answer."""
    return assert_same_as_reference(store, "cost_benefit", REFERENCE, filter_combinations(store))


def test_cost_benefit_matches_its_old_cypher_on_the_seed_registry(seed_store) -> None:
    assert compared(seed_store) > 5


def test_cost_benefit_matches_its_old_cypher_on_a_generated_registry(generated_store) -> None:
    assert compared(generated_store) > 5


def test_cost_benefit_of_an_empty_registry_is_empty_with_its_columns(store) -> None:
    expected = store.read(REFERENCE.read_text(encoding="utf-8"), get_query("cost_benefit").bind({})).frame
    got = run_named_query(store, "cost_benefit", snapshot=False).frame
    assert got.empty
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
