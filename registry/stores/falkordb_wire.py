"""The embedded store's reads over its unix socket: one command sent in RESP, the reply parsed by hiredis.

redis-py, under the FalkorDB client library, imports its asyncio client whatever is used: 0.15 to 0.3 s,
more than a whole `coordreg status` may take. A read needs only to send a command and parse its reply, which
hiredis (the C parser redis-py itself uses) does; writes, schema commands and the client library's decoding of
nodes and paths still go through the library, imported when first needed (``registry.stores.embedded``).
The reply has the shapes redis-py gives with ``decode_responses=True``, so either may decode it.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from pathlib import Path
from typing import Any

import hiredis

_CHUNK = 1 << 16


class WireError(Exception):
    """A command could not be sent, or its reply not read."""


class ReplyError(WireError):
    """The server answered with an error (redis-py's ResponseError)."""


class ConnectionLost(WireError):
    """The socket could not be reached, or closed before the whole reply came (redis-py's ConnectionError)."""


def store_error(exc: BaseException) -> bool:
    """Whether ``exc`` is the store's (this module's, or redis-py's when the client library is in use)."""
    redis = sys.modules.get("redis")
    return isinstance(exc, WireError) or (redis is not None and isinstance(exc, redis.RedisError))


def connection_lost(exc: BaseException) -> bool:
    redis = sys.modules.get("redis")
    if isinstance(exc, ConnectionLost):
        return True
    return redis is not None and isinstance(exc, (redis.ConnectionError, redis.TimeoutError))


def reply_error(value: Any) -> bool:
    """Whether a reply, or an element of one, is an error the server sent."""
    redis = sys.modules.get("redis")
    return isinstance(value, ReplyError) or (redis is not None and isinstance(value, redis.ResponseError))


def _encoded(args: tuple[Any, ...]) -> bytes:
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode("utf-8")
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


class Wire:
    """Connections to the server's unix socket, one per command running at a time: the app's sessions share
    one store from several threads, as they shared redis-py's connection pool. A connection is opened when no
    idle one is left, and dropped after a failure (the next command opens a new one)."""

    def __init__(self, socket_path: Path, timeout_s: float | None = None):
        self.socket_path = socket_path
        self.timeout_s = timeout_s
        self._idle: list[socket.socket] = []
        self._lock = threading.Lock()

    def _connection(self) -> socket.socket:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout_s)
        try:
            sock.connect(str(self.socket_path))
        except OSError as exc:
            sock.close()
            raise ConnectionLost(f"Error connecting to unix socket: {self.socket_path}. {exc}") from exc
        return sock

    def call(self, *args: Any) -> Any:
        """Send one command and return its reply; an error reply is raised (errors inside a list are kept)."""
        sock = self._connection()
        reader = hiredis.Reader(replyError=ReplyError, encoding="utf-8")
        try:
            sock.sendall(_encoded(args))
            reply = False
            while reply is False:
                data = sock.recv(_CHUNK)
                if not data:
                    raise ConnectionLost("Connection closed by server.")
                reader.feed(data)
                reply = reader.gets()
        except (OSError, hiredis.ProtocolError) as exc:
            _close(sock)
            raise ConnectionLost(f"Error while reading from {self.socket_path}: {exc}") from exc
        except BaseException:
            # Half a reply may be left unread (Ctrl-C, a lost connection): this connection is not used again.
            _close(sock)
            raise
        with self._lock:
            self._idle.append(sock)
        if isinstance(reply, ReplyError):
            raise reply
        return reply

    def close(self) -> None:
        """Close the idle connections (one still in use is closed when its command ends with an error)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for sock in idle:
            _close(sock)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.close()
