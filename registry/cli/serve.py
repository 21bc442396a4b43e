"""`coordreg app`, `status` and `stop`: the app and the store it runs on."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from registry.cli.common import CliContext, fail
from registry.cli.language import language, say

if TYPE_CHECKING:
    from registry.stores import GraphStore


@click.command()
@click.option("--port", type=int, default=None, help="HTTP port (default: Streamlit's, or STREAMLIT_SERVER_PORT).")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but localhost serves other machines: visitors can then only read, "
    "and importing, editing and saving queries need a login (COORDREG_APP_TOKEN or Streamlit's OIDC).",
)
@click.option("--headless/--browser", default=False, help="Do not open a browser window.")
@click.option(
    "--first-view/--no-first-view",
    default=True,
    show_default=True,
    help="While Streamlit starts, serve on the same port a static first view: the Overview's figures and matrix "
    "as last computed, then the live app once it answers. Env: COORDREG_APP_FIRST_VIEW=0 turns it off.",
)
@click.pass_obj
def app(obj: CliContext, port: int | None, host: str, headless: bool, first_view: bool) -> None:
    """Open the Streamlit app on the same store (the seed registry is loaded into an empty one)."""
    import subprocess
    from importlib import resources

    from registry.app_support.limits import MAX_UPLOAD_MB

    entry = Path(str(resources.files("registry"))).parent / "app_streamlit.py"
    if not entry.is_file():
        fail(say("cli_app_missing", "the app's entry script is missing ({entry}); reinstall coordreg", entry=entry))
    # app_pages.launch runs Streamlit and, while the browser loads, starts the store and prepares the first page.
    command = [sys.executable, "-m", "app_pages.launch", "run", str(entry), "--server.address", host]
    if port is not None:
        command += ["--server.port", str(port)]
    if headless:
        command += ["--server.headless", "true"]
    # Also set in .streamlit/config.toml; repeated here for installs that do not ship that file.
    # No usage statistics: the app makes no request beyond this machine.
    command += ["--browser.gatherUsageStats", "false", "--server.maxUploadSize", str(MAX_UPLOAD_MB)]
    # No look-up of the machine's external address (Streamlit fetches one to print a URL) and no e-mail prompt.
    command += ["--browser.serverAddress", "localhost" if host in {"0.0.0.0", "::"} else host]  # noqa: S104
    command += ["--server.showEmailPrompt", "false"]
    command += ["--client.toolbarMode", "viewer", "--client.showErrorDetails", "none"]
    env = dict(os.environ)
    if obj.graph:
        env["COORDREG_GRAPH"] = obj.graph
    # The pages read it to decide who may write (registry/app_support/access.py).
    env["COORDREG_APP_HOST"] = host
    if not first_view:
        env["COORDREG_APP_FIRST_VIEW"] = "0"  # read by app_pages.first_view
    if os.name == "posix":
        # Become Streamlit: a signal sent to `coordreg app` (Ctrl-C, a service manager, a test
        # ending the process) then reaches the server itself instead of orphaning it.
        os.execve(sys.executable, command, env)  # noqa: S606 - fixed argv, no shell
    try:
        sys.exit(subprocess.call(command, env=env))
    except KeyboardInterrupt:  # Ctrl-C stops Streamlit too; leave without a traceback
        sys.exit(0)


@click.command()
@click.pass_obj
def status(obj: CliContext) -> None:
    """Which store, where, and how many nodes and relationships it holds."""
    with obj.store() as store:
        counts = store.counts()
        click.echo(_store_line(store))
    click.echo(say("cli_status_nodes", "nodes: {nodes}", nodes=counts["nodes"]))
    click.echo(say("cli_status_relationships", "relationships: {relationships}", relationships=counts["relationships"]))


def _store_line(store: GraphStore) -> str:
    """Which store and where, as the store describes itself, in the command's language."""
    if language() == "en":
        return store.describe()
    from registry.stores.embedded import EmbeddedStore  # light, and already imported when it is the one open

    if isinstance(store, EmbeddedStore):
        return say("cli_status_embedded", "embedded FalkorDB, graph '{graph}', data in {home} (unix socket {socket}, "
                   "no TCP port)", graph=store.graph_name, home=store.server.paths.home,
                   socket=store.server.socket_path)  # fmt: skip
    uri, database = getattr(store, "uri", None), getattr(store, "database", None)
    if uri is not None and database is not None:
        return say("cli_status_neo4j", "Neo4j at {uri}, database '{database}'", uri=uri, database=database)
    return store.describe()


@click.command()
def stop() -> None:
    """Stop the embedded store server of the current data directory."""
    from registry.stores.embedded_server import EmbeddedServer

    server = EmbeddedServer()
    if server.stop():
        click.echo(say("cli_stopped", "stopped the embedded store of {home}", home=server.paths.home))
    else:
        click.echo(say("cli_not_running", "no embedded store was running for {home}", home=server.paths.home))
