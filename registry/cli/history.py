"""`coordreg history`: the versions the registry folder records, and what each one changed."""

from __future__ import annotations

from pathlib import Path

import click

from registry.cli.common import CliContext, format_option, registry_folder_option


@click.command()
@click.option("--show", "number", type=int, default=None, metavar="N", help="List what version N changed.")
@registry_folder_option
@format_option
@click.pass_obj
def history(obj: CliContext, number: int | None, registry_folder: Path | None, fmt: str | None) -> None:
    """The versions of the registry: when each load, import or edit wrote it, which files, what changed."""
    from registry.cli.display import show_rows
    from registry.history import CHANGE_COLUMNS, HISTORY_COLUMNS, change_rows, history_rows, version, versions

    folder = obj.registry_folder(registry_folder)
    if number is None:
        found = versions(folder)
        if not found and fmt in (None, "table"):
            click.echo(f"the registry folder {folder.path} records no version yet: load a file first.", err=True)
            return
        show_rows(HISTORY_COLUMNS, history_rows(found), fmt)
        return
    chosen = version(folder, number)
    show_rows(CHANGE_COLUMNS, change_rows(chosen.changes), fmt)
    if chosen.changes_left_out:
        left_out = chosen.changes_left_out
        click.echo(f"note: {left_out} more change(s) of this version were not recorded one by one.", err=True)
    if chosen.set_aside:
        click.echo(f"note: the folder's earlier files this version replaced or dropped are kept in {chosen.set_aside}")
