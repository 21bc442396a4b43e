"""How the CLI prints a result: a Rich table in a terminal, plain TSV when piped, or the ``--format`` asked for.

Rich is imported only when a table is drawn, so a piped command never pays
for it. Case-file text is shown as text: cells become ``rich.text.Text``
(never parsed as markup) and control characters are written as visible
escapes, so a title holding ``[bold]`` or an ANSI escape sequence cannot
restyle or clear the terminal.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from registry.cli.language import say
from registry.output import Row, cell_text, csv_text, json_text, tsv_text

if TYPE_CHECKING:
    import pandas as pd

    from registry.stores.base import QueryResult

FORMATS = ("table", "tsv", "csv", "json")


def chosen_format(fmt: str | None) -> str:
    """The format asked for, else a table in a terminal and TSV in a pipe or a file."""
    if fmt:
        return fmt
    return "table" if sys.stdout.isatty() else "tsv"


def parse_columns(text: str | None) -> list[str] | None:
    if text is None:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise click.BadParameter(
            say("cli_columns_empty", "name at least one column, e.g. --columns title,countries"), param_hint="--columns"
        )
    return names


def pick_columns(
    columns: Sequence[str],
    rows: Sequence[Row],
    wanted: Sequence[str] | None,
    headings: Mapping[str, str] | None = None,
) -> tuple[list[str], list[list[Any]]]:
    """Only the ``wanted`` columns, in that order; an unknown name is refused with the names there are. A
    column may be named by the heading a table shows for it in the command's language too."""
    if wanted is None:
        return list(columns), [list(row) for row in rows]
    by_heading = {heading: name for name, heading in (headings or {}).items()}
    wanted = [name if name in columns else by_heading.get(name, name) for name in wanted]
    for name in wanted:
        if name not in columns:
            close = difflib.get_close_matches(name, columns, n=1)
            hint = say("cli_did_you_mean_column", " Did you mean '{name}'?", name=close[0]) if close else ""
            raise click.BadParameter(
                say("cli_no_such_column", "there is no column '{name}' in this result.{hint} Its columns are: "
                    "{columns}",
                    name=name, hint=hint, columns=", ".join(columns)),
                param_hint="--columns",
            )  # fmt: skip
    where = [list(columns).index(name) for name in wanted]
    return list(wanted), [[row[i] for i in where] for row in rows]


def visible(text: str) -> str:
    """Control characters as escapes (``\\x1b``), so no cell can move the cursor or recolour the terminal."""
    return "".join(
        char if char == "\n" or not (ord(char) < 32 or 127 <= ord(char) < 160) else f"\\x{ord(char):02x}"
        for char in text
    )


#: No column is squeezed below its header or its longest word, up to this many characters.
NARROWEST_CAP = 24
#: What Rich puts between two columns of a SIMPLE_HEAD table: a space of padding on each side and the divider.
COLUMN_GAP = 3


def _narrowest(name: str, cells: list[str]) -> int:
    longest_word = max((len(word) for cell in cells for word in cell.split()), default=0)
    return min(max(len(name), longest_word), NARROWEST_CAP)


def table_text(
    columns: Sequence[str],
    rows: Sequence[Row],
    *,
    title: str | None = None,
    headings: Mapping[str, str] | None = None,
) -> str:
    """A Rich table as text, wrapped to fit the terminal's width (80 columns when there is no terminal).

    When the columns cannot fit without cutting their names and words into pieces, each row is shown as a
    block of "column  value" lines instead, as psql's expanded display does. ``headings`` shows a column under
    a name of its own (the command's language); the other formats keep the column names programs read.
    """
    if headings:
        columns = [headings.get(name, name) for name in columns]
    if not rows:
        shown = (
            say("cli_no_rows_columns", "(no rows) columns: {columns}", columns=", ".join(columns))
            if columns
            else say("cli_no_rows", "(no rows)")
        )
        return visible(shown) + "\n"
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    names = [visible(name) for name in columns]
    cells = [[visible(cell_text(value)) for value in row] for row in rows]
    console = Console(file=sys.stdout, soft_wrap=False, highlight=False)
    narrowest = [_narrowest(name, [row[i] for row in cells]) for i, name in enumerate(names)]
    blocks = sum(narrowest) + COLUMN_GAP * (len(names) - 1) > console.width
    heading = Text(visible(title), style="bold") if title else None
    tables = []
    if blocks:
        # One grid per row: the names in a column of their own, the values wrapped beside them.
        for number, row in enumerate(cells, start=1):
            row_title = Text(say("cli_row_number", "row {number}", number=number), style="dim")
            grid = Table(box=None, show_header=False, pad_edge=False, title=row_title, title_justify="left")
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column(overflow="fold")
            for name, value in zip(names, row, strict=True):
                grid.add_row(Text(name), Text(value))
            tables.append(grid)
    else:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title=heading, title_justify="left")
        for name, width in zip(names, narrowest, strict=True):
            table.add_column(Text(name, style="bold"), overflow="fold", min_width=width)
        for row in cells:
            table.add_row(*(Text(value) for value in row))
        tables.append(table)
    with console.capture() as captured:
        if blocks and heading is not None:
            console.print(heading)
        for number, table in enumerate(tables):
            if blocks and number:
                console.print()  # a blank line between two rows' blocks
            console.print(table)
    # Rich pads every line to the table's width; trailing blanks only get in the way of a copy or a diff.
    return "\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n"


def render_rows(
    columns: Sequence[str],
    rows: Sequence[Row],
    fmt: str | None,
    *,
    title: str | None = None,
    headings: Mapping[str, str] | None = None,
) -> str:
    fmt = chosen_format(fmt)
    if fmt == "csv":
        return csv_text(columns, rows)
    if fmt == "json":
        return json_text(columns, rows) + "\n"
    if fmt == "tsv":
        return tsv_text(columns, rows)
    return table_text(columns, rows, title=title, headings=headings)


def show_rows(
    columns: Sequence[str],
    rows: Sequence[Row],
    fmt: str | None,
    wanted: Sequence[str] | None = None,
    *,
    headings: Mapping[str, str] | None = None,
) -> None:
    picked_columns, picked_rows = pick_columns(columns, rows, wanted, headings)
    click.echo(render_rows(picked_columns, picked_rows, fmt, headings=headings), nl=False)


def show_frame(frame: pd.DataFrame, fmt: str | None, wanted: Sequence[str] | None = None) -> None:
    from registry.output import frame_rows

    show_rows(*frame_rows(frame), fmt, wanted)


def show_result(result: QueryResult, fmt: str | None, wanted: Sequence[str] | None = None) -> None:
    """A query's answer, printed from the store's rows when it has them: a frame (and pandas) only when a
    Python step made one."""
    if result.has_plain_rows:
        show_rows(result.columns, result.rows, fmt, wanted)
    else:
        show_frame(result.frame, fmt, wanted)
