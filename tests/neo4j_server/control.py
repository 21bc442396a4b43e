"""Start real Neo4j servers for tests and benchmarks, without Docker.

One JVM (the launcher built from this folder's pom.xml) hosts several independent embedded Neo4j
DBMSs; each has its own folder, its own Bolt port on 127.0.0.1 and the same ``neo4j`` password.

    from neo4j_server.control import Neo4jLauncher, LauncherUnavailable, build

    build()  # runs Maven once; raises LauncherUnavailable when mvn/java are missing or the build fails
    with Neo4jLauncher().start(tmp_path, "a-password") as launcher:
        uri = launcher.server("a")  # "bolt://127.0.0.1:PORT", user neo4j
        ...

Stdlib only. See README.md beside this file for the protocol and the figures.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

HERE = Path(__file__).resolve().parent
TARGET = HERE / "target"
MAIN_CLASS = "coordreg.testserver.Neo4jTestServer"
PASSWORD_VARIABLE = "COORDREG_NEO4J_PASSWORD"
# Written after a successful build; the build is redone when the pom or a Java source is newer.
BUILD_STAMP = TARGET / "build.stamp"
BUILD_TIMEOUT = 1800.0

NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]+")

# What Neo4j 5.26 needs on Java 17 and 21 (as its own launch script passes), and what keeps one JVM
# small on a 2-core machine.
JVM_OPTIONS: tuple[str, ...] = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dlog4j2.disable.jmx=true",
    "-XX:+UseSerialGC",
    "-XX:ActiveProcessorCount=2",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    # The JVM's own warnings go to stdout by default: stdout is the protocol channel.
    "-XX:+DisplayVMOutputToStderr",
)
# Newer JVMs warn (on stderr) about native access and sun.misc.Unsafe unless these are given.
JVM_OPTIONS_21: tuple[str, ...] = ("--enable-native-access=ALL-UNNAMED",)
JVM_OPTIONS_23: tuple[str, ...] = ("--sun-misc-unsafe-memory-access=allow",)
# C1 only: the first server starts in ~11 s instead of ~18 s on 2 cores, and short test workloads
# run as fast or faster. A benchmark of steady-state throughput should pass quick_start=False.
QUICK_START_OPTIONS: tuple[str, ...] = ("-XX:TieredStopAtLevel=1",)


class LauncherUnavailable(RuntimeError):
    """The launcher cannot be built or run here (no mvn, no java, failed build): tests should skip."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LauncherError(RuntimeError):
    """The launcher answered a command with an error, died, or did not answer in time."""


# ---- build ----


def _sources() -> list[Path]:
    return [HERE / "pom.xml", *sorted((HERE / "src").rglob("*.java"))]


def _built(target: Path = TARGET) -> bool:
    stamp = target / "build.stamp"
    if not stamp.exists() or not (target / "classes").is_dir():
        return False
    if not any((target / "lib").glob("neo4j-kernel-*.jar")) or not any((target / "plugins").glob("apoc-core-*.jar")):
        return False
    newest_source = max(path.stat().st_mtime for path in _sources())
    return stamp.stat().st_mtime >= newest_source


def _last_error_line(output: str) -> str:
    """The telling line of Maven's output: its first non-empty [ERROR] line, else its last line."""
    lines = [line.strip() for line in re.sub(r"\x1b\[[0-9;]*m", "", output).splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("[ERROR]") and len(line) > len("[ERROR] ")]
    picked = errors[0] if errors else (lines[-1] if lines else "no output")
    return picked[:300]


@contextlib.contextmanager
def _build_lock() -> Iterator[None]:
    """Serialises builds between processes (pytest-xdist workers building at once)."""
    TARGET.mkdir(exist_ok=True)
    with open(TARGET / "build.lock", "w") as handle:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, builds are rare
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def find_java(java_home: str | None = None) -> str:
    """The java executable: JAVA_HOME/bin/java for the given java_home, else `java` on PATH."""
    if java_home:
        java = Path(java_home) / "bin" / "java"
        if not java.is_file():
            raise LauncherUnavailable(f"no java executable at {java}")
        return str(java)
    found = shutil.which("java")
    if found is None:
        raise LauncherUnavailable("java is not installed (Neo4j 5.26 needs Java 17 or 21 on PATH)")
    return found


def java_major(java: str) -> int:
    """The Java feature version (17, 21, 25...) of a java executable; 17 when it cannot be told."""
    release = Path(java).resolve().parent.parent / "release"
    text = ""
    with contextlib.suppress(OSError):
        text = release.read_text()
    match = re.search(r'^JAVA_VERSION="(\d+)', text, re.MULTILINE)
    if match is None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            result = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False)
            match = re.search(r'version "(\d+)', result.stderr)
    return int(match.group(1)) if match else 17


