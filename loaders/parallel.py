"""Parse many YAML case files on every core.

Parsing is most of a large load's validation — PyYAML builds every value in
Python, even with libyaml underneath — and each file parses independently. So
a big folder is parsed by worker processes while this process checks each
parsed file against the case model. Small loads (the seed registry) stay in
one process: starting workers costs more than it saves there.

Workers are plain child interpreters (``python -m loaders.parse_worker``) fed
file paths on stdin, not ``multiprocessing`` pools: a forked pool is unsafe
in a process that runs threads (the app, the benchmark's memory sampler), and
a spawned one re-imports the caller's main script, which a notebook or a
piped script does not have. Any worker failure falls back to parsing here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path
from typing import IO, Any

from loaders.yaml_cases import read_yaml_data
from registry.errors import Problem

# Below this many files a load parses in about a second on one core: not worth the workers' start-up.
PARALLEL_MIN_FILES = 200
_MOST_WORKERS = 8


def worker_count(files: int) -> int:
    """How many parsing processes a load of ``files`` YAML files uses (1 = parse here)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(cores, _MOST_WORKERS))


def _start_worker(paths: list[Path]) -> subprocess.Popen[bytes]:
    worker = subprocess.Popen(
        [sys.executable, "-m", "loaders.parse_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert worker.stdin is not None
    # Paths go in whole before any answer is read: the worker answers as it goes, and the pipe holds them.
    with contextlib.suppress(OSError):
        worker.stdin.write(b"".join(os.fsencode(p) + b"\0" for p in paths))
        worker.stdin.close()
    return worker


def _answer(stream: IO[bytes]) -> tuple[Any, list[Problem]]:
    data, problems = pickle.load(stream)  # noqa: S301 - our own child process, parsing our own files
    return data, problems


def parsed_yaml_files(paths: list[Path]) -> Generator[tuple[Path, Any, list[Problem]], None, None]:
    """Each file's parsed data and problems, in the order of ``paths``."""
    workers_wanted = worker_count(len(paths))
    done = 0
    workers: list[subprocess.Popen[bytes]] = []
    try:
        if workers_wanted > 1:
            # Worker k parses files k, k + n, k + 2n …: reading them in turn restores the order.
            workers = [_start_worker(paths[k::workers_wanted]) for k in range(workers_wanted)]
            for index, path in enumerate(paths):
                stream = workers[index % workers_wanted].stdout
                assert stream is not None
                data, problems = _answer(stream)
                yield path, data, problems
                done += 1
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        pass  # a worker could not start or died (memory, a sandbox): parse the rest here, same results
    finally:
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.kill()
            worker.wait()
    for path in paths[done:]:
        data, problems = read_yaml_data(path)
        yield path, data, problems
