"""A live line on stderr while a long command works, so a load of 10,000 files never sits silent.

It says what the command is doing and for how long; once the total is known,
how far it is, how fast it goes and how long is left. It is drawn only when
stderr is a terminal: a log, a pipe or CI gets nothing but the command's own
lines. Rich is imported only then. The line is removed when the work ends,
so the command's summary is what stays on screen.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any

from registry.cli.language import language, say

if TYPE_CHECKING:
    from rich.progress import Progress


class Activity:
    """``with Activity("checking 12 files") as activity: …; activity.step("writing", done, total)``."""

    def __init__(self, description: str, *, unit: str | None = None, enabled: bool | None = None) -> None:
        self.description = description
        self.unit = unit if unit is not None else say("cli_progress_files", "files")
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._progress: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> Activity:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn(say("cli_progress_elapsed", "elapsed,")),
            TimeRemainingColumn(),
            TextColumn(say("cli_progress_left", "left")),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self._task = self._progress.add_task(self.description, total=None, rate="")
        self._progress.start()
        return self

    def step(self, description: str, done: int, total: int | None) -> None:
        """Where the work stands: ``done`` of ``total`` (None while the total is not known)."""
        if self._progress is None:
            return
        task = self._progress.tasks[0]
        if description != task.description:  # a new phase: its rate and time left count from here
            self._progress.reset(self._task, total=total, description=description)
        self._progress.update(self._task, completed=done, total=total)
        speed = self._progress.tasks[0].speed
        rate = ""
        if speed:
            shown = f"{speed:,.0f}" if language() == "en" else f"{speed:,.0f}".replace(",", "\u202f")  # 1 234 in French
            rate = say("cli_progress_rate", "{speed} {unit}/s", speed=shown, unit=self.unit)
        self._progress.update(self._task, rate=rate)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