def build(quiet: bool = True) -> Path:
    """Builds the launcher with Maven unless it is already built and up to date; returns target/.

    The first build downloads about 150 MB of jars from Maven Central into Maven's local repository
    (~/.m2); later builds work offline.
    """
    if _built():
        return TARGET
    find_java()
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LauncherUnavailable("Maven (mvn) is not installed, so the Neo4j test launcher cannot be built")
    with _build_lock():
        if _built():  # another process built it while this one waited
            return TARGET
        command = [mvn, "-B", "package"]
        if quiet:
            command.insert(1, "-q")
        started = time.monotonic()
        try:
            result = subprocess.run(
                command,
                cwd=HERE,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if quiet else None,
                stderr=subprocess.STDOUT if quiet else None,
                text=True,
                timeout=BUILD_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise LauncherUnavailable(
                f"the Maven build of the Neo4j test launcher took over {error.timeout:.0f} s"
            ) from None
        except OSError as error:
            raise LauncherUnavailable(f"could not run Maven: {error}") from None
        if result.returncode != 0:
            detail = _last_error_line(result.stdout or "") if quiet else "see the output above"
            raise LauncherUnavailable(
                f"the Maven build of the Neo4j test launcher failed (exit {result.returncode}): {detail}"
            )
        BUILD_STAMP.write_text(f"built by {' '.join(command)} in {time.monotonic() - started:.1f} s\n")
        if not _built():
            raise LauncherUnavailable(
                "the Maven build of the Neo4j test launcher did not produce target/lib and plugins"
            )
    return TARGET


# ---- the launcher process ----


def _tail(path: Path, limit: int = 3000) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - limit))
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


