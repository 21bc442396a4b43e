"""igraph, imported without matplotlib: ``from registry.analysis.igraph_import import ig``.

At import igraph asks its drawing helpers for matplotlib and matplotlib.pyplot (``find_matplotlib``), for its own
``plot()``, which coordreg never calls: pyvis draws the network page and network_export draws the PNG with
matplotlib itself. That import is most of igraph's (0.1 s without it, 1-3 s with it on two shared cores), paid at
the end of every load, where the snapshot's actor measures need igraph. Here igraph's helper answers as it does
where matplotlib is not installed (a stand-in that refuses every use), so igraph skips it; matplotlib itself is
untouched and imports as usual for whoever needs it. tests/test_igraph_import.py checks both.
"""

from __future__ import annotations

import sys
import types
from typing import Any

_HELPER = "igraph.drawing.matplotlib.utils"
NO_PLOTS = "coordreg imports igraph without matplotlib: igraph's plot() is not available (draw with matplotlib)"


class _NoMatplotlib:
    """What igraph's drawing modules get instead of matplotlib: any use says why (igraph's own FakeModule, which
    cannot be imported before igraph)."""

    def __getattr__(self, _name: str) -> Any:
        raise AttributeError(NO_PLOTS)

    def __call__(self, *_args: Any, **_kwargs: Any) -> Any:
        raise TypeError(NO_PLOTS)


def _find_no_matplotlib() -> tuple[_NoMatplotlib, _NoMatplotlib]:
    return _NoMatplotlib(), _NoMatplotlib()


if "igraph" not in sys.modules and _HELPER not in sys.modules:
    _helper = types.ModuleType(_HELPER, "igraph's find_matplotlib, answering as without matplotlib (see coordreg's)")
    _helper.find_matplotlib = _find_no_matplotlib  # type: ignore[attr-defined]
    _helper.__all__ = ["find_matplotlib"]  # type: ignore[attr-defined]
    sys.modules[_HELPER] = _helper

import igraph as ig  # noqa: E402  (after the helper above is in place)

__all__ = ["ig"]
