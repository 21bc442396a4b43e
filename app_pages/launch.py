"""`coordreg app` runs this: Streamlit, plus the first page's groundwork done while the browser loads.

Without it, nothing happens between the server answering and the browser's first request: only
then does the Overview import pandas and the store client, open the store (starting a stopped
one, which replays its append-only file) and run its queries, one after the other. Here the
store starts at launch, in its own process, and once the server listens a thread imports those
libraries and fills the page's caches (the store connection, the Overview's unfiltered queries)
while the browser is still fetching the app. Any failure is left for the page to report.

Usage: ``python -m app_pages.launch STREAMLIT-ARGUMENTS…`` (what ``streamlit`` itself takes).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time

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
    """Once the server listens (so it is not slowed down), import and query what the Overview needs."""
    deadline = time.monotonic() + SERVER_WAIT_S
    while time.monotonic() < deadline and not _server_listening():
        time.sleep(0.02)
    with contextlib.suppress(Exception):  # only a head start: the page runs the same calls and reports errors
        from app_pages import common
        from registry.app_support import views  # noqa: F401 - imported for the page

        key = common.store_key()
        common._open_store(*key)
        for name in OVERVIEW_QUERIES:
            common._cached_query(*key, name, common.parameters_key())


def main() -> None:
    threading.Thread(target=_start_store, name="coordreg-store-start", daemon=True).start()
    # Streamlit is imported here before the page thread starts: two threads importing it at once can run its
    # package initialisation twice, which it refuses ("DeltaGeneratorSingleton instance already exists").
    from streamlit.web.cli import main as streamlit_main

    threading.Thread(target=_prepare_first_page, name="coordreg-first-page", daemon=True).start()
    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main()


if __name__ == "__main__":
    main()