class Neo4jLauncher:
    """One launcher JVM; `server(name)` gives each name an independent Neo4j DBMS of its own."""

    def __init__(self, target: Path = TARGET) -> None:
        self.target = target
        self.root: Path | None = None
        self.log_path: Path | None = None
        self.started_at: float | None = None
        self.ready_seconds: float | None = None
        self._process: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader: threading.Thread | None = None
        self._log: IO[bytes] | None = None
        self._command_lock = threading.Lock()

    # -- lifecycle --

    def start(
        self,
        root: Path,
        password: str,
        java_home: str | None = None,
        settings: Mapping[str, str] | None = None,
        *,
        servers: Sequence[str] = (),
        heap: str = "1g",
        quick_start: bool = True,
        jvm_options: Sequence[str] = (),
        timeout: float = 120.0,
    ) -> Neo4jLauncher:
        """Starts the JVM and waits for `ready`; returns self.

        root: each server lives in root/NAME; the JVM's stderr goes to root/launcher.log.
        settings: Neo4j settings (raw strings) for every server, e.g. {"db.transaction.timeout": "10s"}.
        servers: names to start before `ready` (their URIs are then ready at once).
        quick_start: C1-only JIT (faster start, fine for tests); False for steady-state benchmarks.
        jvm_options: extra JVM options, after the built-in ones (so they can override them).
        """
        if self._process is not None:
            raise LauncherError("this launcher is already started")
        if len(password) < 8:
            raise ValueError("Neo4j needs a password of at least 8 characters")
        for name in servers:
            self._check_name(name)
        java = find_java(java_home)
        classes = self.target / "classes"
        if not classes.is_dir():
            raise LauncherUnavailable(f"the launcher is not built ({classes} is missing): call build() first")
        root = Path(root).resolve()
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.log_path = root / "launcher.log"
        classpath = os.pathsep.join([str(classes), str(self.target / "lib" / "*"), str(self.target / "plugins" / "*")])
        options = [f"-Xmx{heap}", *JVM_OPTIONS]
        major = java_major(java)
        if major >= 21:
            options += JVM_OPTIONS_21
        if major >= 23:
            options += JVM_OPTIONS_23
        if quick_start:
            options += QUICK_START_OPTIONS
        command = [java, *options, *jvm_options, "-cp", classpath, MAIN_CLASS, "--root", str(root)]
        command += ["--plugins", str(self.target / "plugins")]
        for key, value in (settings or {}).items():
            command += ["--setting", f"{key}={value}"]
        for name in servers:
            command += ["--start", name]
        env = dict(os.environ)
        env[PASSWORD_VARIABLE] = password
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in close()
        self.started_at = time.monotonic()
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
            cwd=root,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self._reader = threading.Thread(target=self._read_stdout, name="neo4j-launcher-stdout", daemon=True)
        self._reader.start()
        try:
            while True:
                line = self._next_line(self.started_at + timeout, "ready")
                if line == "ready":
                    break
                if line.startswith("error "):
                    raise LauncherError(f"the launcher could not start a server: {line}{self._stderr_tail()}")
        except BaseException:
            self.close(timeout=10)
            raise
        self.ready_seconds = time.monotonic() - self.started_at
        return self

    def close(self, timeout: float = 60.0) -> int | None:
        """Closes stdin (the launcher then shuts every server down), waits, terminates if it must.

        Returns the JVM's exit code (0 after a clean shutdown), or None when it never started.
        """
        process = self._process
        if process is None:
            return None
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.terminate()  # SIGTERM: the launcher's handler still shuts the servers down
            try:
                code = process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait(10)
        if self._reader is not None:
            self._reader.join(5)
        if process.stdout is not None:
            process.stdout.close()
        if self._log is not None:
            self._log.close()
            self._log = None
        return code

    def __enter__(self) -> Neo4jLauncher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    @property
    def pid(self) -> int:
        """The launcher JVM's own process id."""
        if self._process is None:
            raise LauncherError("the launcher is not started")
        return self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    # -- servers --

    def server(self, name: str, timeout: float = 180.0) -> str:
        """Starts server `name` unless it runs already; returns its bolt://127.0.0.1:PORT URI."""
        reply = self._command(f"start {self._check_name(name)}", ("started", "error"), name, timeout)
        words = reply.split()
        if words[0] == "error":
            raise LauncherError(
                f"Neo4j server {name!r} did not start: {reply[len('error ' + name) + 1 :]}{self._stderr_tail()}"
            )
        return f"bolt://127.0.0.1:{int(words[2])}"

    def stop_server(self, name: str, timeout: float = 120.0) -> None:
        """Shuts server `name` down (its folder stays; a later server(name) starts it again)."""
        reply = self._command(f"stop {self._check_name(name)}", ("stopped", "error"), name, timeout)
        if reply.startswith("error"):
            raise LauncherError(f"Neo4j server {name!r} did not stop cleanly: {reply}{self._stderr_tail()}")

    # -- internals --

    @staticmethod
    def _check_name(name: str) -> str:
        if not NAME_PATTERN.fullmatch(name):
            raise ValueError(f"a server name is letters, digits, '_' and '-' only: {name!r}")
        return name

    def _read_stdout(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        for line in process.stdout:
            self._lines.put(line.rstrip("\r\n"))
        self._lines.put(None)

    def _next_line(self, deadline: float, waiting_for: str) -> str:
        remaining = deadline - time.monotonic()
        try:
            line = self._lines.get(timeout=max(0.0, remaining))
        except queue.Empty:
            raise LauncherError(f"the Neo4j launcher gave no {waiting_for!r} in time{self._stderr_tail()}") from None
        if line is None:
            self._lines.put(None)  # later waits see the end too
            code = self._process.wait(10) if self._process is not None else None
            raise LauncherError(
                f"the Neo4j launcher exited (code {code}) while waiting for {waiting_for!r}{self._stderr_tail()}"
            )
        return line

    def _command(self, command: str, kinds: tuple[str, ...], name: str, timeout: float) -> str:
        process = self._process
        if process is None or process.stdin is None:
            raise LauncherError("the launcher is not started")
        with self._command_lock:
            try:
                process.stdin.write(command + "\n")
                process.stdin.flush()
            except (OSError, ValueError) as error:
                raise LauncherError(f"the Neo4j launcher is gone ({error}){self._stderr_tail()}") from None
            deadline = time.monotonic() + timeout
            while True:
                line = self._next_line(deadline, command)
                words = line.split(maxsplit=2)
                if len(words) >= 2 and words[0] in kinds and words[1] == name:
                    return line
                if len(words) >= 2 and words[0] == "error" and words[1] == "-":
                    raise LauncherError(f"the Neo4j launcher refused {command!r}: {line}")
                # Anything else is a late answer to an earlier command that timed out: skip it.

    def _stderr_tail(self) -> str:
        if self.log_path is None:
            return ""
        tail = _tail(self.log_path).strip()
        return f"\n--- end of {self.log_path} ---\n{tail}" if tail else ""


def main(argv: Sequence[str]) -> int:
    """`python control.py build` builds; `python control.py run ROOT NAME...` starts servers until Enter."""
    if not argv or argv[0] not in ("build", "run"):
        print(main.__doc__, file=sys.stderr)
        return 2
    try:
        print(build(quiet=False))
        if argv[0] == "run":
            password = os.environ.get(PASSWORD_VARIABLE, "coordreg-test")
            with Neo4jLauncher().start(Path(argv[1]), password, servers=argv[2:]) as launcher:
                print(f"ready in {launcher.ready_seconds:.1f} s, pid {launcher.pid}, password {password!r}")
                for name in argv[2:]:
                    print(name, launcher.server(name))
                input("press Enter to stop\n")
    except LauncherUnavailable as error:
        print(f"unavailable: {error.reason}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
