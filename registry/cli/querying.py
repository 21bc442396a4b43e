"""`coordreg queries`, `query` and `cypher`: the named queries and the read-only console."""

from __future__ import annotations

import click

from registry.cli.common import CliContext, format_option, param_option, parse_params, seconds
from registry.output import render


@click.command()
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


@click.command()
@click.argument("name")
@param_option
@format_option
@click.pass_obj
def query(obj: CliContext, name: str, param_pairs: tuple[str, ...], fmt: str) -> None:
    """Run a named query."""
    from registry.queries.library import run_named_query

    with obj.store() as store:
        result = run_named_query(store, name, parse_params(param_pairs))
    click.echo(render(result.frame, fmt), nl=False)
    if result.truncated:
        click.echo("note: the store cut this answer at its row limit; narrow the query with parameters.", err=True)


@click.command()
@click.argument("text")
@param_option
@format_option
@click.option("--limit", default=5000, show_default=True, help="Row cap; a note says when rows were cut.")
@click.option(
    "--timeout", "timeout_s", default=10.0, show_default=True, callback=seconds, help="Time limit in seconds."
)
@click.pass_obj
def cypher(obj: CliContext, text: str, param_pairs: tuple[str, ...], fmt: str, limit: int, timeout_s: float) -> None:
    """Run a read-only Cypher query (writes are refused)."""
    from registry.console import run_console_query

    with obj.store() as store:
        result = run_console_query(
            store, text, parse_params(param_pairs), timeout_ms=int(timeout_s * 1000), row_cap=limit
        )
    click.echo(render(result.frame, fmt), nl=False)
    if result.truncated:
        click.echo(f"note: only the first {limit} rows are shown; the result was truncated.", err=True)
