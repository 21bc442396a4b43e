"""coordreg's own exceptions.

Every error a user can trigger is one of these, so the CLI and the app can
show a one-line message instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class CoordregError(Exception):
    """Base class: the message is meant for a person, not a developer."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    place: str  # "practice > mechanisms[2]", or "sheet 'actors', row 5, column 'kind'"
    field: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = f"{self.file}: {self.place}" if self.place else self.file
        if self.field:
            where += f" — field '{self.field}'"
        return f"{where}: {self.message}"


class CaseValidationError(CoordregError):
    """One or more case files are invalid; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"]
        first = self.problems[0] if self.problems else None
        more = f" (and {len(self.problems) - 1} more problem(s))" if len(self.problems) > 1 else ""
        super().__init__(f"{first}{more}" if first else "invalid case files")


class StoreUnavailable(CoordregError):
    """The graph store cannot be reached or started."""


class StoreBusy(CoordregError):
    """Another server already owns this data directory."""


class QueryRefused(CoordregError):
    """A console query was refused because it could change or escape the registry."""


class QueryTimeout(CoordregError):
    """A query ran past its time limit and was stopped."""


class QueryFailed(CoordregError):
    """The store rejected a query (syntax error, unknown function …)."""


class UnknownQuery(CoordregError):
    """No named query has that name."""


class BadParameter(CoordregError):
    """A query parameter is missing, unknown or of the wrong type."""


class UnknownId(BadParameter):
    """A query parameter names a practice, actor, agreement … that the registry does not hold.

    A BadParameter, so every place that shows a parameter error shows this one too."""
