"""The `coordreg` command line. Each command opens a store and calls the API;
no Cypher and no analysis live here."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from registry import __version__
from registry.errors import CaseValidationError, CoordregError, Problem
from registry.output import FORMATS, render

if TYPE_CHECKING:  # imported where used: `coordreg app` starts faster without pandas and the store client
    from registry.schema.bundle import HeldRegistry
    from registry.stores import GraphStore


class _Context:
    def __init__(self, graph: str | None):
        self.graph = graph

    @contextmanager
    def store(self) -> Iterator[GraphStore]:
        from registry.stores import open_store

        store = open_store(self.graph)
        try:
            yield store
        finally:
            store.close()

    def held_registry(self) -> HeldRegistry | None:
        """What the configured store holds, to check files against; None (said in one line) when unreachable."""
        from registry.held_registry import read_held

        try:
            with self.store() as store:
                return read_held(store)
        except CoordregError as exc:
            click.echo(f"note: the registry cannot be reached ({exc}); these files were checked alone.", err=True)
            return None


def _params(pairs: tuple[str, ...]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"'{pair}' is not key=value", param_hint="--param")
        params[key.strip()] = value
    return params


def _seconds(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """A time limit must be a real number of seconds within what every store allows (nan and inf are not)."""
    from registry.stores.limits import MAX_QUERY_TIMEOUT_MS

    most = MAX_QUERY_TIMEOUT_MS / 1000
    if not math.isfinite(value) or not 0.001 <= value <= most:
        raise click.BadParameter(f"give a number of seconds from 0.001 to {most:g}, not {value}")
    return value


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        prefix = "warning" if problem.severity == "warning" else "error"
        click.echo(f"{prefix}: {problem}", err=True)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


class _Group(click.Group):
    """Turn coordreg's own errors into one line and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CaseValidationError as exc:
            _print_problems(exc.problems)
            click.echo(f"error: {len(exc.problems)} problem(s) found; nothing was written.", err=True)
            sys.exit(1)
        except CoordregError as exc:
            _fail(str(exc))


