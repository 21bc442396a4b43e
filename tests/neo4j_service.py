"""Where the tests' Neo4j comes from, first match wins:

1. ``COORDREG_TEST_NEO4J_URI`` (with ``NEO4J_USER`` / ``NEO4J_PASSWORD``): an
   already-running server whose database the tests may WIPE. It holds one
   database, so every graph the tests ask for is that one, emptied in between;
2. the launcher in ``tests/neo4j_server/`` (Neo4j 5.26 from Maven Central jars,
   APOC core as a plugin): one JVM hosting one Neo4j server per graph name, so
   graphs are as separate as the embedded store's;
3. a ``neo4j:5.26-community`` testcontainer, where a Docker engine answers.

Only where none of the three is possible are the Neo4j tests skipped, with the
reason printed; ``COORDREG_CI=1`` (set by ``.ci/run``) turns that skip into a
failure, because a CI run with every Neo4j test skipped proves nothing.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent / "neo4j_server"))

NEO4J_IMAGE = "neo4j:5.26-community"
DOCKER_TIMEOUT_S = 5


@dataclass
class Neo4jService:
    """Neo4j servers for the tests: ``uri(name)`` gives the one holding graph ``name``."""

    mode: str  # env | launcher | container
    user: str
    password: str
    separate_graphs: bool
    _uris: dict[str, str] = field(default_factory=dict)
    _launcher: Any = None
    _container: Any = None

    def uri(self, name: str) -> str:
        if self._launcher is not None:
            if name not in self._uris:
                self._uris[name] = self._launcher.server(name)
            return self._uris[name]
        return self._uris["*"]

    def store(self, name: str) -> Any:
        from registry.stores.neo4j_store import Neo4jStore

        return Neo4jStore(self.uri(name), user=self.user, password=self.password)

    def env(self, name: str) -> dict[str, str]:
        """What a coordreg process needs to reach graph ``name`` (CLI, app)."""
        return {"COORDREG_GRAPH": self.uri(name), "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password}

    @property
    def pid(self) -> int | None:
        return None if self._launcher is None else self._launcher.pid

    def close(self) -> None:
        if self._launcher is not None:
            self._launcher.close()
        if self._container is not None:
            with contextlib.suppress(Exception):
                self._container.stop()


def docker_engine_problem() -> str | None:
    """None when a Docker engine answers, else why not (in a few seconds, never hanging)."""
    try:
        import docker
    except ImportError:
        return "the docker SDK is not installed"
    try:
        client = docker.from_env(timeout=DOCKER_TIMEOUT_S)
        client.ping()
        client.close()
    except Exception as exc:
        first_line = (str(exc).splitlines() or [""])[0][:160]
        return f"no Docker engine answers ({type(exc).__name__}: {first_line})"
    return None


def start_launcher(root: Path, password: str, **options: Any) -> Any:
    """A launcher JVM (built first when needed); raises control.LauncherUnavailable with the reason."""
    import control

    control.build()
    launcher = control.Neo4jLauncher()
    launcher.start(root, password, **options)
    return launcher


def start_service(root: Path) -> Neo4jService:
    uri = os.environ.get("COORDREG_TEST_NEO4J_URI")
    if uri:
        service = Neo4jService(
            "env", os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""), separate_graphs=False
        )
        service._uris["*"] = uri
        return service
    password = "coordreg-" + secrets.token_hex(8)  # Neo4j 5 wants at least 8 characters
    problems = []
    try:
        launcher = start_launcher(root, password)
        return Neo4jService("launcher", "neo4j", password, separate_graphs=True, _launcher=launcher)
    except Exception as exc:  # the launcher's own reason, then the next way
        problems.append(f"the launcher in tests/neo4j_server could not start ({' '.join(str(exc).split())[:300]})")
    problem = docker_engine_problem()
    if problem is None:
        try:
            from testcontainers.neo4j import Neo4jContainer

            container = Neo4jContainer(NEO4J_IMAGE, password=password).start()
            service = Neo4jService("container", "neo4j", password, separate_graphs=False, _container=container)
            service._uris["*"] = container.get_connection_url()
            return service
        except Exception as exc:
            problem = f"the testcontainer failed: {exc}"
    problems.append(problem)
    reason = "Neo4j tests need COORDREG_TEST_NEO4J_URI, the launcher or a Docker engine: " + "; ".join(problems)
    if os.environ.get("COORDREG_CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)
    raise AssertionError("unreachable")  # pytest.skip raises
