"""igraph is imported without matplotlib (registry/analysis/igraph_import.py), and matplotlib still imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_measures_import_igraph_without_matplotlib() -> None:
    out = _run(
        """
        import sys
        from registry.analysis.network import ig
        print("matplotlib" in sys.modules, "matplotlib.pyplot" in sys.modules)
        graph = ig.Graph(n=4, edges=[(0, 1), (1, 2), (2, 3)])
        print(graph.betweenness())
        """
    )
    assert out.splitlines() == ["False False", "[0.0, 2.0, 2.0, 0.0]"]


def test_matplotlib_still_imports_after_igraph_and_igraph_plots_say_why_not() -> None:
    out = _run(
        """
        import registry.analysis.network
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import pyplot as plt
        figure, axes = plt.subplots()
        axes.plot([0, 1], [1, 0])
        print(type(figure).__name__)
        from igraph.drawing import shapes
        try:
            shapes.mpl.patches
        except AttributeError as exc:
            print(exc)
        """
    )
    lines = out.splitlines()
    assert lines[0] == "Figure"
    assert "igraph's plot() is not available" in lines[1]
