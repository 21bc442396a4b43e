"""Parse many YAML case files on every core.

Parsing is most of a large load's validation — PyYAML builds every value in
Python, even with libyaml underneath — and each file parses independently. So
a big folder is parsed by worker processes while this process checks each
parsed file against the case model. Small loads (the seed registry) stay in
one process: starting workers costs more than it saves there.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Generator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from loaders.yaml_cases import read_yaml_data
from registry.errors import Problem

# Below this many files a load parses in about a second on one core: not worth the workers' start-up.
PARALLEL_MIN_FILES = 200
_MOST_WORKERS = 8
_FILES_PER_TASK = 32


def worker_count(files: int) -> int:
    """How many parsing processes a load of ``files`` YAML files uses (1 = parse here)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(cores, _MOST_WORKERS))


def parsed_yaml_files(paths: list[Path]) -> Generator[tuple[Path, Any, list[Problem]], None, None]:
    """Each file's parsed data and problems, in the order of ``paths``."""
    workers = worker_count(len(paths))
    done = 0
    # Workers are forked (spawned ones would re-import the caller's main script, which a stdin script or
    # an embedding app may not have); forking is only safe from a process running no other thread, so a
    # threaded caller — the Streamlit app — parses here, in one process.
    if workers > 1 and threading.active_count() == 1:
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                for path, (data, problems) in zip(
                    paths, pool.map(read_yaml_data, paths, chunksize=_FILES_PER_TASK), strict=True
                ):
                    yield path, data, problems
                    done += 1
        except (BrokenProcessPool, OSError):
            # Workers could not start or died (memory, a sandbox): parse the rest here, same results.
            pass
    for path in paths[done:]:
        data, problems = read_yaml_data(path)
        yield path, data, problems
