"""Fixtures of the hardening suite, loaded by its modules with
``pytest_plugins = ["hardening_fixtures"]`` so every module shares one instance."""

from __future__ import annotations

import pytest
from hardening_support import RELIABILITY, SyntheticRegistry, synthetic_registry


@pytest.fixture(scope="session")
def reliability():
    """The campaign's figures, written to test-artifacts/reliability.json when the session ends."""
    yield RELIABILITY
    RELIABILITY.write()


@pytest.fixture(scope="session")
def synthetic(coordreg_home, tmp_path_factory) -> SyntheticRegistry:
    """150 synthetic practices and what a clean load of them gives (written and loaded once)."""
    return synthetic_registry(coordreg_home, tmp_path_factory.getbasetemp())
