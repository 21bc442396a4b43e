"""Shared fixtures: a real embedded FalkorDB server per test session.

The server runs in a temporary data directory (COORDREG_HOME), so tests never
touch a user's registry; each test gets its own graph inside that server.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
MINI_REGISTRY = TESTS / "fixtures" / "mini"

_graph_numbers = itertools.count()

# The CLI speaks French on a machine whose locale is French (registry/cli/language.py); the tests that read its
# English must read English wherever they run. tests/test_cli_french.py asks for French itself.
os.environ["COORDREG_LANG"] = "en"


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


# Every test that touches a store runs on both: the embedded FalkorDB, and a real
# Neo4j (tests/neo4j_service.py says where it comes from). The Neo4j side carries
# the ``neo4j`` marker, so ``pytest -m neo4j`` runs it alone.
BACKENDS = ("falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j))


def _single_neo4j_database() -> bool:
    """A server given from outside, or a testcontainer, holds one database: its graphs cannot
    live side by side, so the longer-lived graph fixtures are rebuilt for each test there."""
    return bool(os.environ.get("COORDREG_TEST_NEO4J_URI")) or shutil.which("mvn") is None


def _shared_scope(scope: str):
    def choose(fixture_name: str, config: pytest.Config) -> str:
        return "function" if _single_neo4j_database() else scope

    return choose


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def neo4j_service(tmp_path_factory):
    from neo4j_service import start_service

    service = start_service(tmp_path_factory.mktemp("neo4j"))
    yield service
    service.close()


def open_graph(request, backend: str, name: str):
    """Graph ``name`` on ``backend``: a FalkorDB graph, or a Neo4j server of its own (emptied first)."""
    if backend == "falkordb":
        from registry.stores.embedded import EmbeddedStore

        return EmbeddedStore(request.getfixturevalue("coordreg_home"), name)
    service = request.getfixturevalue("neo4j_service")
    graph = service.store(name if service.separate_graphs else "*")
    graph.test_env = service.env(name)
    graph.wipe()
    return graph


def graph_env(graph) -> dict[str, str]:
    """The environment a coordreg command needs to work on ``graph`` (either backend)."""
    if getattr(graph, "test_env", None):
        return dict(graph.test_env)
    return {"COORDREG_HOME": str(graph.server.paths.home), "COORDREG_GRAPH": f"embedded:{graph.graph_name}"}


@pytest.fixture
def store(request, backend: str):
    """An empty graph of its own for one test, on a real server of each backend."""
    name = f"test_{os.getpid()}_{next(_graph_numbers)}" if backend == "falkordb" else "scratch"
    graph = open_graph(request, backend, name)
    yield graph
    graph.wipe()
    graph.close()


@pytest.fixture(scope=_shared_scope("session"))
def seed_store(request, backend: str):
    """The bundled seed registry, loaded once per backend (tests must only read it)."""
    from registry.loading import load_paths

    graph = open_graph(request, backend, "seed_registry")
    load_paths(graph, rebuild=True)
    yield graph
    graph.close()


@pytest.fixture
def mini_store(store):
    """The two invented practices of tests/fixtures/mini, loaded."""
    from registry.loading import load_paths

    load_paths(store, [MINI_REGISTRY])
    return store


@pytest.fixture(scope=_shared_scope("module"))
def mini_graph(request, backend: str):
    """The mini registry in a graph of the test module's own, loaded once per module.

    For modules that check the graph is unchanged after many attempts: small
    enough to checksum after each one.
    """
    from registry.loading import load_paths

    name = f"module_{request.module.__name__}_{os.getpid()}" if backend == "falkordb" else "module"
    graph = open_graph(request, backend, name)
    load_paths(graph, [MINI_REGISTRY])
    yield graph
    graph.wipe()
    graph.close()


@pytest.fixture(scope=_shared_scope("module"))
def mini_checksum(mini_graph):
    from hardening_support import graph_checksum

    return graph_checksum(mini_graph)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect (never skip) the Neo4j run of a test marked ``falkordb_only`` — it checks something
    only the embedded store has — and runs whose ``dialect`` parameter names the other store."""
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        chosen = params.get("backend")
        other_store = chosen is not None and "dialect" in params and params["dialect"] != chosen
        embedded_only = chosen == "neo4j" and item.get_closest_marker("falkordb_only") is not None
        (dropped if other_store or embedded_only else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """One line for the Neo4j side, so a run shows at a glance that it ran (and where its server came from)."""
    counts: dict[str, int] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        counts[outcome] = sum(1 for report in terminalreporter.stats.get(outcome, []) if "neo4j" in report.keywords)
    if any(counts.values()):
        summary = ", ".join(f"{n} {outcome}" for outcome, n in counts.items() if n)
        terminalreporter.write_line(f"neo4j tests: {summary}", bold=True)