format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
)
param_option = click.option(
    "--param", "-p", "param_pairs", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable)."
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coordreg")
@click.option(
    "--graph",
    metavar="URL",
    default=None,
    help="Graph store: 'embedded' (default) or a Neo4j URL (bolt://… / neo4j://…). Env: COORDREG_GRAPH.",
)
@click.pass_context
def main(ctx: click.Context, graph: str | None) -> None:
    """coordreg — a registry of multilevel coordination practices in social security."""
    ctx.obj = _Context(graph)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True, help="Wipe the registry first, then load.")
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--keep-going", is_flag=True, help="Load the valid files even if others have errors.")
@click.option("--replace", is_flag=True, help="Let these files change actors, sources … the registry already holds.")
@click.option("--no-wait", is_flag=True, help="Refuse at once, instead of waiting, while another load writes.")
@click.pass_obj
def load(
    obj: _Context, paths: tuple[Path, ...], rebuild: bool, dry_run: bool, keep_going: bool, replace: bool, no_wait: bool
) -> None:
    """Load case files (YAML or the spreadsheet template). No PATH: the bundled seed registry.

    References to actors, sources, agreements and instruments the registry already holds
    need no declaration: use their ids."""
    from registry.loading import load_paths, validate_paths

    if dry_run:
        from registry.loading import seed_registry_path

        held = None if rebuild else obj.held_registry()
        bundle, problems = validate_paths(list(paths) or [seed_registry_path()], held, replace=replace)
        _print_problems(problems)
        errors = [p for p in problems if p.severity == "error"]
        click.echo(f"dry run: {len(bundle.practices)} practice(s) valid, {len(errors)} error(s); nothing written.")
        sys.exit(1 if errors and not keep_going else 0)
    with obj.store() as store:
        report = load_paths(
            store,
            list(paths),
            rebuild=rebuild,
            keep_going=keep_going,
            replace=replace,
            wait=not no_wait,
            on_wait=lambda: click.echo("waiting: another load, import or edit is writing to this registry…", err=True),
        )
        _print_problems(report.problems + report.warnings)
        if report.removed_by_rebuild:
            shown = ", ".join(report.removed_by_rebuild[:10]) + (" …" if len(report.removed_by_rebuild) > 10 else "")
            click.echo(
                f"--rebuild removed {len(report.removed_by_rebuild)} practice(s) that these files do not hold: {shown}",
                err=True,
            )
        for skipped in report.skipped:
            click.echo(f"skipped: {skipped}", err=True)
        counts = store.counts()
    click.echo(
        f"loaded {report.practices_written} practice(s) from {report.files_written} file(s); "
        f"the registry holds {counts['nodes']} nodes and {counts['relationships']} relationships."
    )
    if report.skipped:
        # --keep-going loaded what it could; the command still failed for what it left out.
        unread = f" and {report.files_unread} file(s) that could not be read" if report.files_unread else ""
        click.echo(
            f"error: {report.practices_skipped} practice(s){unread} were skipped because of the errors above; "
            "fix them and load again.",
            err=True,
        )
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Check as `load --replace` would: changes to registry entities allowed.")
@click.pass_obj
def validate(obj: _Context, paths: tuple[Path, ...], replace: bool) -> None:
    """Check case files without loading them, against the registry `load` would write to."""
    from registry.loading import validate_paths
    from registry.schema.bundle import UNDECLARED

    # The files alone first: what the registry cannot mend (a broken file, a bomb) is refused before the store
    # is opened, so a refused file costs no more memory than the file itself.
    bundle, problems = validate_paths(list(paths), replace=replace)
    if any(p.severity == "error" and UNDECLARED not in p.message for p in problems):
        problems = [p for p in problems if UNDECLARED not in p.message]
    else:
        bundle, problems = validate_paths(list(paths), obj.held_registry(), replace=replace)
    _print_problems(problems)
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    if errors:
        click.echo(f"{len(errors)} error(s), {warnings} warning(s).", err=True)
        sys.exit(1)
    click.echo(f"ok: {len(bundle.files)} file(s), {len(bundle.practices)} practice(s), {warnings} warning(s).")


@main.command()
@format_option
def queries(fmt: str) -> None:
    """List the named queries with their titles and parameters."""
    import pandas as pd

    from registry.queries.library import list_queries

    rows = []
    for name, query in list_queries().items():
        params = [
            f"{p.name}:{p.type}" + ("" if not p.required else "!") + ("" if p.default is None else f"={p.default}")
            for p in query.header.parameters
        ]
        rows.append({"name": name, "title": query.header.title, "parameters": params,
                     "source": "built-in" if query.builtin else "saved"})  # fmt: skip
    click.echo(render(pd.DataFrame(rows), fmt), nl=False)


@main.command()
@click.argument("name")
@param_option
@format_option
@click.pass_obj
def query(obj: _Context, name: str, param_pairs: tuple[str, ...], fmt: str) -> None:
    """Run a named query."""
    from registry.queries.library import run_named_query

    with obj.store() as store:
        result = run_named_query(store, name, _params(param_pairs))
    click.echo(render(result.frame, fmt), nl=False)
    if result.truncated:
        click.echo("note: the store cut this answer at its row limit; narrow the query with parameters.", err=True)


@main.command()
@click.argument("text")
@param_option
@format_option
@click.option("--limit", default=5000, show_default=True, help="Row cap; a note says when rows were cut.")
@click.option(
    "--timeout", "timeout_s", default=10.0, show_default=True, callback=_seconds, help="Time limit in seconds."
)
@click.pass_obj
def cypher(obj: _Context, text: str, param_pairs: tuple[str, ...], fmt: str, limit: int, timeout_s: float) -> None:
    """Run a read-only Cypher query (writes are refused)."""
    from registry.console import run_console_query

    with obj.store() as store:
        result = run_console_query(store, text, _params(param_pairs), timeout_ms=int(timeout_s * 1000), row_cap=limit)
    click.echo(render(result.frame, fmt), nl=False)
    if result.truncated:
        click.echo(f"note: only the first {limit} rows are shown; the result was truncated.", err=True)


