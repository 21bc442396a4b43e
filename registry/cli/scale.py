"""`coordreg generate` and `coordreg bench`: synthetic registries and the scale benchmark.

Registered on the main group in ``registry.cli``. Like every command, they
only parse options and call the library.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import click

from registry.cli.language import say
from registry.cli.progress import Activity
from registry.errors import CoordregError


@click.command()
@click.option("--practices", type=click.IntRange(min=1), required=True, help="How many practices (case files).")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same files.")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="A new or empty folder.")
def generate(practices: int, seed: int, out: Path) -> None:
    """Write a synthetic registry of valid case files (for scale tests and demos)."""
    from registry.synthetic import generate_registry

    with Activity(say("cli_progress_generating", "writing {practices} synthetic practice(s)", practices=practices)):
        written = generate_registry(practices, seed, out)
    click.echo(say("cli_generated", "wrote {files} file(s) for {practices} practice(s) to {out}", files=len(written),
                   practices=practices, out=out))  # fmt: skip


def _benchmark_module() -> ModuleType:
    """The benchmark lives beside the package in a source checkout (it is not part of the library)."""
    try:
        import benchmarks.scale as scale
    except ImportError:
        checkout = Path(__file__).resolve().parents[2]  # registry/cli/scale.py -> the checkout
        if not (checkout / "benchmarks" / "scale.py").is_file():
            raise CoordregError(
                say("cli_bench_missing", "the benchmark is not installed; run `coordreg bench` from a source "
                    "checkout of coordreg")
            ) from None  # fmt: skip
        sys.path.insert(0, str(checkout))
        import benchmarks.scale as scale
    return scale


@click.command()
@click.option(
    "--sizes", default="100,1000,10000", show_default=True, help="Registry sizes (practices), comma-separated."
)
@click.option("--repeats", type=click.IntRange(min=1), default=5, show_default=True, help="Timed runs per named query.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("BENCHMARKS.md"), show_default=True,
              help="The Markdown report.")  # fmt: skip
@click.option("--plot", type=click.Path(path_type=Path), default=Path("benchmarks/scale.png"), show_default=True,
              help="The plot of cost against registry size.")  # fmt: skip
@click.option("--no-app", is_flag=True, help="Skip the app cold-start measurement.")
def bench(sizes: str, repeats: int, out: Path, plot: Path, no_app: bool) -> None:
    """Measure loading, every named query, a pandas + networkx baseline and the app at several registry sizes."""
    try:
        parsed = [int(size) for size in sizes.split(",") if size.strip()]
    except ValueError:
        raise click.BadParameter(
            say("cli_bench_sizes", "'{sizes}' is not a comma-separated list of numbers", sizes=sizes),
            param_hint="--sizes",
        ) from None
    if not parsed or min(parsed) < 1:
        raise click.BadParameter(say("cli_bench_size_min", "give at least one size of 1 or more"), param_hint="--sizes")
    scale = _benchmark_module()
    argv = ["--sizes", ",".join(map(str, parsed)), "--repeats", str(repeats), "--out", str(out), "--plot", str(plot)]
    scale.main(argv + (["--no-app"] if no_app else []))
