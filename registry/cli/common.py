"""What every `coordreg` command shares: the store it opens, parameters, problems and errors printed in one line."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from registry.cli.display import FORMATS
from registry.cli.language import language, say
from registry.errors import CaseValidationError, CoordregError, Problem

if TYPE_CHECKING:  # imported where used: `coordreg app` starts faster without pandas and the store client
    from registry.registry_folder import RegistryFolder
    from registry.schema.bundle import HeldRegistry
    from registry.stores import GraphStore


class CliContext:
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

    def registry_folder(self, explicit: Path | None = None) -> RegistryFolder:
        """The folder the registry's case files are kept in (the store is opened only for the default one)."""
        from registry.registry_folder import named_folder, registry_folder_for

        named = named_folder(explicit)
        if named is not None:
            return named
        with self.store() as store:
            return registry_folder_for(store)

    def held_registry(self) -> HeldRegistry | None:
        """What the configured store holds, to check files against; None (said in one line) when unreachable."""
        from registry.held_registry import read_held

        try:
            with self.store() as store:
                return read_held(store)
        except CoordregError as exc:
            click.echo(checked_alone(exc), err=True)
            return None


def checked_alone(problem: Exception) -> str:
    """The note said when files are to be checked against the registry and the store cannot be opened."""
    return say("cli_unreachable_checked_alone",
               "note: the registry cannot be reached ({problem}); these files were checked alone.",
               problem=problem)  # fmt: skip


def parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(
                say("cli_not_key_value", "'{pair}' is not key=value", pair=pair), param_hint="--param"
            )
        params[key.strip()] = value
    return params


def seconds(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """A time limit must be a real number of seconds within what every store allows (nan and inf are not)."""
    from registry.stores.limits import MAX_QUERY_TIMEOUT_MS

    most = MAX_QUERY_TIMEOUT_MS / 1000
    if not math.isfinite(value) or not 0.001 <= value <= most:
        raise click.BadParameter(
            say(
                "cli_seconds_range",
                "give a number of seconds from 0.001 to {most}, not {value}",
                most=f"{most:g}",
                value=value,
            )
        )
    return value


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        if problem.severity == "warning":
            click.echo(say("cli_warning_line", "warning: {problem}", problem=problem), err=True)
        else:
            click.echo(say("cli_error_line", "error: {message}", message=problem), err=True)


def fail(message: str) -> None:
    click.echo(say("cli_error_line", "error: {message}", message=message), err=True)
    sys.exit(1)


class CoordregContext(click.Context):
    """A command's context: its help is written in the command's language (registry/cli/help_text.py)."""

    def make_formatter(self) -> click.HelpFormatter:
        if language(self) == "en":
            return super().make_formatter()
        from registry.cli.help_text import TranslatedHelpFormatter

        return TranslatedHelpFormatter(width=self.terminal_width, max_width=self.max_content_width)


class CoordregGroup(click.Group):
    """Turn coordreg's own errors into one line and exit code 1, never a traceback."""

    context_class = CoordregContext

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            if language() == "en":
                raise  # click shows it, in its own English words
            from registry.cli.refusals import show_usage_error

            show_usage_error(exc)
            sys.exit(exc.exit_code)
        except CaseValidationError as exc:
            print_problems(exc.problems)
            click.echo(say("cli_problems_nothing_written", "error: {count} problem(s) found; nothing was written.",
                           count=len(exc.problems)), err=True)  # fmt: skip
            sys.exit(1)
        except CoordregError as exc:
            fail(str(exc))


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: a table in a terminal, tsv when piped or redirected).",
)
columns_option = click.option(
    "--columns",
    "columns_text",
    metavar="A,B,…",
    default=None,
    help="Only these columns, in this order (comma-separated).",
)
param_option = click.option(
    "--param", "-p", "param_pairs", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable)."
)
registry_folder_option = click.option(
    "--registry-folder",
    type=click.Path(path_type=Path),
    default=None,
    help="The registry folder its case files are kept in (default: one per store in coordreg's data "
    "directory). Env: COORDREG_REGISTRY_DIR.",
)
