"""The explorer served beyond this machine: who may write, what a visitor sees, what the server fetches.

- Private by default: on a public address anonymous visitors only read; the Data page's uploads and the
  console's saving need the editor token (COORDREG_APP_TOKEN) or an OIDC sign-in; with neither configured,
  writing is off. On 127.0.0.1 nothing changes.
- Nothing of the server's file system (data directory, socket, log, /tmp) reaches any page, error banners
  included.
- Started as `coordreg app` starts it (app_pages/launch.py), headless on every interface, Streamlit opens no
  connection to and resolves no name of any other machine, even when a page from elsewhere knocks.

The app runs under AppTest on the embedded store, on a graph of this module's own.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from registry.app_support import access, i18n
from registry.app_support.safe_text import JOINER, without_paths
from registry.stores.embedded_server import EmbeddedServer

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app_streamlit.py"
MINI = Path(__file__).parent / "fixtures" / "mini"
PAGES = ("overview", "practices", "network", "overlaps", "cost_benefit", "console", "training", "data")
TOKEN = "correct horse battery staple"


@pytest.fixture(scope="module")
def privacy_graph(coordreg_home: Path) -> Iterator[str]:
    from registry.stores.embedded import EmbeddedStore

    name = f"privacy_{os.getpid()}"
    yield name
    graph = EmbeddedStore(coordreg_home, name)
    graph.wipe()
    graph.close()


@pytest.fixture
def served(monkeypatch, privacy_graph, coordreg_home):
    """The app's environment: this module's graph, served on 0.0.0.0 with nothing configured."""
    monkeypatch.setenv("COORDREG_HOME", str(coordreg_home))
    monkeypatch.setenv("COORDREG_GRAPH", f"embedded:{privacy_graph}")
    monkeypatch.setenv(access.HOST_VARIABLE, "0.0.0.0")  # noqa: S104 - the setting under test, nothing listens
    monkeypatch.delenv(access.TOKEN_VARIABLE, raising=False)
    monkeypatch.delenv(access.WRITERS_VARIABLE, raising=False)
    return monkeypatch


def open_app(page: str | None = None, *, secrets: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    at.run()
    if page is not None:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(markdown: str) -> str:
    """Markdown source as a visitor reads it: escapes and the invisible joiners of safe_text.md removed."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(JOINER, "")


def can_upload(at: AppTest) -> bool:
    return len(at.get("file_uploader")) > 0


def can_save(at: AppTest) -> bool:
    return any(t.key == "console_save_name" for t in at.text_input)


OIDC = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "s",
        "client_id": "c",
        "client_secret": "x",
        "server_metadata_url": "https://idp.invalid/.well-known/openid-configuration",
    }
}


# ---- the decision, on its own ----------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", " LOCALHOST "])
def test_loopback_hosts_are_local(host):
    assert access.is_local(host)
    assert access.may_write(access.policy({access.HOST_VARIABLE: host}))


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.org", "", None])
def test_any_other_or_unknown_host_is_public(host):
    env = {access.HOST_VARIABLE: host} if host is not None else {}
    policy = access.policy(env)
    assert policy.public and not policy.writing_possible
    assert not access.may_write(policy, token_verified=True, oidc_ok=True)  # nothing configured: nobody writes


def test_streamlit_address_counts_when_the_app_host_is_not_set():
    assert not access.policy({}, server_address="127.0.0.1").public
    assert access.policy({access.HOST_VARIABLE: "0.0.0.0"}, server_address="127.0.0.1").public  # noqa: S104


def test_token_is_compared_exactly_and_only_when_set():
    policy = access.policy({access.HOST_VARIABLE: "0.0.0.0", access.TOKEN_VARIABLE: TOKEN})  # noqa: S104
    assert policy.writing_possible
    assert access.token_matches(TOKEN, policy) and access.token_matches(f" {TOKEN}\n", policy)
    for wrong in ("", "correct horse", TOKEN + "!", TOKEN.upper()):
        assert not access.token_matches(wrong, policy)
    assert not access.token_matches("", access.policy({access.HOST_VARIABLE: "0.0.0.0"}))  # noqa: S104
    assert access.may_write(policy, token_verified=True) and not access.may_write(policy, oidc_ok=True)


