"""`coordreg app` runs this: Streamlit, plus the first page's groundwork done while the browser loads.

Without it, nothing happens between the server answering and the browser's first request: only
then does the Overview import pandas and the store client, open the store (starting a stopped
one, which replays its append-only file) and run its queries, one after the other. Here the
store starts at launch, in its own process, and once the server listens a thread imports those
libraries and fills the page's caches (the store connection, the Overview's unfiltered queries)
while the browser is still fetching the app. Any failure is left for the page to report.

It also keeps Streamlit from reaching beyond this machine. Headless and listening on every
interface, Streamlit fetches the machine's external IP address from an outside web service to print
an "External URL", and looks it up again whenever a browser connects from another origin; it also
offers to collect usage statistics and, with a browser, asks for an e-mail address to send. The
options in ``OFFLINE_OPTIONS`` (also in .streamlit/config.toml, which is only read from the folder
Streamlit starts in) switch off the banner's lookup, the statistics and the prompt; the origin check
has no option, so ``_no_address_lookups`` answers it with "unknown", as a machine offline would.

Usage: ``python -m app_pages.launch STREAMLIT-ARGUMENTS…`` (what ``streamlit`` itself takes).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time

#: Streamlit options that keep it from making requests beyond this machine, added unless given.
#: ``browser.serverAddress`` set by hand makes Streamlit print that address instead of looking up
#: the machine's internal and external ones.
OFFLINE_OPTIONS = {
    "--browser.gatherUsageStats": "false",
    "--browser.serverAddress": "localhost",
    "--server.showEmailPrompt": "false",
}
#: The Overview's queries as it first runs them (no filter chosen, so no parameters).
OVERVIEW_QUERIES = ("app_practice_titles", "registry_counts", "typology_matrix", "level_conflicts")
SERVER_WAIT_S = 60.0


def _start_store() -> None:
    """Start the embedded store now, in its own process: replaying a large registry takes seconds."""
    from registry.stores import configured_graph_url

    url = configured_graph_url()
    if url != "embedded" and not url.startswith("embedded:"):
        return
    from registry.stores.embedded_server import EmbeddedServer

    with contextlib.suppress(Exception):  # the page opens the store again and reports what went wrong
        EmbeddedServer().ensure_running()


def _server_listening() -> bool:
    from streamlit import runtime

    return runtime.exists() and runtime.get_instance().state != runtime.RuntimeState.INITIAL


def _prepare_first_page() -> None:
    """Once the server listens (so it is not slowed down), import and query what the Overview needs.

    Two costs of a first script run are paid here too. Streamlit's first element of the process checks whether it
    runs in a REPL: ``inspect.stack()``, which maps every module loaded to its real path (1,300 of them: 0.1-0.3 s
    of the Overview's first run at 10,000 practices, profiled). And after every run Streamlit collects garbage in
    full (``runner.postScriptGC``), holding the interpreter while the server is to tell the browser the run ended,
    and walking every object the imports made (0.06 s on a quiet machine, 0.28 s profiled on a loaded one): they are
    frozen once imported (``gc.freeze``: left out of later collections, still freed when no longer referenced),
    before any answer is read, so what the pages build is still collected.
    """
    import gc

    deadline = time.monotonic() + SERVER_WAIT_S
    while time.monotonic() < deadline and not _server_listening():
        time.sleep(0.02)
    with contextlib.suppress(Exception):  # only a head start: the page runs the same calls and reports errors
        from app_pages import common
        from registry.app_support import i18n, views  # noqa: F401 - imported for the page

        i18n.t("overview_title", "en")  # the catalogs, read (from their cache file) once per process
        with contextlib.suppress(Exception):  # a Streamlit without this check: nothing to do ahead
            from streamlit import delta_generator

            getattr(delta_generator, "_maybe_print_use_warning", lambda: None)()  # once per process, then skipped
        gc.collect()
        gc.freeze()
        key = common.store_key()
        common._open_store(*key)
        for name in OVERVIEW_QUERIES:
            common._cached_query(*key, name, common.parameters_key())


def _option(arguments: list[str], name: str) -> str | None:
    """The value of ``--name value`` or ``--name=value`` among Streamlit's arguments, if given."""
    from app_pages.first_view import _option as given  # one reading of Streamlit's arguments for both

    return given(arguments, name)


def with_offline_options(arguments: list[str]) -> list[str]:
    """Streamlit's arguments plus each of ``OFFLINE_OPTIONS`` not already given (after ``run``).

    A specific ``--server.address`` (127.0.0.1, a LAN address) is printed and opened as it is, without any
    look-up, so ``browser.serverAddress`` is only added for a wildcard address or none.
    """
    if not arguments or arguments[0] != "run":
        return arguments
    given = {a.split("=", 1)[0] for a in arguments if a.startswith("--")}
    wanted = dict(OFFLINE_OPTIONS)
    if _option(arguments, "--server.address") not in {None, "", "0.0.0.0", "::"}:  # noqa: S104 - compared, not bound
        del wanted["--browser.serverAddress"]
    added = [item for option, value in wanted.items() if option not in given for item in (option, value)]
    return [arguments[0], *added, *arguments[1:]]


def _no_address_lookups() -> None:
    """Streamlit's address look-ups, answered without the network.

    A browser connecting from an origin other than the page's own (a page elsewhere trying to use
    this app) makes Streamlit fetch checkip.amazonaws.com, on every such connection, to compare the
    origin with the machine's external address. Without an answer such origins are refused, which
    is what a cautious server wants anyway; same-origin visitors are unaffected.
    """
    from streamlit import net_util

    net_util.get_external_ip = lambda: None
    net_util.get_internal_ip = lambda: None


def main() -> None:
    # First of all, the app's port: a static first view answers there until Streamlit takes the same socket
    # (app_pages/first_view.py; COORDREG_APP_FIRST_VIEW=0 turns it off).
    from app_pages import first_view

    view = first_view.start(sys.argv[1:])
    browser = first_view.browser_url(sys.argv[1:], view.port) if view is not None else None
    if browser is not None:  # not headless: the browser opens on the first view, not once Streamlit is ready
        first_view.open_browser_now(browser)
    threading.Thread(target=_start_store, name="coordreg-store-start", daemon=True).start()
    # Streamlit is imported here before the page thread starts: two threads importing it at once can run its
    # package initialisation twice, which it refuses ("DeltaGeneratorSingleton instance already exists").
    from streamlit.web.cli import main as streamlit_main

    if view is not None:
        first_view.install_handover(view)
    if browser is not None:
        first_view.skip_streamlits_browser(browser)
    _no_address_lookups()
    threading.Thread(target=_prepare_first_page, name="coordreg-first-page", daemon=True).start()
    sys.argv = ["streamlit", *with_offline_options(sys.argv[1:])]
    streamlit_main()


if __name__ == "__main__":
    main()
