"""docker-compose.yml keeps its contract (no Docker needed: the file is only parsed).

The README promises: Neo4j 5 community with the password from the environment,
Browser on 7474, a cypher-shell healthcheck so `docker compose up --wait` blocks
until Neo4j answers, and the app wired to it with COORDREG_GRAPH=bolt://neo4j:7687.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NEO4J_IMAGE = "neo4j:5.26-community"
POM = (ROOT / "tests" / "neo4j_server" / "pom.xml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return compose["services"]


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):  # the "KEY=value" list form is as valid as the mapping
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def _test_command(service: dict[str, Any]) -> str:
    test = service["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else str(test)


def test_neo4j_is_the_tested_lts_community(services: dict[str, Any]) -> None:
    """The image is the Neo4j release the launcher tests (tests/neo4j_server/pom.xml)."""
    image = services["neo4j"]["image"]
    assert image == NEO4J_IMAGE, image
    assert f"<neo4j.version>{NEO4J_IMAGE.split(':')[1].split('-')[0]}." in POM


def test_every_port_is_published_on_localhost_unless_the_operator_opts_in(services: dict[str, Any]) -> None:
    for name, service in services.items():
        for port in service.get("ports", []):
            assert str(port).startswith("${COORDREG_BIND_ADDRESS:-127.0.0.1}:"), (name, port)


def test_neo4j_has_a_memory_cap_and_a_time_limit_per_query(services: dict[str, Any]) -> None:
    env = _environment(services["neo4j"])
    assert env["NEO4J_db_memory_transaction_max"].endswith("m")
    assert env["NEO4J_db_transaction_timeout"].endswith("s")


def test_neo4j_password_comes_from_the_environment_and_is_required(services: dict[str, Any]) -> None:
    auth = _environment(services["neo4j"])["NEO4J_AUTH"]
    assert auth.startswith("neo4j/${NEO4J_PASSWORD:?"), auth  # `:?` stops compose when it is unset
    app_password = _environment(services["app"])["NEO4J_PASSWORD"]
    assert app_password.startswith("${NEO4J_PASSWORD"), app_password


def test_neo4j_healthcheck_asks_cypher_shell(services: dict[str, Any]) -> None:
    command = _test_command(services["neo4j"])
    assert "cypher-shell" in command
    assert "NEO4J_PASSWORD" in command and "RETURN 1" in command


def test_neo4j_keeps_its_data_and_publishes_browser_and_bolt(services: dict[str, Any]) -> None:
    neo4j = services["neo4j"]
    assert any(str(v).endswith(":/data") for v in neo4j["volumes"])
    published = {str(p).split(":")[-1] for p in neo4j["ports"]}
    assert {"7474", "7687"} <= published


def test_app_is_wired_to_neo4j(services: dict[str, Any]) -> None:
    app = services["app"]
    env = _environment(app)
    assert env["COORDREG_GRAPH"] == "bolt://neo4j:7687"
    assert env["NEO4J_USER"] == "neo4j"
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert "build" in app
    assert any(str(p).endswith("8501") for p in app["ports"])
    command = app["command"]
    # --graph is a global option: it must come before the subcommand.
    assert command.index("--graph") < command.index("app")
    assert command[command.index("--graph") + 1] == "bolt://neo4j:7687"


def test_dockerfile_installs_the_package_and_runs_the_app() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.startswith("FROM ")] == ["FROM python:3.11-slim"]
    assert "pip install ." in text
    assert '"coordreg", "app"' in text and "8501" in text
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", "node_modules", ".venv"} <= set(ignored)


def test_hosted_ci_runs_the_neo4j_tests_against_a_service_container() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert any("bash .ci/run" in step.get("run", "") for step in jobs["test"]["steps"])
    neo4j = jobs["neo4j"]
    service = neo4j["services"]["neo4j"]
    assert service["image"] == NEO4J_IMAGE
    assert "cypher-shell" in service["options"]
    password = neo4j["env"]["NEO4J_PASSWORD"]
    assert service["env"]["NEO4J_AUTH"] == f"neo4j/{password}"
    assert neo4j["env"]["COORDREG_TEST_NEO4J_URI"] == "bolt://localhost:7687"
    assert any("pytest -m neo4j" in step.get("run", "") for step in neo4j["steps"])
