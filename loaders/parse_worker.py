"""A parsing worker for ``loaders.parallel``: NUL-separated paths on stdin, one pickled answer per file on stdout.

Each answer is ``(data, problems)`` from ``read_yaml_data``, written as soon as
the file is parsed, in the order the paths came.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from pathlib import Path

from loaders.yaml_cases import read_yaml_data


def main() -> None:
    # Each file's values are dropped once sent and hold no cycle: the collector would only walk them in vain.
    gc.disable()
    paths = [Path(os.fsdecode(raw)) for raw in sys.stdin.buffer.read().split(b"\0") if raw]
    out = sys.stdout.buffer
    for path in paths:
        pickle.dump(read_yaml_data(path), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


if __name__ == "__main__":
    main()
