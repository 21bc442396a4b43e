"""The command-line reference, walked from the click definitions of ``registry.cli.main``.

Usage lines are assembled from click's own pieces rather than its help
formatter, which wraps to the width of the terminal it runs in.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import click

from tools.docs_reference import markdown as md

PROG = "coordreg"


def _type(param: click.Parameter) -> str:
    kind = param.type
    if isinstance(param, click.Option) and param.is_flag:
        return "flag"
    if isinstance(kind, click.Choice):
        return " \\| ".join(md.code(str(c)) for c in kind.choices)
    if isinstance(kind, click.IntRange):
        low = "" if kind.min is None else str(kind.min)
        high = "" if kind.max is None else str(kind.max)
        return f"integer ({low}..{high})"
    if isinstance(kind, click.Path):
        return "path"
    return {"integer": "integer", "float": "number", "text": "text", "boolean": "true/false"}.get(kind.name, kind.name)


def _default(param: click.Parameter, context: click.Context) -> str:
    if param.required:
        return "required"
    value: Any = param.get_default(context, call=False)
    if type(value).__name__ == "Sentinel":  # click 8.3 marks "no default" with a sentinel of its own
        value = None
    if callable(value) or value is None or value == () or (isinstance(param, click.Option) and param.is_flag):
        if isinstance(param, click.Option) and param.is_flag and param.secondary_opts:
            return md.code(param.opts[0] if value else param.secondary_opts[0])
        return ""
    if isinstance(value, Path):
        value = value.as_posix()
    return md.code(str(value))


def _names(param: click.Parameter) -> str:
    if isinstance(param, click.Argument):
        return md.code((param.metavar or param.name or "").upper()) + (" …" if param.nargs == -1 else "")
    names = [*param.opts, *param.secondary_opts]
    shown = ", ".join(md.code(n) for n in names)
    if isinstance(param, click.Option) and param.metavar:
        shown += f" {md.code(param.metavar)}"
    if param.multiple:
        shown += " (repeatable)"
    return shown


def _help(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return md.text(param.help or "")
    return ""


def _usage(command: click.Command, context: click.Context) -> str:
    return " ".join([context.command_path, *command.collect_usage_pieces(context)])


def _params_table(command: click.Command, context: click.Context) -> str:
    rows = [[_names(p), _type(p), _default(p, context), _help(p)] for p in command.get_params(context)]
    return md.table(["argument or option", "type", "default", "meaning"], rows)


def _doc(command: click.Command) -> str:
    return md.text(inspect.cleandoc(command.help or ""))


def pages() -> list[tuple[str, str]]:
    from registry.cli import main

    root = click.Context(main, info_name=PROG)
    blocks = [
        "# Command line\n\n"
        "Every `coordreg` command, generated from its click definition in `registry/cli/` (one module per group "
        "of commands). `coordreg COMMAND --help` prints the same in a terminal. The global options come "
        "before the command: `coordreg --graph bolt://localhost:7687 status`.",
        "## coordreg {#coordreg}",
        _doc(main),
        md.fenced(_usage(main, root), "text"),
        _params_table(main, root),
    ]
    index = []
    for name in main.list_commands(root):
        command = main.get_command(root, name)
        if command is None or command.hidden:
            continue
        context = click.Context(command, info_name=name, parent=root)
        index.append([f"[`{name}`](#{md.anchor('coordreg', name)})", md.text(command.get_short_help_str(limit=200))])
        blocks += [
            f"## coordreg {name} {{#{md.anchor('coordreg', name)}}}",
            _doc(command),
            md.fenced(_usage(command, context), "text"),
            _params_table(command, context),
        ]
    blocks.insert(1, md.table(["command", "what it does"], index))
    return [("cli.md", md.page(*blocks))]
