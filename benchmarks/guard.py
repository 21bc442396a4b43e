"""Run a named query with a wall-clock guard the benchmark can rely on.

FalkorDB stops a query at its time limit — but not inside every procedure:
``algo.SPpaths`` enumerating all shortest paths between two hub actors ran for
minutes past a 60 s limit. A benchmark that waited would never finish, and a
query left running would steal a core from every later measurement. So a
query still running on the server well past its limit is declared runaway,
and the benchmark's own store server (never a user's) is killed by its pid and
restarted; the graph comes back from its append-only file.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd
import redis

from registry.errors import StoreUnavailable
from registry.queries.library import run_named_query
from registry.stores.embedded import EmbeddedStore
from registry.stores.embedded_server import EmbeddedServer

GRACE_S = 30.0  # past the query's own limit, before the server is asked whether it is still running it


class RunawayQuery(Exception):
    def __init__(self, seconds: float):
        super().__init__(f"still running on the store after {seconds:.0f} s")
        self.seconds = seconds


def server_running_ms(socket_path: Path, graph: str) -> float | None:
    """How long the server has been executing a query on ``graph`` (None: it runs none)."""
    client = redis.Redis(unix_socket_path=str(socket_path), socket_timeout=5)
    try:
        info = client.execute_command("GRAPH.INFO")
    except redis.RedisError:
        return None
    finally:
        client.close()
    for section, entries in zip(info[::2], info[1::2], strict=False):
        if b"Running" not in section:
            continue
        for entry in entries:
            fields = dict(zip(entry[::2], entry[1::2], strict=False))
            if fields.get(b"Graph name") == graph.encode():
                return float(fields.get(b"Execution duration", 0.0))
    return None


def compact_log(server: EmbeddedServer, timeout_s: float = 600) -> None:
    """Rewrite the benchmark store's append-only file, so a restart loads a snapshot, not every past write."""
    client = redis.Redis(unix_socket_path=str(server.socket_path), socket_timeout=30)
    try:
        client.execute_command("BGREWRITEAOF")
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            info = client.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                return
            time.sleep(0.2)
    finally:
        client.close()


def wait_ready(server: EmbeddedServer, timeout_s: float = 1800) -> None:
    """Start the store (or wait for it): replaying an append-only file can outlast its 20 s start-up wait."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            server.ensure_running()
            return
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


class GuardedGraph:
    """One graph of the benchmark's private store, with runaway queries stopped by a restart."""

    def __init__(self, home: Path, name: str):
        self.home, self.name = home, name
        self.server = EmbeddedServer(home)
        self.store = EmbeddedStore(home, name)
        self.restarts = 0

    def run(
        self, query: str, params: dict[str, Any], timeout_ms: int, *, snapshot: bool = True
    ) -> tuple[float, pd.DataFrame]:
        """Seconds and answer of one run. ``snapshot=False`` runs an unfiltered query live (``run_named_query``);
        snapshots are kept in the benchmark's own data folder, never the user's."""
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                answer = run_named_query(
                    self.store, query, params, timeout_ms=timeout_ms, home=self.home, snapshot=snapshot
                )
                outcome["frame"] = answer.frame
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                outcome["error"] = exc

        started = time.perf_counter()
        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(1.0)
            elapsed = time.perf_counter() - started
            if worker.is_alive() and elapsed > timeout_ms / 1000 + GRACE_S:
                running = server_running_ms(self.server.socket_path, self.name)
                if running is not None and running > timeout_ms + GRACE_S * 1000:
                    self.restart()
                    worker.join(30)
                    raise RunawayQuery(running / 1000)
                # Otherwise the server is done and the client is still reading a large answer: wait.
        elapsed = time.perf_counter() - started
        if "error" in outcome:
            raise outcome["error"]
        return elapsed, outcome["frame"]

    def restart(self) -> None:
        pid = self.server.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)  # our private server: a SIGTERM would wait for the runaway query
        deadline = time.monotonic() + 30
        while self.server.is_running() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.store.close()
        wait_ready(self.server)
        self.store = EmbeddedStore(self.home, self.name)
        self.restarts += 1
