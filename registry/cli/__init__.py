"""The `coordreg` command line. Each command opens a store and calls the API;
no Cypher and no analysis live here.

One module per group of commands: ``common`` (the store, parameters, errors),
``data`` (load, validate, export, template), ``history``, ``querying`` (queries, query, cypher),
``serve`` (app, status, stop) and ``scale`` (generate, bench); ``language`` says their messages in English or
French (``--lang``). Each imports
only click at the top, so `coordreg --help` stays quick.
"""

from __future__ import annotations

import click

from registry import __version__
from registry.cli.common import CliContext, CoordregContext, CoordregGroup
from registry.cli.data import export, load, template, validate
from registry.cli.history import history
from registry.cli.language import LANGUAGES
from registry.cli.model import schema
from registry.cli.querying import cypher, describe, queries, query
from registry.cli.scale import bench, generate
from registry.cli.serve import app, status, stop

__all__ = ["main"]


@click.group(cls=CoordregGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coordreg")
@click.option(
    "--graph",
    metavar="URL",
    default=None,
    help="Graph store: 'embedded' (default) or a Neo4j URL (bolt://… / neo4j://…). Env: COORDREG_GRAPH.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    is_eager=True,  # read before --help, so that `coordreg --lang fr --help` is French
    help="Language of the messages: en or fr (default: COORDREG_LANG, else a French locale in LANG gives fr, else en).",
)
@click.pass_context
def main(ctx: click.Context, graph: str | None, lang: str | None) -> None:
    """coordreg — a registry of multilevel coordination practices in social security."""
    ctx.obj = CliContext(graph)


for command in (
    load,
    validate,
    queries,
    describe,
    query,
    cypher,
    schema,
    export,
    template,
    history,
    app,
    status,
    stop,
    generate,
    bench,
):
    command.context_class = CoordregContext  # its help in the command's language
    main.add_command(command)
