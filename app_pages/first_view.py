"""A static first view served on the app's own port while Streamlit starts, then the port handed to Streamlit.

Streamlit takes a second or two to import and start, and the browser as long again to load its front end and
draw the Overview. ``app_pages.launch`` therefore binds the app's address and port itself, before importing
Streamlit, and serves from it, with the standard library only:

- any page path: the Overview's heading, figures and first matrix rows as the last snapshot kept them
  (``registry/app_support/first_view.py``), with a line saying the interactive app is starting, in the language
  the URL asks for (``?lang=fr``, as the app reads it); a small script polls the health check and reloads;
- ``/_stcore/…`` (the health check among them) and Streamlit's other paths: 503, so whatever waits for the app's
  health still waits for the real app.

When Streamlit starts its server, ``install_handover`` gives it the very socket already listening, through the
one function Streamlit binds with (``_bind_server_socket`` in ``streamlit.web.server.starlette.starlette_server``,
Streamlit 1.67): the static server stops accepting, and connections waiting meanwhile stay in the socket's queue
until Streamlit accepts them. No moment refuses a connection. Each static answer closes its connection (HTTP/1.0),
and connections still held when Streamlit takes over are closed (``close_held``).

The socket is bound exactly as Streamlit would bind the same ``--server.address`` (never wider). On a loopback
address only this machine's names (localhost, 127.0.0.1, ::1) get the registry's figures: a page elsewhere that
rebinds its own name to 127.0.0.1 gets the plain "starting" page. Without an
explicit address and port, with a Unix socket, or when the port is taken, nothing is served and Streamlit binds
as usual. ``COORDREG_APP_FIRST_VIEW=0`` (``coordreg app --no-first-view``) turns it off.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import socket
import sys
import threading
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ENV = "COORDREG_APP_FIRST_VIEW"
#: Paths Streamlit's server answers (its API, front-end files, media, components): 503 until it does.
STREAMLIT_PATHS = ("/_stcore", "/static/", "/media/", "/component/", "/app/static/", "/favicon")
#: How long a request for the first view waits for the kept answers to be read before showing a plain "starting".
READ_WAIT_S = 5.0
BACKLOG = 2048  # uvicorn's default backlog, which Streamlit passes when it binds


def _option(arguments: list[str], name: str) -> str | None:
    for index, argument in enumerate(arguments):
        if argument == name and index + 1 < len(arguments):
            return arguments[index + 1]
        if argument.startswith(name + "="):
            return argument.split("=", 1)[1]
    return None


def _setting(arguments: list[str], section: str, name: str) -> Any:
    """A Streamlit option as Streamlit reads it: ``--section.name``, then ``STREAMLIT_SECTION_NAME``, then the config
    files (the folder's own over the user's); None when none sets it. Raises on a config file it cannot read."""
    given = _option(arguments, f"--{section}.{name}")
    if given is not None:
        return given
    variable = "STREAMLIT_" + re.sub(r"(?<!^)(?=[A-Z])", "_", f"{section}_{name}").upper()
    if os.environ.get(variable) is not None:
        return os.environ[variable]
    value = None
    for path in (Path.home() / ".streamlit" / "config.toml", Path.cwd() / ".streamlit" / "config.toml"):
        with contextlib.suppress(FileNotFoundError):
            with path.open("rb") as file:
                found = tomllib.load(file).get(section, {}).get(name)
            if found is not None:
                value = found
    return value


def address_and_port(arguments: list[str]) -> tuple[str, int] | None:
    """Where Streamlit will listen, as its arguments, environment and config files say (in its order), or None
    when the first view should not be served there (no explicit address, a Unix socket, an ephemeral port, or a
    base URL path: the page's health check would be looked for elsewhere)."""
    try:
        address = _setting(arguments, "server", "address")
        port = int(_setting(arguments, "server", "port") or 8501)
        base = _setting(arguments, "server", "baseUrlPath")
    except (ValueError, OSError, tomllib.TOMLDecodeError):
        return None
    if not address or str(address).startswith("unix://") or not 0 < port < 65536 or str(base or "").strip("/"):
        return None
    return str(address), port


def browser_url(arguments: list[str], port: int) -> str | None:
    """The address Streamlit would open a browser at once started, or None when it opens none (headless).

    As Streamlit 1.67 decides (``bootstrap.maybe_open_browser``, ``config._server_headless``): headless when told
    so, else by default on Linux or BSD with no display."""
    try:
        headless = _setting(arguments, "server", "headless")
        shown = _setting(arguments, "browser", "serverAddress") or _setting(arguments, "server", "address")
    except (ValueError, OSError, tomllib.TOMLDecodeError):
        return None
    if headless is None:
        headless = sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        )
    if str(headless).strip().lower() in {"true", "1", "yes"} or not shown:
        return None
    host = "localhost" if shown in {"0.0.0.0", "::"} else str(shown)  # noqa: S104 - compared, not bound
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def open_browser_now(url: str) -> None:
    """Open ``url`` as Streamlit's ``cli_util.open_browser`` would (xdg-open, open, or the webbrowser module),
    now rather than once Streamlit is ready, so the first view is what the browser shows first; Streamlit's own
    opening of the same address is then skipped (``skip_streamlits_browser``)."""
    import shutil
    import subprocess

    command = "open" if sys.platform == "darwin" else "xdg-open" if shutil.which("xdg-open") else None
    if command is None:
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        return
    with contextlib.suppress(OSError):
        subprocess.Popen([command, url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603


def skip_streamlits_browser(url: str) -> None:
    """Streamlit opens a browser at ``url`` once it listens: already open, so not a second time."""
    from streamlit import cli_util

    original = cli_util.open_browser

    def open_browser(address: str) -> None:
        if address.rstrip("/") != url.rstrip("/"):
            original(address)

    cli_util.open_browser = open_browser


def bind(address: str, port: int) -> socket.socket:
    """A listening socket on ``address``:``port``, with the options Streamlit's ``_bind_socket`` sets."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family=family)
    try:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)  # as Streamlit does for "::"
        sock.bind((address, port))
        sock.listen(BACKLOG)
        sock.set_inheritable(True)
        return sock
    except BaseException:
        sock.close()
        raise


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _StaticServer
    server_version = "coordreg-first-view"
    timeout = 10  # seconds a connection may stay silent: a client sending nothing does not hold a thread for ever
    sys_version = ""

    def _send(self, status: int, body: bytes, content_type: str, head_only: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if status == 503:
            self.send_header("Retry-After", "1")
        else:
            from registry.app_support.first_view import CONTENT_SECURITY_POLICY

            self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            self.send_header("X-Frame-Options", "DENY")
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def _answer(self, head_only: bool = False) -> None:
        url = urlsplit(self.path)
        if url.path.startswith(STREAMLIT_PATHS) or self.command not in ("GET", "HEAD"):
            self._send(503, b"starting\n", "text/plain; charset=utf-8", head_only)
            return
        lang = (parse_qs(url.query).get("lang") or ["en"])[0]
        host = urlsplit("//" + (self.headers.get("Host") or "")).hostname or ""
        if self.server.only_hosts is not None and host not in self.server.only_hosts:
            # Served on loopback, asked for by another name: a page elsewhere rebinding its name to this machine
            # (DNS rebinding) would read the registry's titles. Only "starting", with nothing of the registry.
            self._send(200, self.server.starting(lang).encode("utf-8"), "text/html; charset=utf-8", head_only)
            return
        self._send(200, self.server.page(lang).encode("utf-8"), "text/html; charset=utf-8", head_only)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._answer()

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head_only=True)

    def do_POST(self) -> None:  # noqa: N802
        self._answer()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
        """Quiet: Streamlit's own log follows."""


class _StaticServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, sock: socket.socket, graph_url: str, home: Path) -> None:
        super().__init__(sock.getsockname()[:2], _Handler, bind_and_activate=False)
        self.socket.close()  # the one socketserver made; ours is already bound and listening
        self.socket = sock
        self.only_hosts: set[str] | None = None  # the Host names answered with the registry's figures (None: any)
        self._kept: Any = None
        self._read = threading.Event()
        self._pages: dict[str, str] = {}
        self._held: set[socket.socket] = set()  # connections accepted and not yet closed
        self._held_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._held_lock:
            self._held.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._held_lock:
            self._held.discard(request)
        super().shutdown_request(request)

    def close_held(self) -> None:
        """End the connections still open: one waiting for its request (a browser's spare connection) reads its
        end and is closed, so the browser asks again on a new connection, which Streamlit accepts; an answer being
        written is finished first (only the reading side is shut)."""
        with self._held_lock:
            held = list(self._held)
        for connection in held:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RD)

    def read_kept(self, graph_url: str, home: Path) -> None:
        """Read the kept answers (about 0.1 s at N = 1,000). Done before Streamlit is imported: read in a thread
        beside that import, it took over 1.5 s on a busy machine and the first view went out without them."""
        try:
            from registry.app_support.first_view import read_kept

            self._kept = read_kept(graph_url, home)
        except Exception:  # noqa: BLE001 - a first view without figures rather than none
            self._kept = None
        finally:
            self._read.set()

    def starting(self, lang: str) -> str:
        from registry.app_support.first_view import render

        return render(None, lang)

    def page(self, lang: str) -> str:
        from registry.app_support.first_view import render

        lang = lang if lang in ("en", "fr") else "en"
        self._read.wait(READ_WAIT_S)
        if not self._read.is_set():
            return render(None, lang)
        if lang not in self._pages:
            self._pages[lang] = render(self._kept, lang)
        return self._pages[lang]


