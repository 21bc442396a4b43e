"""`coordreg --help`, `queries` and `describe` start without the heavy libraries.

What is imported is checked, not how long it takes: a timing would depend on
the machine and its load, the imports do not. BENCHMARKS.md ("CLI start-up")
has the measured times. Each command runs in a fresh interpreter, as a
person's shell would start it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# Each costs from a tenth of a second (redis' asyncio client) to half a second (pandas with pyarrow) to import.
HEAVY = ("pandas", "numpy", "pyarrow", "pydantic", "yaml", "neo4j", "falkordb", "redis", "streamlit", "networkx",
         "matplotlib", "openpyxl", "pycountry")  # fmt: skip

PROBE = """
import sys
from registry.cli import main
try:
    main(sys.argv[1:], prog_name="coordreg")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
loaded = {name.split(".")[0] for name in sys.modules} - set(sys.stdlib_module_names)
sys.stderr.write(f"\\nexit {code}\\nloaded " + " ".join(sorted(name for name in loaded if not name.startswith("_"))))
"""


def _imported(args: list[str], home) -> tuple[set[str], str]:
    env = {**os.environ, "COORDREG_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=60)
    *_, exit_line, loaded_line = done.stderr.splitlines()
    assert exit_line == "exit 0", done.stderr
    return set(loaded_line.removeprefix("loaded").split()), done.stdout


def test_help_imports_only_click(tmp_path):
    loaded, output = _imported(["--help"], tmp_path)
    assert "describe" in output and "schema" in output
    assert loaded <= {"click", "registry"}, loaded


@pytest.mark.parametrize(
    "args", [["queries"], ["queries", "--all", "--format", "json"], ["describe", "typology_matrix"], ["--version"]]
)
def test_listing_and_describing_queries_import_no_heavy_library(tmp_path, args):
    loaded, output = _imported(args, tmp_path)
    assert output.strip()
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert "rich" not in loaded  # piped output is plain text: no table is drawn


def test_a_table_in_a_terminal_imports_rich_but_still_no_pandas(tmp_path):
    loaded, output = _imported(["queries", "--format", "table"], tmp_path)
    assert "rich" in loaded and "typology_matrix" in output
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