@main.command()
@click.option("--format", "fmt", required=True, type=click.Choice(
    ["yaml", "csv", "json", "graphml", "gexf", "cypher", "xlsx"]), help="Export format.")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), default=None, help="File or folder (default: stdout).")
@click.pass_obj
def export(obj: _Context, fmt: str, out: Path | None) -> None:
    """Export the registry (yaml and csv write a folder; the others one file)."""
    from registry.export import export_registry

    with obj.store() as store:
        written = export_registry(store, fmt, out)
    if out is None and isinstance(written, str):
        click.echo(written, nl=False)
    else:
        click.echo(f"exported {fmt} to {out}", err=True)


@main.command()
@click.option("--port", type=int, default=None, help="HTTP port (default: Streamlit's, or STREAMLIT_SERVER_PORT).")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but localhost serves other machines: visitors can then only read, "
    "and importing, editing and saving queries need a login (COORDREG_APP_TOKEN or Streamlit's OIDC).",
)
@click.option("--headless/--browser", default=False, help="Do not open a browser window.")
@click.pass_obj
def app(obj: _Context, port: int | None, host: str, headless: bool) -> None:
    """Open the Streamlit app on the same store (the seed registry is loaded into an empty one)."""
    import subprocess
    from importlib import resources

    from registry.app_support.limits import MAX_UPLOAD_MB

    entry = Path(str(resources.files("registry"))).parent / "app_streamlit.py"
    if not entry.is_file():
        _fail(f"the app's entry script is missing ({entry}); reinstall coordreg")
    # app_pages.launch runs Streamlit and, while the browser loads, starts the store and prepares the first page.
    command = [sys.executable, "-m", "app_pages.launch", "run", str(entry), "--server.address", host]
    if port is not None:
        command += ["--server.port", str(port)]
    if headless:
        command += ["--server.headless", "true"]
    # Also set in .streamlit/config.toml; repeated here for installs that do not ship that file.
    # No usage statistics: the app makes no request beyond this machine.
    command += ["--browser.gatherUsageStats", "false", "--server.maxUploadSize", str(MAX_UPLOAD_MB)]
    # No look-up of the machine's external address (Streamlit fetches one to print a URL) and no e-mail prompt.
    command += ["--browser.serverAddress", "localhost" if host in {"0.0.0.0", "::"} else host]  # noqa: S104
    command += ["--server.showEmailPrompt", "false"]
    command += ["--client.toolbarMode", "viewer", "--client.showErrorDetails", "none"]
    env = dict(os.environ)
    if obj.graph:
        env["COORDREG_GRAPH"] = obj.graph
    # The pages read it to decide who may write (registry/app_support/access.py).
    env["COORDREG_APP_HOST"] = host
    if os.name == "posix":
        # Become Streamlit: a signal sent to `coordreg app` (Ctrl-C, a service manager, a test
        # ending the process) then reaches the server itself instead of orphaning it.
        os.execve(sys.executable, command, env)  # noqa: S606 - fixed argv, no shell
    try:
        sys.exit(subprocess.call(command, env=env))
    except KeyboardInterrupt:  # Ctrl-C stops Streamlit too; leave without a traceback
        sys.exit(0)


@main.command()
@click.pass_obj
def status(obj: _Context) -> None:
    """Which store, where, and how many nodes and relationships it holds."""
    with obj.store() as store:
        counts = store.counts()
        click.echo(store.describe())
    click.echo(f"nodes: {counts['nodes']}")
    click.echo(f"relationships: {counts['relationships']}")


@main.command()
def stop() -> None:
    """Stop the embedded store server of the current data directory."""
    from registry.stores.embedded_server import EmbeddedServer

    server = EmbeddedServer()
    if server.stop():
        click.echo(f"stopped the embedded store of {server.paths.home}")
    else:
        click.echo(f"no embedded store was running for {server.paths.home}")


from registry.cli_scale import bench, generate  # noqa: E402

main.add_command(generate); main.add_command(bench)  # fmt: skip  # noqa: E702


if __name__ == "__main__":  # pragma: no cover
    main()