class FirstView:
    """The static server on the app's socket, until ``hand_over`` gives that socket to Streamlit."""

    def __init__(self, sock: socket.socket, address: str, graph_url: str, home: Path) -> None:
        self.socket = sock
        self.address, self.port = address, int(sock.getsockname()[1])  # the address as Streamlit is given it
        self._server = _StaticServer(sock, graph_url, home)
        self._server.only_hosts = _loopback_names(address)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="coordreg-first-view-server",
            daemon=True,
        )  # fmt: skip
        self._thread.start()
        self.handed = False
        self._server.read_kept(graph_url, home)  # a request meanwhile waits for it (READ_WAIT_S)

    def stop_serving(self) -> None:
        """Stop accepting (a request being answered finishes); the socket stays open and listening."""
        if not self.handed:
            self.handed = True
            self._server.shutdown()
            self._server.close_held()

    def hand_over(self) -> socket.socket:
        self.stop_serving()
        self.socket.setblocking(False)  # as Streamlit's own socket, which asyncio serves
        return self.socket


def _loopback_names(address: str) -> set[str] | None:
    """The Host names a first view served on ``address`` answers with the registry's figures: this machine's own
    names when it listens on loopback only; None (any name) when it listens where others reach it anyway."""
    import ipaddress

    if address == "localhost":
        loopback = True
    else:
        try:
            loopback = ipaddress.ip_address(address).is_loopback
        except ValueError:
            loopback = False
    return {"localhost", "127.0.0.1", "::1", address} if loopback else None


