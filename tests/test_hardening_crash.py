"""Hardening, item 6: crashes. Kill the embedded server, or the CLI, in the
middle of a load of 150 practices: after a restart every case is either fully
present or absent, and running the load again gives exactly the clean load.

Each test runs its own server in its own data directory: the session's server
is never killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from hardening_support import (
    SyntheticRegistry,
    graph_checksum,
    practice_signatures,
    run_cli,
    start_cli,
)

from registry.stores.base import Statement
from registry.stores.embedded import EmbeddedStore
from registry.stores.embedded_server import EmbeddedServer

pytest_plugins = ["hardening_fixtures"]  # the reliability and synthetic fixtures, shared

GRAPH = "crash"
# Faults this module injects: one per test (the README's figure is checked against the sum over modules).
FAULTS_INJECTED = 4


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    yield path
    EmbeddedServer(path).stop()


def _wait_for_the_case_write(home: Path, process: subprocess.Popen[str], timeout_s: float = 90) -> None:
    """Return while the server is executing the load's statement that writes the practices.

    The loader merges consecutive cases into large statements, so a load of
    150 practices is one write of a fraction of a second: waiting for
    practices to appear would be too late. GRAPH.INFO lists running queries
    without waiting for the graph's lock.
    """
    import redis

    server = EmbeddedServer(home)
    deadline = time.monotonic() + timeout_s
    client = None
    try:
        while time.monotonic() < deadline:
            assert process.poll() is None, f"the load ended before it could be interrupted: {process.communicate()}"
            if client is None and server.is_running() and server.socket_path.exists():
                client = redis.Redis(unix_socket_path=str(server.socket_path))
            if client is not None:
                try:
                    running = client.execute_command("GRAPH.INFO", "RunningQueries")[1]
                except redis.ConnectionError:
                    running = []
                for entry in running:
                    fields = dict(zip(entry[::2], entry[1::2], strict=False))
                    if _text(fields.get(b"Graph name")) == GRAPH and "nodes_Practice" in _text(fields.get(b"Query")):
                        return
            time.sleep(0.002)
    finally:
        if client is not None:
            client.close()
    raise AssertionError("the load never wrote its cases")


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _check_whole_or_absent(home: Path, synthetic: SyntheticRegistry, reliability) -> None:
    """Every practice in the graph has exactly what a clean load gives it, and
    nothing a practice owns is left without it."""
    store = EmbeddedStore(home, GRAPH)  # starts a fresh server over whatever the crash left
    try:
        found = practice_signatures(store)
        partial = {p: sig for p, sig in found.items() if sig != synthetic.signatures[p]}
        orphans = store.read(
            "MATCH (o) WHERE (o:Mechanism OR o:LevelClaim OR o:Evidence) AND NOT ()-[]->(o) RETURN count(o) AS n"
        ).frame.iat[0, 0]
    finally:
        store.close()
    reliability.add("data_lost", "practice half-written after a crash", len(partial) + int(orphans))
    assert not partial, f"half-written practices: {sorted(partial)[:5]}"
    assert orphans == 0, "owned nodes without their practice"
    assert set(found) <= set(synthetic.practices)


def _reload_equals_clean(home: Path, synthetic: SyntheticRegistry) -> None:
    # --no-snapshot: the clean load it is compared with holds case data only, not the measures a snapshot adds.
    done = run_cli(["load", "--no-snapshot", str(synthetic.folder)], home, GRAPH)
    assert done.returncode == 0, done.stderr
    assert f"loaded {len(synthetic.practices)} practice(s)" in done.stdout
    store = EmbeddedStore(home, GRAPH)
    try:
        assert graph_checksum(store, internal_ids=False) == synthetic.checksum, synthetic.difference(store)
    finally:
        store.close()


def test_kill_9_of_the_server_mid_load(home, synthetic, reliability):
    load = start_cli(["load", str(synthetic.folder)], home, GRAPH)
    _wait_for_the_case_write(home, load)
    server = EmbeddedServer(home)
    os.kill(server.pid() or 0, signal.SIGKILL)
    reliability.add("faults_injected", "kill -9 of the server mid-load")
    _, stderr = load.communicate(timeout=120)
    assert load.returncode == 1, stderr
    assert "error: The embedded graph store stopped answering" in stderr
    assert "Traceback" not in stderr
    # No assertion on whether a server runs now: if the kill lands just after the write, the command's
    # next read finds the server gone and restarts it for the next call (EmbeddedStore._reconnect).
    _check_whole_or_absent(home, synthetic, reliability)
    _reload_equals_clean(home, synthetic)


def test_kill_9_of_the_cli_mid_load(home, synthetic, reliability):
    load = start_cli(["load", str(synthetic.folder)], home, GRAPH)
    _wait_for_the_case_write(home, load)
    load.kill()
    load.communicate(timeout=60)
    reliability.add("faults_injected", "kill -9 of the CLI mid-load")
    assert load.returncode == -signal.SIGKILL
    assert EmbeddedServer(home).is_running(), "the server outlives the command that started it"
    _check_whole_or_absent(home, synthetic, reliability)
    _reload_equals_clean(home, synthetic)


def test_a_half_written_command_at_the_end_of_the_log_does_not_block_the_start(home, reliability):
    """A crash during a write can leave part of a command at the end of the append-only file."""
    store = EmbeddedStore(home, GRAPH)
    store.write(Statement("UNWIND range(1, 20) AS i CREATE (:Probe {i: i})"))
    before = graph_checksum(store)
    store.close()
    server = EmbeddedServer(home)
    os.kill(server.pid() or 0, signal.SIGKILL)
    time.sleep(0.2)
    logs = sorted((server.paths.data_dir / "aof").glob("*.incr.aof"))
    assert logs, "no append-only file"
    with open(logs[-1], "ab") as log:
        log.write(b"*3\r\n$11\r\nGRAPH.QUERY\r\n$5\r\ncrash\r\n$40\r\nCREATE (:Half")
    reliability.add("faults_injected", "truncated append-only file")
    store = EmbeddedStore(home, GRAPH)
    try:
        assert graph_checksum(store) == before
    finally:
        store.close()


def test_stale_files_of_a_crash_do_not_block_or_mislead_the_next_start(home, reliability):
    """Extends tests/test_embedded_server.py (kill -9 leaves socket and pid file):
    here the stale pid file names a live, unrelated process, the socket path
    holds a plain file and the run folder lost its 0700 mode."""
    server = EmbeddedServer(home)
    server.ensure_running()
    server.stop()
    bystander = subprocess.Popen(["sleep", "60"])
    try:
        server.paths.pid_file.write_text(f"{bystander.pid}\n")
        server.paths.socket.write_text("not a socket")
        os.chmod(server.paths.run_dir, 0o755)
        reliability.add("faults_injected", "stale pid, socket and lock files")
        assert not server.is_running(), "a lock file alone means nothing: its lock died with the server"
        assert server.stop() is False, "stop must not signal the process a stale pid file names"
        assert bystander.poll() is None
        server.paths.pid_file.write_text(f"{bystander.pid}\n")
        server.paths.socket.write_text("not a socket")
        socket_path = server.ensure_running()
        assert socket_path.is_socket()
        assert server.pid() != bystander.pid
        assert (os.stat(server.paths.run_dir).st_mode & 0o777) == 0o700
        assert server.stop() is True
        assert bystander.poll() is None, "the unrelated process is untouched"
    finally:
        bystander.kill()
        bystander.wait()
