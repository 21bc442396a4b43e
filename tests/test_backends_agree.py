"""Both stores give the same answers: every named query, on the seed registry and
on a generated registry of 1,000 practices, loaded into the embedded FalkorDB and
into a real Neo4j from the same files.

Rows are compared as sets (a store may return ties in another order); scores
within 0.001 (both stores feed the same Python steps, but sums may be added in
another order); list cells as sorted lists.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import open_graph
from test_named_queries import EXAMPLES as NAMED_QUERY_EXAMPLES

from registry.loading import load_paths, seed_registry_path
from registry.queries.library import list_queries, run_named_query
from registry.synthetic import generate_registry

pytestmark = pytest.mark.neo4j

BUILTIN = list_queries(include_user=False)
SCORE_DIGITS = 3  # scores within 0.001

# The seed registry's example ids, shared with the named-query test.
EXAMPLES = {"seed": NAMED_QUERY_EXAMPLES["seed_store"]}


def _comparable(frame: pd.DataFrame) -> list[str]:
    def cell(value: Any) -> Any:
        if isinstance(value, float):
            return None if math.isnan(value) else round(value, SCORE_DIGITS)
        if isinstance(value, list | tuple):
            return sorted((cell(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, default=str))
        if isinstance(value, dict):
            return {k: cell(v) for k, v in value.items()}
        if hasattr(value, "item"):  # numpy scalars
            return cell(value.item())
        return value

    rows = [{k: cell(v) for k, v in row.items()} for row in frame.to_dict("records")]
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)


@pytest.fixture(scope="module")
def generated_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated-1000")
    generate_registry(1000, 7, folder)
    return folder


def _pair(request, name: str, paths: list[Path] | None) -> Iterator[tuple[Any, Any]]:
    falkordb = open_graph(request, "falkordb", f"agree_{name}_{os.getpid()}")
    neo4j = open_graph(request, "neo4j", f"agree_{name}")
    for store in (falkordb, neo4j):
        load_paths(store, paths, rebuild=True)
    yield falkordb, neo4j
    for store in (falkordb, neo4j):
        store.wipe()
        store.close()


@pytest.fixture(scope="module")
def seed_pair(request) -> Iterator[tuple[Any, Any]]:
    yield from _pair(request, "seed", [seed_registry_path()])


@pytest.fixture(scope="module")
def generated_pair(request, generated_folder: Path) -> Iterator[tuple[Any, Any]]:
    yield from _pair(request, "generated", [generated_folder])


@pytest.fixture(scope="module")
def generated_examples(generated_pair: tuple[Any, Any]) -> dict[str, Any]:
    """Ids of the generated registry, read from it: the busiest practice, actor and function."""
    falkordb, _ = generated_pair

    def first(cypher: str, **params: Any) -> Any:
        return falkordb.read(cypher, params).frame.iat[0, 0]

    practice = first(
        "MATCH (p:Practice)-[:HAS_MECHANISM]->(m) WITH p.id AS id, count(m) AS n RETURN id ORDER BY n DESC, id LIMIT 1"
    )
    other = first("MATCH (p:Practice) WHERE p.id <> $id RETURN p.id ORDER BY p.id LIMIT 1", id=practice)
    busiest_actor = (
        "MATCH (a:Actor)<-[:INVOLVES]-() WHERE a.id <> $not WITH a.id AS id, count(*) AS n "
        "RETURN id ORDER BY n DESC, id LIMIT 1"
    )
    actor = first(busiest_actor, **{"not": ""})
    actor_b = first(busiest_actor, **{"not": actor})
    return {
        "practice": practice,
        "a": practice,
        "b": other,
        "actor": actor,
        "actor_a": actor,
        "actor_b": actor_b,
        "text": "social",
        "collection": first("MATCH (p:Practice) RETURN p.collection ORDER BY p.collection LIMIT 1"),
        "country": first(
            "MATCH (p:Practice) UNWIND p.countries AS c WITH c, count(*) AS n RETURN c ORDER BY n DESC, c LIMIT 1"
        ),
        "level": "meso",
        "actor_kind": first("MATCH (a:Actor) WITH a.kind AS k, count(*) AS n RETURN k ORDER BY n DESC, k LIMIT 1"),
        "function": first(
            "MATCH (f:Function)<-[:SERVES]-() WITH f.id AS id, count(*) AS n RETURN id ORDER BY n DESC, id LIMIT 1"
        ),
    }


def _runs(name: str, examples: dict[str, Any]) -> dict[str, dict[str, Any]]:
    declared = BUILTIN[name].header.parameters
    missing = [p.name for p in declared if p.required and p.name not in examples]
    assert not missing, f"{name}: add an example for {missing}"
    return {
        "required only": {p.name: examples[p.name] for p in declared if p.required},
        "filtered": {p.name: examples[p.name] for p in declared if p.name in examples},
    }


def _assert_agree(name: str, falkordb: Any, neo4j: Any, examples: dict[str, Any]) -> None:
    for label, params in _runs(name, examples).items():
        on_falkordb = run_named_query(falkordb, name, params).frame
        on_neo4j = run_named_query(neo4j, name, params).frame
        assert list(on_neo4j.columns) == list(on_falkordb.columns), f"{name} ({label})"
        assert _comparable(on_neo4j) == _comparable(on_falkordb), f"{name} ({label}) differs between the stores"


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_every_named_query_agrees_on_the_seed_registry(name: str, seed_pair: tuple[Any, Any]) -> None:
    _assert_agree(name, *seed_pair, EXAMPLES["seed"])


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_every_named_query_agrees_on_1000_generated_practices(
    name: str, generated_pair: tuple[Any, Any], generated_examples: dict[str, Any]
) -> None:
    _assert_agree(name, *generated_pair, generated_examples)


def test_both_stores_hold_the_same_generated_graph(generated_pair: tuple[Any, Any]) -> None:
    from hardening_support import graph_checksum

    falkordb, neo4j = generated_pair
    assert falkordb.counts() == neo4j.counts()
    assert falkordb.counts()["nodes"] > 5_000  # 1,000 practices and what they own
    assert graph_checksum(falkordb, internal_ids=False) == graph_checksum(neo4j, internal_ids=False)
