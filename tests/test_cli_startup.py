"""`coordreg --help`, `queries` and `describe` start without the heavy libraries, and the commands that open
a store (`status`, `query`, `cypher`) without pandas and pyarrow.

What is imported is checked, not how long it takes: a timing would depend on
the machine and its load, the imports do not. BENCHMARKS.md ("CLI start-up")
has the measured times (`python -m benchmarks.cli_timing`). Each command runs
in a fresh interpreter, as a person's shell would start it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import graph_env

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


#: What no command that opens a store needs: an answer is printed from the store's rows, not from a frame.
FRAMES = {"pandas", "pyarrow", "numpy"}


def _imported(args: list[str], home, store_env: dict[str, str] | None = None) -> tuple[set[str], str]:
    env = {**os.environ, "COORDREG_HOME": str(home), **(store_env or {})}
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


# The neo4j driver imports pandas, NumPy and pyarrow itself whenever they are installed (its DataFrame export):
# only the embedded store's commands can be held to this.
@pytest.mark.falkordb_only
@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["query", "typology_matrix", "--param", "country=ARG", "--format", "json"],
        ["query", "compare_practices", "--param", "a=arg-intercosecha", "--param", "b=bra-canpat", "--format", "table"],
        ["cypher", "MATCH (p:Practice) RETURN p.id AS id, p.countries AS countries LIMIT 3"],
    ],
)
def test_commands_on_a_store_import_neither_pandas_nor_pyarrow(seed_store, tmp_path, args):
    loaded, output = _imported(args, tmp_path, graph_env(seed_store))
    assert output.strip()
    assert not loaded & FRAMES, sorted(loaded & FRAMES)
    # Reads go over the store's own wire (registry/stores/falkordb_wire.py), not redis-py's client.
    assert not loaded & {"redis", "falkordb"}, sorted(loaded & {"redis", "falkordb"})


@pytest.mark.falkordb_only
def test_a_whole_registry_answer_read_from_its_snapshot_imports_no_pandas(seed_store, tmp_path):
    """The first run computes the answer and keeps it (a frame, pandas); the next reads the kept file's rows, a
    small file with nanoarrow alone (pyarrow would import NumPy)."""
    first, first_output = _imported(["query", "typology_matrix"], tmp_path, graph_env(seed_store))
    loaded, output = _imported(["query", "typology_matrix"], tmp_path, graph_env(seed_store))
    assert output == first_output and "arg-intercosecha" in output
    assert "nanoarrow" in loaded  # the kept file was read: the answer did not run live again
    assert not loaded & FRAMES, sorted(loaded & FRAMES)


def test_an_answer_with_its_frame_not_built_yet_can_be_pickled(seed_store, tmp_path):
    """The app's st.cache_data pickles answers: a lazily built frame (a kept snapshot's) must survive that."""
    import pickle

    from registry.queries.library import run_named_query

    run_named_query(seed_store, "typology_matrix", home=tmp_path)  # computed, and kept
    kept = run_named_query(seed_store, "typology_matrix", home=tmp_path)
    copy = pickle.loads(pickle.dumps(kept))
    assert copy.rows == kept.rows and len(copy) == len(kept) > 0
    assert copy.frame.equals(kept.frame)


# ---------------------------------------------------------------- the language (registry/cli/language.py)


def test_english_reads_no_catalog(tmp_path):
    """An English command has its words in the code (the catalogs' msgids): no Babel, no cache file."""
    cache = tmp_path / "cache"
    env = {"COORDREG_LANG": "en", "XDG_CACHE_HOME": str(cache)}
    loaded, output = _imported(["queries", "--format", "table"], tmp_path, env)
    assert "Typology matrix" in output
    assert "babel" not in loaded and not cache.exists()


def test_french_reads_the_catalogs_once_then_from_the_cache(tmp_path):
    """The first French command reads the .po files (Babel) and keeps what they hold; the next ones read that."""
    cache = tmp_path / "cache"
    env = {"COORDREG_LANG": "fr", "XDG_CACHE_HOME": str(cache)}
    first, first_output = _imported(["describe", "practice_levels"], tmp_path, env)
    assert "babel" in first and "Question : " in first_output
    kept = list((cache / "coordreg").glob("catalog-fr-*.json"))
    assert len(kept) == 1
    loaded, output = _imported(["describe", "practice_levels"], tmp_path, env)
    assert output == first_output
    assert "babel" not in loaded and not loaded & set(HEAVY), sorted(loaded)
    # A damaged cache file is read past: the catalogs are read again and the file written anew.
    kept[0].write_text("{not json", encoding="utf-8")
    again, again_output = _imported(["describe", "practice_levels"], tmp_path, env)
    assert again_output == first_output and "babel" in again
    assert kept[0].read_text(encoding="utf-8").startswith("{")
