"""`coordreg load`, `validate`, `export` and `template`: case files in, the registry out, a template to fill."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from registry.cli.common import CliContext, checked_alone, print_problems, registry_folder_option
from registry.cli.language import say
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
    with obj.store() as store, Activity(_checking()) as activity:
        folder = registry_folder_for(store, registry_folder)
        report = load_paths(
            store,
            list(paths),
            rebuild=rebuild,
            keep_going=keep_going,
            replace=replace,
            wait=not no_wait,
            on_wait=lambda: click.echo(
                say("cli_waiting", "waiting: another load, import or edit is writing to this registry…"), err=True
            ),
            on_progress=lambda done, total: activity.step(say("cli_progress_writing", "writing"), done, total),
            folder=folder,
        )
        print_problems(report.problems + report.warnings)
        if report.removed_by_rebuild:
            shown = ", ".join(report.removed_by_rebuild[:10]) + (" …" if len(report.removed_by_rebuild) > 10 else "")
            click.echo(
                say("cli_rebuild_removed", "--rebuild removed {count} practice(s) that these files do not hold: "
                    "{shown}",
                    count=len(report.removed_by_rebuild), shown=shown),
                err=True,
            )  # fmt: skip
        for skipped in report.skipped:
            click.echo(say("cli_skipped", "skipped: {what}", what=skipped), err=True)
        counts = store.counts()
        if report.files_written and not no_snapshot:
            _refresh_snapshot(store, folder, activity)
    click.echo(
        say("cli_loaded", "loaded {practices} practice(s) from {files} file(s); the registry holds {nodes} nodes and "
            "{relationships} relationships.", practices=report.practices_written, files=report.files_written,
            nodes=counts["nodes"], relationships=counts["relationships"])
    )  # fmt: skip
    if report.changes is not None:
        done = report.changes.counts()
        click.echo(
            say("cli_loaded_changes", "{added} added, {changed} changed, {removed} removed; kept in the registry "
                "folder {folder} (see `coordreg history`).", added=done["added"], changed=done["changed"],
                removed=done["removed"], folder=folder.path)
        )  # fmt: skip
    if report.set_aside_to is not None:
        click.echo(
            say("cli_set_aside", "the folder's earlier files that this load replaced or dropped are kept in {folder}",
                folder=report.set_aside_to)
        )  # fmt: skip
    if report.skipped:
        # --keep-going loaded what it could; the command still failed for what it left out.
        if report.files_unread:
            skipped_text = say("cli_skipped_unread", "error: {practices} practice(s) and {files} file(s) that could "
                               "not be read were skipped because of the errors above; fix them and load again.",
                               practices=report.practices_skipped, files=report.files_unread)  # fmt: skip
        else:
            skipped_text = say("cli_skipped_practices", "error: {practices} practice(s) were skipped because of the "
                               "errors above; fix them and load again.",
                               practices=report.practices_skipped)  # fmt: skip
        click.echo(skipped_text, err=True)
        sys.exit(1)


def _checking() -> str:
    return say("cli_progress_checking", "checking the case files")


def _refresh_snapshot(store: GraphStore, folder: RegistryFolder, activity: Activity) -> None:
    """Compute the whole-registry answers for the version just loaded (and write the actor measures back)."""
    from registry.queries.refresh import refresh_snapshot

    loaded = store.registry_version()
    analysing = say("cli_progress_analysing", "analysing")
    refreshed = refresh_snapshot(store, on_progress=lambda done, total, _name: activity.step(analysing, done, total))
    if refreshed.version is not None:
        # The measures written back change no case file: the folder follows that write, so the next load does
        # not take the graph for one another writer changed.
        folder.follow_derived_write(store, loaded.key, refreshed.version.key)
    for name, why in refreshed.failed.items():
        click.echo(
            say("cli_analysis_not_computed", "note: the analysis '{name}' was not computed now ({why}); it will be "
                "when first asked.", name=name, why=why),
            err=True,
        )  # fmt: skip


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
    from registry.cli.history import change_headings
    from registry.errors import CoordregError
    from registry.held_registry import read_held
    from registry.history import CHANGE_COLUMNS, change_rows
    from registry.loading import default_paths, validate_paths
    from registry.registry_folder import registry_folder_for

    preview = None
    try:
        with obj.store() as store, Activity(_checking()):
            chosen = list(paths) or default_paths(rebuild, registry_folder_for(store, registry_folder))
            bundle, problems = validate_paths(chosen, None if rebuild else read_held(store), replace=replace)
            if not any(p.severity == "error" for p in problems):
                preview = preview_changes(store, bundle, rebuild=rebuild)
    except CoordregError as exc:  # no registry to compare with: the files are checked alone
        click.echo(checked_alone(exc), err=True)
        bundle, problems = validate_paths(list(paths) or default_paths(rebuild, None), replace=replace)
    print_problems(problems)
    errors = [p for p in problems if p.severity == "error"]
    if preview is not None and not preview.empty:
        if sys.stdout.isatty():
            title = say("cli_dry_run_title", "what this load would change")
            text = table_text(CHANGE_COLUMNS, change_rows(preview), title=title, headings=change_headings())
            click.echo(text, nl=False)
        else:
            for line in preview.lines():
                click.echo(line)
    changed = ""
    if preview is not None:
        done = preview.counts()
        changed = say("cli_dry_run_changes", "; would add {added}, change {changed}, remove {removed}",
                      added=done["added"], changed=done["changed"], removed=done["removed"])  # fmt: skip
    click.echo(
        say("cli_dry_run_summary", "dry run: {practices} practice(s) valid, {errors} error(s){changes}; "
            "nothing written.",
            practices=len(bundle.practices), errors=len(errors), changes=changed)
    )  # fmt: skip
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
    with Activity(_checking()):
        bundle, problems = validate_paths(list(paths), replace=replace)
        if any(p.severity == "error" and UNDECLARED not in p.message for p in problems):
            problems = [p for p in problems if UNDECLARED not in p.message]
        else:
            bundle, problems = validate_paths(list(paths), obj.held_registry(), replace=replace)
    print_problems(problems)
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    if errors:
        click.echo(say("cli_validate_failed", "{errors} error(s), {warnings} warning(s).", errors=len(errors),
                       warnings=warnings), err=True)  # fmt: skip
        sys.exit(1)
    click.echo(say("cli_validate_ok", "ok: {files} file(s), {practices} practice(s), {warnings} warning(s).",
                   files=len(bundle.files), practices=len(bundle.practices), warnings=warnings))  # fmt: skip


@click.command()
@click.option("--format", "fmt", required=True, type=click.Choice(
    ["yaml", "csv", "json", "graphml", "gexf", "cypher", "xlsx"]), help="Export format.")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), default=None, help="File or folder (default: stdout).")
@click.pass_obj
def export(obj: CliContext, fmt: str, out: Path | None) -> None:
    """Export the registry (yaml and csv write a folder; the others one file)."""
    from registry.export import export_registry

    with (
        obj.store() as store,
        Activity(say("cli_progress_exporting", "exporting the registry as {format}", format=fmt)),
    ):
        written = export_registry(store, fmt, out)
    if out is None and isinstance(written, str):
        click.echo(written, nl=False)
    else:
        click.echo(say("cli_exported", "exported {format} to {out}", format=fmt, out=out), err=True)


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
            click.echo(say("cli_template_unreachable", "note: the registry cannot be reached ({problem}); the "
                           "template lists none of it.", problem=exc), err=True)  # fmt: skip
    form = write_template(out, listing)
    what = (
        say("cli_template_workbook", "a workbook")
        if form == "xlsx"
        else say("cli_template_csv", "a folder of CSV files")
    )
    listed = (
        say("cli_template_listing", ", listing {actors} actor(s) and {sources} source(s) of the registry",
            actors=len(listing.actors), sources=len(listing.sources))
        if listing is not None and not listing.empty
        else ""
    )  # fmt: skip
    click.echo(say("cli_template_written", "wrote the template to {out} ({what}{listed}); check it with "
                   "`coordreg validate {out}`.", out=out, what=what, listed=listed))  # fmt: skip
