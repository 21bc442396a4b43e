"""Read a case file from disk: only a regular file, and never more than a cap.

A path given on the command line may be anything the system can name: a
device (``/dev/zero`` never ends), a named pipe (reading waits for a writer
that may never come), a socket. Such an input is refused before it is
opened. The file is then opened without waiting (a pipe swapped in after the
check cannot block either), checked again, and read up to its cap: the size
the system reports is not trusted, since a file can grow while it is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_READ_CHUNK = 1024 * 1024


class UnreadableInput(Exception):
    """The input cannot be read as a case file; the message is meant for a researcher."""


class OversizeInput(UnreadableInput):
    """The input holds more than the cap; ``size`` is at least how many bytes it holds."""

    def __init__(self, size: int):
        super().__init__(f"the file holds more than {size} bytes")
        self.size = size


def not_a_regular_file(mode: int) -> str | None:
    """What a non-regular file is, in words ('a named pipe' …); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file on disk"


def refusal_for(kind: str) -> str:
    return f"this is not a regular file (it is {kind}); give a case file saved on disk"


def entry_problem(path: Path) -> str | None:
    """Why a folder entry with a case-file name cannot be read (None when it can, or is a folder)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:  # a broken link, a file removed meanwhile
        return f"cannot read the file ({exc.strerror})"
    kind = not_a_regular_file(mode)
    if kind is None or kind == "a folder":  # folders are walked, not read
        return None
    return refusal_for(kind)


def read_input_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``, a regular file of at most ``max_bytes``.

    Raises ``OversizeInput`` past the cap and ``UnreadableInput`` for anything
    that is not a readable regular file.
    """
    try:
        kind = not_a_regular_file(path.stat().st_mode)
    except OSError as exc:
        raise UnreadableInput(f"cannot read the file ({exc.strerror})") from None
    if kind is not None:
        raise UnreadableInput(refusal_for(kind))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise UnreadableInput(f"cannot read the file ({exc.strerror})") from None
    with os.fdopen(handle, "rb", buffering=0) as stream:
        status = os.fstat(handle)
        kind = not_a_regular_file(status.st_mode)
        if kind is not None:  # replaced between the check and the opening
            raise UnreadableInput(refusal_for(kind))
        if status.st_size > max_bytes:
            raise OversizeInput(status.st_size)
        chunks: list[bytes] = []
        held = 0
        while held <= max_bytes:
            try:
                chunk = stream.read(min(_READ_CHUNK, max_bytes + 1 - held))
            except OSError as exc:
                raise UnreadableInput(f"cannot read the file ({exc.strerror})") from None
            if not chunk:
                break
            chunks.append(chunk)
            held += len(chunk)
        if held > max_bytes:
            raise OversizeInput(max(held, status.st_size))
    return b"".join(chunks)
