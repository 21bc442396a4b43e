"""`coordreg queries`, `describe`, `query` and `cypher`: the named queries and the read-only console.

Listing and describing queries read only their files' headers, so they never
import pandas or a store client (see tests/test_cli_startup.py).
"""

from __future__ import annotations

import difflib
import json
from typing import TYPE_CHECKING, Any

import click

from registry.cli.common import CliContext, columns_option, format_option, param_option, parse_params, seconds
from registry.cli.display import parse_columns, show_result, show_rows, visible
from registry.cli.language import language, say, translated
from registry.errors import UnknownQuery

if TYPE_CHECKING:
    from registry.queries.headers import QueryParameter
    from registry.queries.library import NamedQuery

#: Queries that feed the app's pages and the exports; they answer no question a person asks directly.
INTERNAL_PREFIXES = ("app_", "export_")


def _parameter_text(param: QueryParameter) -> str:
    """``practice (required)``, ``country``, ``max_hops=4 (1..10)``: short, for the list (describe tells all)."""
    text = param.name + ("" if param.default is None else f"={_default_text(param.default)}")
    if param.required:
        text += say("cli_param_required", " (required)")
    if param.minimum is not None or param.maximum is not None:
        low, high = ("" if bound is None else bound for bound in (param.minimum, param.maximum))
        text += f" ({low}..{high})"
    return text


def _default_text(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(map(str, value)) or "empty"
    return str(value)


def _named_query(name: str) -> NamedQuery:
    """The query called ``name``; an unknown name is refused with the closest one there is."""
    from registry.queries.library import list_queries

    every = list_queries()
    if name not in every:
        close = difflib.get_close_matches(name, list(every), n=1)
        hint = say("cli_did_you_mean_query", "did you mean '{name}'? ", name=close[0]) if close else ""
        raise UnknownQuery(
            say("cli_no_such_query", "there is no named query '{name}'; {hint}`coordreg queries --all` lists them",
                name=name, hint=hint)
        )  # fmt: skip
    return every[name]


@click.command()
@click.option("--all", "show_all", is_flag=True, help="Also list the queries behind the app's pages and the exports.")
@format_option
@columns_option
def queries(show_all: bool, fmt: str | None, columns_text: str | None) -> None:
    """List the named queries with their titles and parameters (`coordreg describe NAME` tells more)."""
    from registry.queries.library import list_queries

    rows = [
        [name, _query_text(name, "title", query.header.title), [_parameter_text(p) for p in query.header.parameters],
         _source(query.builtin)]
        for name, query in list_queries().items()
        if show_all or not (query.builtin and name.startswith(INTERNAL_PREFIXES))
    ]  # fmt: skip
    headings = {"name": say("cli_col_name", "name"), "title": say("cli_col_title", "title"),
                "parameters": say("cli_col_parameters", "parameters"),
                "source": say("cli_col_source", "source")}  # fmt: skip
    show_rows(["name", "title", "parameters", "source"], rows, fmt, parse_columns(columns_text), headings=headings)


def _source(builtin: bool) -> str:
    return say("cli_source_builtin", "built-in") if builtin else say("cli_source_saved", "saved")


def _query_text(name: str, part: str, english: str) -> str:
    """A built-in query's title or question in the command's language (its header's English in English)."""
    lang = language()
    # The catalogs hold it as query:NAME:PART (tools/i18n_catalog.py copies the headers), as the app's console reads it.
    return english if lang == "en" else translated(f"query:{name}:{part}", english, lang)


def _query_body(text: str) -> str:
    """The query text without its comment header (describe prints the header's fields above it)."""
    from registry.queries.headers import HEADER_END

    lines = text.splitlines()
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped == HEADER_END:
            return "\n".join(lines[index + 1 :]).strip("\n")
        if stripped and not stripped.startswith("//"):
            return "\n".join(lines[index:]).strip("\n")
    return ""


def _description(query: NamedQuery) -> dict[str, Any]:
    header = query.header
    # A backend whose own NAME.<backend>.cypher file wins over the portable text (see registry.queries.library).
    variants = {
        backend: _query_body(text)
        for backend, text in sorted(query.texts.items())
        if query.files[backend].endswith(f".{backend}.cypher")
    }
    portable = [_query_body(text) for backend, text in sorted(query.texts.items()) if backend not in variants]
    return {
        "name": query.name,
        "title": header.title,
        "question": header.question,
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "minimum": p.minimum,
                "maximum": p.maximum,
                "meaning": p.doc,
            }
            for p in header.parameters
        ],  # fmt: skip
        "columns": list(header.columns),
        "backends": list(header.backends),
        "python_step": header.post,
        "folded": list(header.fold),
        "notes": list(header.notes),
        "source": "built-in" if query.builtin else "saved",  # an identifier for programs, in every language
        "error": query.error,
        "cypher": portable[0] if portable else None,
        "variants": variants,
    }


