"""actor_portfolio, computed from flat links in Python (issue 16), answers exactly what its Cypher answered.

The Cypher it replaced is kept in tests/reference_cypher/actor_portfolio.cypher. Both run on the same real store
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

REFERENCE = Path(__file__).parent / "reference_cypher" / "actor_portfolio.cypher"


@pytest.fixture(scope=_shared_scope("module"))
def generated_store(request, backend: str, tmp_path_factory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("portfolio-generated")
    yield from generated_graph(request, backend, folder, "portfolio_generated", practices=300, seed=5)


def filter_combinations(store: Any) -> list[dict[str, Any]]:
    """Every collection and actor kind, with actors of different shapes: the most connected, one party to the
    most agreements, and one party to an agreement but involved in no mechanism (left out)."""
    collections = distinct_values(store, "MATCH (p:Practice) RETURN DISTINCT p.collection AS v")
    kinds = distinct_values(store, "MATCH (a:Actor) UNWIND a.kinds AS v RETURN DISTINCT v")
    busiest = distinct_values(
        store,
        "MATCH (a:Actor)<-[:INVOLVES]-(m:Mechanism) WITH a, count(m) AS n ORDER BY n DESC, a.id "
        "RETURN a.id AS v LIMIT 1",
    )
    party = distinct_values(
        store,
        "MATCH (a:Actor)<-[:PARTY]-(g:Agreement) WITH a, count(g) AS n ORDER BY n DESC, a.id RETURN a.id AS v LIMIT 1",
    )
    lonely = distinct_values(
        store,
        "MATCH (a:Actor)<-[:PARTY]-(:Agreement) WHERE NOT (a)<-[:INVOLVES]-(:Mechanism) "
        "RETURN a.id AS v ORDER BY v LIMIT 1",
    )
    assert collections and kinds and busiest and party, "the registry lacks what the comparison needs"
    actors = [None, *dict.fromkeys(busiest + party + lonely)]
    combos = [
        {"actor": actor, "collection": collection, "actor_kind": kind}
        for actor, collection, kind in itertools.product(actors, [None, *collections[:3]], [None, *kinds[:3]])
    ]
    return [{k: v for k, v in combo.items() if v is not None} for combo in combos]


def compared(store: Any) -> int:
    """Compare every filter combination; returns how many gave a non-empty answer."""
    return assert_same_as_reference(store, "actor_portfolio", REFERENCE, filter_combinations(store))


def test_portfolio_matches_its_old_cypher_on_the_seed_registry(seed_store) -> None:
    assert compared(seed_store) > 5


def test_portfolio_matches_its_old_cypher_on_a_generated_registry(generated_store) -> None:
    assert compared(generated_store) > 5


def test_portfolio_of_an_empty_registry_is_empty_with_its_columns(store) -> None:
    expected = store.read(REFERENCE.read_text(encoding="utf-8"), get_query("actor_portfolio").bind({})).frame
    got = run_named_query(store, "actor_portfolio", snapshot=False).frame
    assert got.empty
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
