"""How long `coordreg` commands take from the shell, on the seed registry (issue 17: ≤ 300 ms).

    python -m benchmarks.cli_timing [--runs 21] [--write]

A data folder of its own gets the seed registry (`coordreg load`) and its embedded store is left running, as it
is between a person's commands. Each command runs once to warm up (the first whole-registry query keeps its
snapshot); then ``--runs`` rounds run every command once more, each in a fresh interpreter as a shell starts
it, and the median and the fastest wall-clock time of each are printed as a table. Timings depend on the
machine and its load, so the load average is printed beside them. ``--write`` puts the table into
BENCHMARKS.md, between the ``cli-start`` markers. tests/test_cli_startup.py checks what the commands import,
which does not depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import sections

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- cli-start -->", "<!-- /cli-start -->"
TARGET_MS = 300.0

#: What a person types, after ``coordreg``; the seed query once filtered (answered live by the store) and once
#: whole (answered from the registry version's snapshot file).
COMMANDS = (
    ("--help",),
    ("queries",),
    ("describe", "typology_matrix"),
    ("status",),
    ("query", "typology_matrix", "--param", "country=ARG"),
    ("query", "typology_matrix"),
)


def coordreg_command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m registry.cli``."""
    script = Path(sys.executable).with_name("coordreg")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "registry.cli"]


def run_once(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


def measure(runs: int) -> tuple[list[tuple[str, float, float]], str, str]:
    home = Path(tempfile.mkdtemp(prefix="coordreg-cli-timing-"))
    env = {**os.environ, "COORDREG_HOME": str(home)}
    env.pop("COORDREG_GRAPH", None)
    base = coordreg_command()
    try:
        subprocess.run([*base, "load"], env=env, check=True, stdout=subprocess.DEVNULL)
        commands = [[*base, *args] for args in COMMANDS]
        for command in commands:
            run_once(command, env)  # warm-up: the file cache, and the whole-registry answer's snapshot
        before = _load_average()
        times: list[list[float]] = [[] for _ in commands]
        # Round after round, each command once: a burst of other work on the machine slows every command alike.
        for _ in range(runs):
            for command, taken in zip(commands, times, strict=True):
                taken.append(run_once(command, env))
        results = [
            ("coordreg " + " ".join(args), statistics.median(taken), min(taken))
            for args, taken in zip(COMMANDS, times, strict=True)
        ]
        return results, before, _load_average()
    finally:
        subprocess.run([*base, "stop"], env=env, check=False, stdout=subprocess.DEVNULL)
        shutil.rmtree(home, ignore_errors=True)


def _load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def table(results: list[tuple[str, float, float]]) -> str:
    lines = ["| command | median (ms) | fastest (ms) | target ≤ 300 ms |", "|---|---|---|---|"]
    for name, median, fastest in results:
        verdict = "met" if median <= TARGET_MS else "**missed**"
        lines.append(f"| `{name}` | {median:,.0f} | {fastest:,.0f} | {verdict} |")
    return "\n".join(lines)


def write_section(text: str, path: Path = ROOT / "BENCHMARKS.md") -> None:
    """Replace what lies between the markers (or add the section at the end)."""
    sections.write_section(path, f"{BEGIN}\n{text.strip()}\n{END}", BEGIN, END)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each command (default 21)")
    parser.add_argument("--write", action="store_true", help="put the table into BENCHMARKS.md")
    args = parser.parse_args()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    results, before, after = measure(args.runs)
    shown = table(results)
    print(shown)
    print(f"\n{args.runs} runs each, {when}; load average (1, 5, 15 min) before {before}, after {after}")
    if args.write:
        write_section(SECTION.format(runs=args.runs, when=when, before=before, after=after, table=shown))


SECTION = """## CLI start-up

How long a `coordreg` command takes from the shell, each run a fresh interpreter: the median and the fastest of
{runs} runs of the installed command on the seed registry (embedded store, already running), {when}, from
`python -m benchmarks.cli_timing --runs {runs}`. Load average (1, 5, 15 min) before {before}, after {after}: the
machine's two cores were shared with other work, which slows every figure.

{table}

Before issue 17's changes, on the same machine (2026-11-29 23:01 UTC): `status` 1,448 ms and the whole-registry
`query typology_matrix` 1,546 ms (medians). A command that opens a store now imports neither pandas nor redis-py:

- a query's answer carries the store's rows, printed as they are; its pandas frame is built only where a page or
  a Python step asks for one (`QueryResult.frame`, registry/stores/base.py);
- the embedded store reads over its own small client (registry/stores/falkordb_wire.py: RESP on the unix
  socket, parsed by hiredis), not the FalkorDB client library, whose redis-py imports its asyncio client
  whatever is used (0.15-0.3 s here); writes still go through the library.

`query typology_matrix --param country=ARG` is answered live by the store. Without a filter the same query is
read from the registry version's snapshot, an Arrow file. A small file (up to 256 KiB, as every answer on the
seed) is read with nanoarrow, which imports in milliseconds; pyarrow, which imports NumPy (0.15-0.3 s here), reads
only the large files of big registries, where it is many times faster (registry/queries/snapshot.py). The rest of
a command's time is the interpreter, click and coordreg's own modules. tests/test_cli_startup.py checks what each
command imports, which unlike a timing does not depend on the machine."""


if __name__ == "__main__":
    main()
