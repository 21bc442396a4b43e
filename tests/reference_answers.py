"""Shared by the tests that compare a named query computed in Python with the Cypher it replaced (issue 16):
a generated registry loaded into its own graph, distinct values to filter by, and the frame-for-frame comparison
of the named query with the old Cypher, run live on the same real store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import open_graph

from registry.loading import load_paths
from registry.queries.library import get_query, run_named_query
from registry.synthetic import generate_registry


def generated_graph(
    request: pytest.FixtureRequest,
    backend: str,
    folder: Path,
    name: str,
    *,
    practices: int,
    seed: int,
    more: tuple[Path, ...] = (),
) -> Iterator[Any]:
    """A graph named ``name`` holding ``practices`` generated practices (and the case folders ``more``); wiped
    and closed after the tests that use it."""
    generate_registry(practices, seed, folder)
    graph = open_graph(request, backend, f"{name}_{os.getpid()}" if backend == "falkordb" else name)
    load_paths(graph, [folder, *more], rebuild=True)
    yield graph
    graph.wipe()
    graph.close()


def distinct_values(store: Any, cypher: str) -> list[Any]:
    """The sorted non-null values a query returns in its column ``v``."""
    return sorted(v for v in store.read(cypher).frame["v"].tolist() if v is not None)


def assert_same_as_reference(store: Any, name: str, reference: Path, combinations: list[dict[str, Any]]) -> int:
    """Named query ``name`` and the old Cypher in ``reference`` give equal frames for every filter combination;
    returns how many combinations gave a non-empty answer."""
    old_cypher = reference.read_text(encoding="utf-8")
    query = get_query(name)
    answered = 0
    for parameters in combinations:
        expected = store.read(old_cypher, query.bind(parameters)).frame
        got = run_named_query(store, name, parameters, snapshot=False).frame
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=f"{name} {parameters}")
        answered += len(got) > 0
    return answered
