"""A FalkorDB 4.16 engine bug the console works around.

Some queries with `//` comments inside a `CALL { … }` subquery crash the
FalkorDB server (segfault); the same text without comments runs. The console
strips comments before sending, so a console user cannot take the store down.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.console import run_console_query, without_comments
from registry.loading import load_paths
from registry.stores.embedded import EmbeddedStore
from registry.stores.embedded_server import EmbeddedServer

CRASHER = Path(__file__).parent / "fixtures" / "crash" / "call_subquery_with_comments.cypher"


def test_without_comments_keeps_strings_and_drops_comments():
    text = "MATCH (n) // a comment\nWHERE n.name = 'a // not a comment' /* block */ RETURN n"
    assert without_comments(text) == "MATCH (n)  \nWHERE n.name = 'a // not a comment'   RETURN n"


@pytest.fixture
def private_server(tmp_path):
    # Its own server: if the workaround failed, the crash must not take down the session's server.
    server = EmbeddedServer(tmp_path / "home")
    yield server
    server.stop()


def test_console_survives_the_comment_crash(private_server):
    store = EmbeddedStore(private_server.paths.home, "crash")
    load_paths(store, [Path(__file__).parent / "fixtures" / "mini"])
    result = run_console_query(store, CRASHER.read_text(), {"country": None, "practice": None})
    assert not result.frame.empty
    assert private_server.is_running()
    assert store.counts()["nodes"] > 0
    store.close()


def test_store_object_recovers_after_the_server_dies(private_server):
    import os
    import signal
    import time

    from registry.errors import StoreUnavailable

    store = EmbeddedStore(private_server.paths.home, "recover")
    load_paths(store, [Path(__file__).parent / "fixtures" / "mini"])
    os.kill(private_server.pid() or 0, signal.SIGKILL)
    time.sleep(0.2)
    with pytest.raises(StoreUnavailable):
        store.read("MATCH (p:Practice) RETURN count(p) AS n")
    # The same object (an app keeps it for its lifetime) works again on the next call.
    assert store.read("MATCH (p:Practice) RETURN count(p) AS n").frame["n"][0] == 2
    store.close()
