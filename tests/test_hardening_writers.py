"""Hardening II, item 10 and the CLI's remaining tracebacks: one writer at a time, on each store.

A ``load --rebuild`` started during another load used to wipe what that load had
written while it still reported success. Now every load holds the registry's
write lock: a second writer waits (and says so) or, with ``--no-wait``, is
refused with nothing written; a rebuild names the practices it removed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from conftest import MINI_REGISTRY, graph_env
from hardening_support import graph_checksum

from registry.errors import StoreBusy
from registry.loading import load_paths
from registry.locks import registry_write_lock

pytest_plugins = ["hardening_fixtures"]  # the synthetic registry and the reliability figures, shared
# Faults this module injects, on each store (the README's figure is checked against the sum over modules).
FAULTS_INJECTED = 2 * 2


def _cli(args: list[str], graph, home) -> subprocess.Popen[str]:
    env = {**os.environ, "COORDREG_HOME": str(home), **graph_env(graph)}
    return subprocess.Popen(
        [sys.executable, "-m", "registry.cli", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def _wait_until_held(path, process: subprocess.Popen[str], timeout_s: float = 120) -> None:
    """Return once another process holds the write lock at ``path`` (the load is writing)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            with registry_write_lock(path, wait=False):
                pass
        except StoreBusy:
            return
        time.sleep(0.005)
    raise AssertionError("the load never took the write lock")


def test_a_second_writer_is_refused_with_no_wait_and_nothing_is_written(mini_store, coordreg_home, reliability):
    reliability.add("faults_injected", "a second writer during a load")
    before = graph_checksum(mini_store)
    with registry_write_lock(mini_store.lock_path("write")):
        done = _cli(["load", "--rebuild", "--no-wait", str(MINI_REGISTRY)], mini_store, coordreg_home)
        _, stderr = done.communicate(timeout=120)
        with pytest.raises(StoreBusy, match="Another load, import or edit is writing"):
            load_paths(mini_store, [MINI_REGISTRY], wait=False)
    assert done.returncode == 1 and "Traceback" not in stderr
    assert "Another load, import or edit is writing to this registry" in stderr
    assert graph_checksum(mini_store) == before


def test_a_second_writer_waits_says_so_and_then_loads(mini_store, coordreg_home):
    with registry_write_lock(mini_store.lock_path("write")):
        waiting = _cli(["load", str(MINI_REGISTRY)], mini_store, coordreg_home)
        time.sleep(3)  # long enough for the command to start, validate and reach the lock
        assert waiting.poll() is None, "the second writer must wait while the lock is held"
    stdout, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr
    assert "waiting: another load" in stderr
    assert "loaded 2 practice(s)" in stdout


def test_a_rebuild_during_a_load_waits_and_names_what_it_removes(store, coordreg_home, synthetic, reliability):
    """The race of the campaign: a rebuild from other files, started while a load of 150 practices runs."""
    reliability.add("faults_injected", "a rebuild during a load")
    first = _cli(["load", str(synthetic.folder)], store, coordreg_home)
    _wait_until_held(store.lock_path("write"), first)
    second = _cli(["load", "--rebuild", str(MINI_REGISTRY)], store, coordreg_home)
    out_first, err_first = first.communicate(timeout=300)
    out_second, err_second = second.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, (err_first, err_second)
    assert f"loaded {len(synthetic.practices)} practice(s)" in out_first
    # The rebuild ran after the load had committed everything, and said what it erased.
    assert f"--rebuild removed {len(synthetic.practices)} practice(s) that these files do not hold" in err_second
    held = set(store.read("MATCH (p:Practice) RETURN p.id AS id").frame["id"])
    assert held == {"tst-alpha", "tst-beta"}


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "301"])
def test_an_impossible_timeout_is_one_line_not_a_traceback(coordreg_home, value):
    done = subprocess.run(
        [sys.executable, "-m", "registry.cli", "cypher", "RETURN 1 AS x", "--timeout", value],
        capture_output=True, text=True, timeout=60, env={**os.environ, "COORDREG_HOME": str(coordreg_home)},
    )  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "give a number of seconds from 0.001 to 300" in done.stderr


@pytest.mark.falkordb_only
def test_the_sockets_fallback_folder_is_refused_when_another_user_owns_it(tmp_path, backend):
    """A data directory too deep for a unix socket path puts the socket in /tmp, where anyone can create
    the folder first; the server must not reuse a folder another user owns."""
    from registry.errors import StoreUnavailable
    from registry.stores.embedded_server import EmbeddedServer

    deep = tmp_path / ("d" * 60) / ("e" * 60) / "home"
    server = EmbeddedServer(deep)
    folder = server.socket_path.parent
    assert str(folder).startswith("/tmp/"), "the socket falls back to /tmp for a deep data directory"
    folder.mkdir(mode=0o777)
    try:
        os.chown(folder, 65534, 65534)  # nobody
        with pytest.raises(StoreUnavailable, match="belongs to another user"):
            server.ensure_running()
        assert not server.is_running()
    finally:
        os.rmdir(folder)