def test_oidc_writers_can_be_limited_to_listed_addresses():
    env = {access.HOST_VARIABLE: "0.0.0.0", access.WRITERS_VARIABLE: "Ed@Example.org, other@example.org"}  # noqa: S104
    policy = access.policy(env, oidc_configured=True)
    assert access.oidc_writer(policy, logged_in=True, email="ed@example.org")
    assert not access.oidc_writer(policy, logged_in=True, email="stranger@example.org")
    assert not access.oidc_writer(policy, logged_in=False, email="ed@example.org")
    anyone = access.policy({access.HOST_VARIABLE: "0.0.0.0"}, oidc_configured=True)  # noqa: S104
    assert access.oidc_writer(anyone, logged_in=True, email=None)


# ---- the pages ------------------------------------------------------------------------------------


def test_local_use_needs_no_login(served):
    served.setenv(access.HOST_VARIABLE, "127.0.0.1")
    assert can_upload(open_app("data"))
    at = open_app("console")
    assert can_save(at)
    assert i18n.t("access_title", "en") not in [m.value.strip("*") for m in at.sidebar.markdown]


def test_public_without_a_sign_in_configured_is_read_only(served):
    at = open_app("data")
    assert not can_upload(at)
    off = i18n.t("write_off", "en", action="Validate or import case files")
    assert off in [i.value for i in at.info]
    assert any(c.value == i18n.t("access_off", "en") for c in at.sidebar.caption)
    assert [d.proto.label for d in at.get("download_button")], "exports (reading) stay open"
    console = open_app("console")
    assert not can_save(console)
    console.text_area(key="console_text").input("MATCH (p:Practice) RETURN count(p) AS n").run()
    console.button(key="console_run").click().run()
    assert console.dataframe[0].value["n"].iloc[0] > 0, "running read-only queries stays open"


def test_unknown_host_is_public(served):
    served.delenv(access.HOST_VARIABLE)
    assert not can_upload(open_app("data"))


def test_the_token_unlocks_writing_for_the_session(served):
    served.setenv(access.TOKEN_VARIABLE, TOKEN)
    at = open_app("data")
    assert not can_upload(at)
    assert i18n.t("write_locked", "en", action=i18n.t("action_import", "en")) in [i.value for i in at.info]
    at.text_input(key="access_token").input("guess")
    at.sidebar.button[0].click().run()
    assert i18n.t("access_wrong_token", "en") in [e.value for e in at.error]
    assert not can_upload(at)
    at.text_input(key="access_token").input(TOKEN)
    at.sidebar.button[0].click().run()
    assert can_upload(at)
    at.switch_page("app_pages/console.py").run()
    assert can_save(at)
    at.button(key="access_lock").click().run()
    assert not can_save(at)


def test_an_oidc_sign_in_unlocks_writing(served):
    logged_out = open_app("data", secrets=OIDC)
    assert not can_upload(logged_out)
    assert [b.label for b in logged_out.sidebar.button] == [i18n.t("access_login", "en")]
    signed_in = open_app("data", secrets=OIDC, user={"is_logged_in": True, "email": "ed@example.org"})
    assert can_upload(signed_in)
    served.setenv(access.WRITERS_VARIABLE, "someone-else@example.org")
    stranger = open_app("data", secrets=OIDC, user={"is_logged_in": True, "email": "ed@example.org"})
    assert not can_upload(stranger)
    assert any("ed@example.org" in shown(c.value) for c in stranger.sidebar.caption)


# ---- no server path on any page ---------------------------------------------------------------------


def everything_sent(at: AppTest) -> str:
    """Every element the browser would receive, as protobuf text: labels, values, banners, tables' metadata."""
    parts, stack = [], [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        stack.extend(getattr(node, "children", {}).values())
    return "\n".join(parts)


def server_paths(home: Path) -> list[str]:
    server = EmbeddedServer(home)
    return [str(home), str(server.paths.socket), str(server.paths.log_file), "/tmp"]  # noqa: S108


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])  # noqa: S104
def test_no_page_shows_a_server_path(served, coordreg_home, host):
    served.setenv(access.HOST_VARIABLE, host)
    for page in PAGES:
        sent = everything_sent(open_app(page))
        for path in server_paths(coordreg_home):
            assert path not in sent, f"{page} shows {path}"