def start(arguments: list[str]) -> FirstView | None:
    """Serve the first view where Streamlit will listen, unless turned off or not possible (then None)."""
    if os.environ.get(ENV, "1").strip().lower() in {"0", "false", "no", "off"}:
        return None
    where = address_and_port(arguments)
    if where is None:
        return None
    try:
        sock = bind(*where)
    except OSError:  # the port is taken, the address not this machine's: Streamlit reports it as it always does
        return None
    from registry.stores import configured_graph_url
    from registry.stores.embedded_server import default_home

    home = default_home()
    return FirstView(sock, where[0], configured_graph_url(), home)


def install_handover(view: FirstView) -> None:
    """Make Streamlit's server take the first view's socket instead of binding its own.

    The smallest hook into Streamlit 1.67: ``UvicornServer.start`` gets its socket from the module function
    ``_bind_server_socket(server_address, bind_address, port, backlog)``; for our address and port it now returns
    the socket already listening. Any other request (another port after a retry, another Streamlit) binds as
    before, once our socket is closed. If a later Streamlit no longer has this function, the static server is
    stopped and its socket closed here, and Streamlit binds as usual (the first view just ends sooner)."""
    try:
        from streamlit.web.server.starlette import starlette_server
    except ImportError:
        starlette_server = None
    original = getattr(starlette_server, "_bind_server_socket", None)
    if starlette_server is None or original is None:
        view.stop_serving()
        view.socket.close()
        print("coordreg: this Streamlit binds its socket elsewhere; no first view", file=sys.stderr)
        return

    def bind_server_socket(server_address: str, bind_address: str, port: int, backlog: int) -> Any:
        if not view.handed and port == view.port and view.address == bind_address:
            return view.hand_over(), bind_address
        view.stop_serving()
        view.socket.close()
        return original(server_address, bind_address, port, backlog)

    starlette_server._bind_server_socket = bind_server_socket  # noqa: SLF001
