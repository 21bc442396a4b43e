"""`pip install .` (not only editable installs) must ship everything the app and CLI read at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = out.glob("coordreg-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _repo_files(folder: str, pattern: str) -> set[str]:
    return {str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob(pattern) if "__pycache__" not in p.parts}


def test_seed_registry_ships_in_the_wheel(wheel_names):
    seeds = _repo_files("registry/seed_registry", "*.yaml")
    assert seeds, "the seed registry is empty"
    assert seeds <= wheel_names, sorted(seeds - wheel_names)


def test_named_queries_ship_in_the_wheel(wheel_names):
    queries = _repo_files("cypher", "*.cypher")
    assert queries <= wheel_names, sorted(queries - wheel_names)


def test_app_and_its_assets_ship_in_the_wheel(wheel_names):
    assert "app_streamlit.py" in wheel_names
    pages = _repo_files("app_pages", "*.py")
    assert pages <= wheel_names, sorted(pages - wheel_names)
    static = {p for p in _repo_files("registry/static", "*") if (ROOT / p).is_file()}
    assert static <= wheel_names, sorted(static - wheel_names)


def test_interface_catalogs_ship_in_the_wheel(wheel_names):
    """The app reads its strings from the gettext catalogs (registry/locale) at run time."""
    catalogs = _repo_files("registry/locale", "*.po") | _repo_files("registry/locale", "*.pot")
    assert {"registry/locale/coordreg.pot", "registry/locale/fr/LC_MESSAGES/coordreg.po"} <= catalogs
    assert catalogs <= wheel_names, sorted(catalogs - wheel_names)