def test_store_error_banners_show_no_path(served, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    served.setenv("COORDREG_HOME", str(blocker / "home"))  # the store cannot create its folder there
    served.setenv("COORDREG_GRAPH", "embedded:privacy")
    at = open_app()
    assert [e.value for e in at.error] == [i18n.t("store_unavailable", "en")]
    sent = everything_sent(at)
    assert str(tmp_path) not in sent and "/tmp" not in sent  # noqa: S108
    served.setenv("COORDREG_GRAPH", "bolt://127.0.0.1:9")  # nothing listens on the discard port
    at = open_app()
    assert [e.value for e in at.error] == [i18n.t("store_unavailable", "en")]
    assert "127.0.0.1:9" not in everything_sent(at)


def test_messages_lose_their_paths_but_keep_urls_and_fractions():
    message = "stopped answering; its log is /tmp/coordreg-x/run/falkordb.log (socket ~/c/s.sock). See http://a/b, 1/2."
    assert without_paths(message) == "stopped answering; its log is … (socket …). See http://a/b, 1/2."


# ---- Streamlit itself stays on this machine -------------------------------------------------------------


def test_the_launcher_adds_offline_options_without_overriding_any():
    from app_pages.launch import with_offline_options

    wildcard = with_offline_options(["run", "app.py", "--server.address", "0.0.0.0"])  # noqa: S104
    assert wildcard[:7] == ["run", "--browser.gatherUsageStats", "false", "--browser.serverAddress", "localhost",
                            "--server.showEmailPrompt", "false"]  # fmt: skip
    assert wildcard[7:] == ["app.py", "--server.address", "0.0.0.0"]  # noqa: S104
    specific = with_offline_options(["run", "app.py", "--server.address=192.0.2.7", "--browser.gatherUsageStats=true"])
    assert "--browser.serverAddress" not in specific  # printed and opened as given, with no look-up
    assert specific.count("--browser.gatherUsageStats=true") == 1 and "--browser.gatherUsageStats" not in specific
    assert with_offline_options(["--version"]) == ["--version"]


# Runs before the launcher, in the app's own process: every connection it opens and every name it resolves.
AUDIT = """
import ipaddress, runpy, sys
def hook(event, args):
    if event == "socket.connect" and isinstance(args[1], tuple):
        host = str(args[1][0])
        try:
            local = ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            local = host == "localhost"
        if not local:
            print(f"OUTSIDE connect {args[1]}", file=sys.stderr, flush=True)
    elif event == "socket.getaddrinfo" and str(args[0]) not in {"localhost", "127.0.0.1", "::1", "None", "0.0.0.0"}:
        print(f"OUTSIDE resolve {args[0]}", file=sys.stderr, flush=True)
sys.addaudithook(hook)
sys.argv = ["launch", *sys.argv[1:]]
runpy.run_module("app_pages.launch", run_name="__main__")
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cross_origin_handshake(port: int) -> bytes:
    """A WebSocket handshake from a page elsewhere: Streamlit checks such an origin against its own addresses."""
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Origin: http://elsewhere.invalid\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request.encode())
        return conn.recv(200)


def test_the_launcher_makes_no_outside_request(tmp_path, privacy_graph, coordreg_home):
    port = _free_port()
    env = dict(os.environ, COORDREG_HOME=str(coordreg_home), COORDREG_GRAPH=f"embedded:{privacy_graph}")
    log = tmp_path / "app.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                AUDIT,
                "run",
                str(APP),
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "0.0.0.0",
            ],  # fmt: skip  # noqa: S104
            cwd=tmp_path,  # no .streamlit/config.toml here: the launcher's own options must do
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:  # noqa: S310
                    if answer.read() == b"ok":
                        break
            except OSError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        answer = _cross_origin_handshake(port)
        assert not answer.startswith(b"HTTP/1.1 101"), "a foreign origin must not get a session"
        time.sleep(2)  # Streamlit's look-up waits up to 1 s per address
    finally:
        process.terminate()
        process.wait(timeout=20)
    printed = log.read_text()
    assert "You can now view your Streamlit app" in printed, printed
    assert "OUTSIDE" not in printed, printed
    assert "External URL" not in printed and "Did not auto detect external IP" not in printed, printed
