"""Shared fixtures: a real embedded FalkorDB server per test session.

The server runs in a temporary data directory (COORDREG_HOME), so tests never
touch a user's registry; each test gets its own graph inside that server.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
MINI_REGISTRY = TESTS / "fixtures" / "mini"

_graph_numbers = itertools.count()


@pytest.fixture(scope="session")
def coordreg_home() -> Iterator[Path]:
    home = Path(tempfile.mkdtemp(prefix="coordreg-test-"))
    previous = os.environ.get("COORDREG_HOME")
    os.environ["COORDREG_HOME"] = str(home)
    os.environ.pop("COORDREG_GRAPH", None)
    from registry.stores.embedded_server import EmbeddedServer

    server = EmbeddedServer(home)
    server.ensure_running()
    yield home
    server.stop()
    if previous is None:
        os.environ.pop("COORDREG_HOME", None)
    else:
        os.environ["COORDREG_HOME"] = previous


@pytest.fixture
def store(coordreg_home: Path):
    """An empty graph of its own for one test, on the session's real server."""
    from registry.stores.embedded import EmbeddedStore

    graph = EmbeddedStore(coordreg_home, f"test_{os.getpid()}_{next(_graph_numbers)}")
    yield graph
    graph.wipe()
    graph.close()


@pytest.fixture(scope="session")
def seed_store(coordreg_home: Path):
    """The bundled seed registry, loaded once (tests must only read it)."""
    from registry.loading import load_paths
    from registry.stores.embedded import EmbeddedStore

    graph = EmbeddedStore(coordreg_home, "seed_registry")
    load_paths(graph, rebuild=True)
    yield graph
    graph.close()


@pytest.fixture
def mini_store(store):
    """The two invented practices of tests/fixtures/mini, loaded."""
    from registry.loading import load_paths

    load_paths(store, [MINI_REGISTRY])
    return store


@pytest.fixture(scope="module")
def mini_graph(coordreg_home: Path, request):
    """The mini registry in a graph of the test module's own, loaded once per module.

    For modules that check the graph is unchanged after many attempts: small
    enough to checksum after each one.
    """
    from registry.loading import load_paths
    from registry.stores.embedded import EmbeddedStore

    graph = EmbeddedStore(coordreg_home, f"module_{request.module.__name__}_{os.getpid()}")
    graph.wipe()
    load_paths(graph, [MINI_REGISTRY])
    yield graph
    graph.wipe()
    graph.close()


@pytest.fixture(scope="module")
def mini_checksum(mini_graph):
    from hardening_support import graph_checksum

    return graph_checksum(mini_graph)
