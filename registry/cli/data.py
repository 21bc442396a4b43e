"""`coordreg load`, `validate`, `export` and `template`: case files in, the registry out, a template to fill."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from registry.cli.common import CliContext, print_problems, registry_folder_option
from registry.cli.progress import Activity

if TYPE_CHECKING:
    from registry.registry_folder import RegistryFolder
    from registry.stores.base import GraphStore


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True, help="Wipe the registry first, then load.")
@click.option("--dry-run", is_flag=True, help="Validate and list what would be added, changed, removed; write nothing.")
@click.option("--keep-going", is_flag=True, help="Load the valid files even if others have errors.")
@click.option("--replace", is_flag=True, help="Let these files change actors, sources … the registry already holds.")
@click.option("--no-wait", is_flag=True, help="Refuse at once, instead of waiting, while another load writes.")
@click.option("--no-snapshot", is_flag=True, help="Skip computing the analyses now; each is computed when first asked.")
@registry_folder_option
@click.pass_obj
def load(
    obj: CliContext,
    paths: tuple[Path, ...],
    rebuild: bool,
    dry_run: bool,
    keep_going: bool,
    replace: bool,
    no_wait: bool,
    no_snapshot: bool,
    registry_folder: Path | None,
) -> None:
    """Load case files (YAML or the spreadsheet template). No PATH: the bundled seed registry
    (with --rebuild: the registry folder's files, when it holds any).

    The files are kept in the registry folder too, and each load is recorded as a version
    (`coordreg history`). References to actors, sources, agreements and instruments the
    registry already holds need no declaration: use their ids. Then every whole-registry analysis
    is computed once for the new version (the snapshot), unless --no-snapshot."""
    from registry.loading import load_paths
    from registry.registry_folder import registry_folder_for

    if dry_run:
        _dry_run(obj, paths, rebuild=rebuild, keep_going=keep_going, replace=replace, registry_folder=registry_folder)
        return
    with obj.store() as store, Activity("checking the case files") as activity:
        folder = registry_folder_for(store, registry_folder)
        report = load_paths(
            store,
            list(paths),
            rebuild=rebuild,
            keep_going=keep_going,
            replace=replace,
            wait=not no_wait,
            on_wait=lambda: click.echo("waiting: another load, import or edit is writing to this registry…", err=True),
            on_progress=lambda done, total: activity.step("writing", done, total),
            folder=folder,
        )
        print_problems(report.problems + report.warnings)
        if report.removed_by_rebuild:
            shown = ", ".join(report.removed_by_rebuild[:10]) + (" …" if len(report.removed_by_rebuild) > 10 else "")
            click.echo(
                f"--rebuild removed {len(report.removed_by_rebuild)} practice(s) that these files do not hold: {shown}",
                err=True,
            )
        for skipped in report.skipped:
            click.echo(f"skipped: {skipped}", err=True)
        counts = store.counts()
        if report.files_written and not no_snapshot:
            _refresh_snapshot(store, folder, activity)
    click.echo(
        f"loaded {report.practices_written} practice(s) from {report.files_written} file(s); "
        f"the registry holds {counts['nodes']} nodes and {counts['relationships']} relationships."
    )
    if report.changes is not None:
        done = report.changes.counts()
        click.echo(
            f"{done['added']} added, {done['changed']} changed, {done['removed']} removed; "
            f"kept in the registry folder {folder.path} (see `coordreg history`)."
        )
    if report.set_aside_to is not None:
        click.echo(f"the folder's earlier files that this load replaced or dropped are kept in {report.set_aside_to}")
    if report.skipped:
        # --keep-going loaded what it could; the command still failed for what it left out.
        unread = f" and {report.files_unread} file(s) that could not be read" if report.files_unread else ""
        click.echo(
            f"error: {report.practices_skipped} practice(s){unread} were skipped because of the errors above; "
            "fix them and load again.",
            err=True,
        )
        sys.exit(1)


def _refresh_snapshot(store: GraphStore, folder: RegistryFolder, activity: Activity) -> None:
    """Compute the whole-registry answers for the version just loaded (and write the actor measures back)."""
    from registry.queries.refresh import refresh_snapshot

    loaded = store.registry_version()
    refreshed = refresh_snapshot(store, on_progress=lambda done, total, _name: activity.step("analysing", done, total))
    if refreshed.version is not None:
        # The measures written back change no case file: the folder follows that write, so the next load does
        # not take the graph for one another writer changed.
        folder.follow_derived_write(store, loaded.key, refreshed.version.key)
    for name, why in refreshed.failed.items():
        click.echo(f"note: the analysis '{name}' was not computed now ({why}); it will be when first asked.", err=True)


def _dry_run(
    obj: CliContext,
    paths: tuple[Path, ...],
    *,
    rebuild: bool,
    keep_going: bool,
    replace: bool,
    registry_folder: Path | None,
) -> None:
    """Check the files against the registry and list what loading them would change; write nothing."""
    from registry.change_preview import preview_changes
    from registry.cli.display import table_text
    from registry.errors import CoordregError
    from registry.held_registry import read_held
    from registry.history import CHANGE_COLUMNS, change_rows
    from registry.loading import default_paths, validate_paths
    from registry.registry_folder import registry_folder_for

    preview = None
    try:
        with obj.store() as store, Activity("checking the case files"):
            chosen = list(paths) or default_paths(rebuild, registry_folder_for(store, registry_folder))
            bundle, problems = validate_paths(chosen, None if rebuild else read_held(store), replace=replace)
            if not any(p.severity == "error" for p in problems):
                preview = preview_changes(store, bundle, rebuild=rebuild)
    except CoordregError as exc:  # no registry to compare with: the files are checked alone
        click.echo(f"note: the registry cannot be reached ({exc}); these files were checked alone.", err=True)
        bundle, problems = validate_paths(list(paths) or default_paths(rebuild, None), replace=replace)
    print_problems(problems)
    errors = [p for p in problems if p.severity == "error"]
    if preview is not None and not preview.empty:
        if sys.stdout.isatty():
            click.echo(table_text(CHANGE_COLUMNS, change_rows(preview), title="what this load would change"), nl=False)
        else:
            for line in preview.lines():
                click.echo(line)
    changed = ""
    if preview is not None:
        done = preview.counts()
        changed = f"; would add {done['added']}, change {done['changed']}, remove {done['removed']}"
    click.echo(f"dry run: {len(bundle.practices)} practice(s) valid, {len(errors)} error(s){changed}; nothing written.")
    sys.exit(1 if errors and not keep_going else 0)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Check as `load --replace` would: changes to registry entities allowed.")
@click.pass_obj
def validate(obj: CliContext, paths: tuple[Path, ...], replace: bool) -> None:
    """Check case files without loading them, against the registry `load` would write to."""
    from registry.loading import validate_paths
    from registry.schema.bundle import UNDECLARED

    # The files alone first: what the registry cannot mend (a broken file, a bomb) is refused before the store
    # is opened, so a refused file costs no more memory than the file itself.
    with Activity("checking the case files"):
        bundle, problems = validate_paths(list(paths), replace=replace)
        if any(p.severity == "error" and UNDECLARED not in p.message for p in problems):
            problems = [p for p in problems if UNDECLARED not in p.message]
        else:
            bundle, problems = validate_paths(list(paths), obj.held_registry(), replace=replace)
    print_problems(problems)
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    if errors:
        click.echo(f"{len(errors)} error(s), {warnings} warning(s).", err=True)
        sys.exit(1)
    click.echo(f"ok: {len(bundle.files)} file(s), {len(bundle.practices)} practice(s), {warnings} warning(s).")


@click.command()
@click.option("--format", "fmt", required=True, type=click.Choice(
    ["yaml", "csv", "json", "graphml", "gexf", "cypher", "xlsx"]), help="Export format.")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), default=None, help="File or folder (default: stdout).")
@click.pass_obj
def export(obj: CliContext, fmt: str, out: Path | None) -> None:
    """Export the registry (yaml and csv write a folder; the others one file)."""
    from registry.export import export_registry

    with obj.store() as store, Activity(f"exporting the registry as {fmt}"):
        written = export_registry(store, fmt, out)
    if out is None and isinstance(written, str):
        click.echo(written, nl=False)
    else:
        click.echo(f"exported {fmt} to {out}", err=True)


@click.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="A new file ending in .xlsx, or a new or empty folder for the CSV files.",
)
@click.option("--blank", is_flag=True, help="Leave out the registry's actors and sources (the store is not opened).")
@click.pass_obj
def template(obj: CliContext, out: Path, blank: bool) -> None:
    """Write the blank spreadsheet template to fill in: a README, drop-down lists of every vocabulary,
    and the actors and sources the registry holds, to refer to by id."""
    from registry.errors import CoordregError
    from registry.template_export import check_template_target, read_registry_listing, write_template

    check_template_target(out)  # a bad name is refused before the store is opened
    listing = None
    if not blank:
        try:
            with obj.store() as store:
                listing = read_registry_listing(store)
        except CoordregError as exc:
            click.echo(f"note: the registry cannot be reached ({exc}); the template lists none of it.", err=True)
    form = write_template(out, listing)
    what = "workbook" if form == "xlsx" else "folder of CSV files"
    listed = (
        f", listing {len(listing.actors)} actor(s) and {len(listing.sources)} source(s) of the registry"
        if listing is not None and not listing.empty
        else ""
    )
    click.echo(f"wrote the template to {out} (a {what}{listed}); check it with `coordreg validate {out}`.")
