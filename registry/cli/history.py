"""`coordreg history`: the versions the registry folder records, and what each one changed."""

from __future__ import annotations

from pathlib import Path

import click

from registry.cli.common import CliContext, format_option, registry_folder_option
from registry.cli.language import say


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
            click.echo(say("cli_history_empty", "the registry folder {folder} records no version yet: load a file "
                           "first.", folder=folder.path), err=True)  # fmt: skip
            return
        show_rows(HISTORY_COLUMNS, history_rows(found), fmt, headings=history_headings())
        return
    chosen = version(folder, number)
    show_rows(CHANGE_COLUMNS, change_rows(chosen.changes), fmt, headings=change_headings())
    if chosen.changes_left_out:
        left_out = chosen.changes_left_out
        click.echo(say("cli_history_left_out", "note: {count} more change(s) of this version were not recorded one "
                       "by one.", count=left_out), err=True)  # fmt: skip
    if chosen.set_aside:
        click.echo(say("cli_history_set_aside", "note: the folder's earlier files this version replaced or dropped "
                       "are kept in {folder}", folder=chosen.set_aside))  # fmt: skip


def history_headings() -> dict[str, str]:
    """The table's headings of registry.history's columns in the command's language."""
    return {
        "version": say("cli_col_version", "version"),
        "when": say("cli_col_when", "when"),
        "registry_version": say("cli_col_registry_version", "registry_version"),
        "files": say("cli_col_files", "files"),
        "added": say("cli_col_added", "added"),
        "changed": say("cli_col_changed", "changed"),
        "removed": say("cli_col_removed", "removed"),
        "practices": say("cli_col_practices", "practices"),
    }


def change_headings() -> dict[str, str]:
    """The headings of a version's changes (and of `load --dry-run`'s table) in the command's language."""
    return {
        "action": say("cli_col_action", "action"),
        "kind": say("cli_col_kind", "kind"),
        "id": say("cli_col_id", "id"),
        "field": say("cli_col_field", "field"),
        "old": say("cli_col_old", "old"),
        "new": say("cli_col_new", "new"),
    }