def _description_text(about: dict[str, Any]) -> str:
    name = about["name"]
    title = _query_text(name, "title", about["title"]) if about["source"] == "built-in" else about["title"]
    question = _query_text(name, "question", about["question"]) if about["source"] == "built-in" else about["question"]
    lines = [f"{name}: {title}", "", say("cli_describe_question", "Question: {question}", question=question)]
    if about["error"]:
        lines.append(say("cli_describe_cannot_run", "Cannot run: {error}", error=about["error"]))
    lines.append(say("cli_describe_parameters", "Parameters:") if about["parameters"]
                 else say("cli_describe_no_parameters", "Parameters: none"))  # fmt: skip
    for param in about["parameters"]:
        default = say("cli_describe_default", "default {value}", value=_default_text(param["default"]))
        parts = [param["type"], say("cli_describe_required", "required") if param["required"] else default]
        if param["minimum"] is not None or param["maximum"] is not None:
            parts.append(
                say("cli_describe_bounds", "from {low} to {high}", low=param["minimum"], high=param["maximum"])
            )
        meaning = param["meaning"]
        if meaning and about["source"] == "built-in":
            meaning = _query_text(name, f"param:{param['name']}", meaning)
        if meaning:
            lines.append(say("cli_describe_param_line", "  {name} ({parts}): {meaning}", name=param["name"],
                             parts=", ".join(parts), meaning=meaning))  # fmt: skip
        else:
            lines.append(f"  {param['name']} ({', '.join(parts)})")
    columns = ", ".join(about["columns"]) or say("cli_describe_not_declared", "not declared")
    lines.append(say("cli_describe_columns", "Columns: {columns}", columns=columns))
    lines.append(say("cli_describe_runs_on", "Runs on: {backends}", backends=", ".join(about["backends"])))
    if about["python_step"]:
        lines.append(say("cli_describe_python_step", "Python step after the query: {step}", step=about["python_step"]))
    if about["folded"]:
        lines.append(say("cli_describe_folded", "Compared without accents or case: {columns}",
                         columns=", ".join(about["folded"])))  # fmt: skip
    if about["notes"]:
        lines += [say("cli_describe_notes", "Notes:"), *(f"  {note}" for note in about["notes"])]
    if about["cypher"] is not None:
        lines += ["", "Cypher:", about["cypher"]]
    for backend, text in about["variants"].items():
        lines += ["", say("cli_describe_variant", "Cypher on {backend} (its own variant):", backend=backend), text]
    return visible("\n".join(lines)) + "\n"


@click.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Words for people, or JSON for programs.")  # fmt: skip
def describe(name: str, fmt: str) -> None:
    """What a named query answers: its question, parameters, columns, backends and Cypher."""
    about = _description(_named_query(name))
    click.echo(json.dumps(about, ensure_ascii=False, indent=2) if fmt == "json" else _description_text(about))


@click.command()
@click.argument("name")
@param_option
@format_option
@columns_option
@click.pass_obj
def query(obj: CliContext, name: str, param_pairs: tuple[str, ...], fmt: str | None, columns_text: str | None) -> None:
    """Run a named query (`coordreg queries` lists them, `coordreg describe NAME` explains one)."""
    from registry.queries.library import run_named_query

    wanted = parse_columns(columns_text)
    _named_query(name)  # an unknown name is told before the store is opened
    with obj.store() as store:
        result = run_named_query(store, name, parse_params(param_pairs))
    show_result(result, fmt, wanted)
    if result.truncated:
        click.echo(say("cli_query_truncated", "note: the store cut this answer at its row limit; narrow the query "
                       "with parameters."), err=True)  # fmt: skip


@click.command()
@click.argument("text")
@param_option
@format_option
@columns_option
@click.option("--limit", default=5000, show_default=True, help="Row cap; a note says when rows were cut.")
@click.option(
    "--timeout", "timeout_s", default=10.0, show_default=True, callback=seconds, help="Time limit in seconds."
)
@click.pass_obj
def cypher(
    obj: CliContext,
    text: str,
    param_pairs: tuple[str, ...],
    fmt: str | None,
    columns_text: str | None,
    limit: int,
    timeout_s: float,
) -> None:
    """Run a read-only Cypher query (writes are refused)."""
    from registry.console import run_console_query

    wanted = parse_columns(columns_text)
    with obj.store() as store:
        result = run_console_query(
            store, text, parse_params(param_pairs), timeout_ms=int(timeout_s * 1000), row_cap=limit
        )
    show_result(result, fmt, wanted)
    if result.truncated:
        click.echo(say("cli_cypher_truncated", "note: only the first {limit} rows are shown; the result was "
                       "truncated.", limit=limit), err=True)  # fmt: skip
