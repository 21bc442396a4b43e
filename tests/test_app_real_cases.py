"""The practice page shows what the richer case model records: a period, several documenters, a title in a
further original language, a mechanism at two levels and figures with their qualifier, currency and year."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import open_graph
from test_app import app_environment, open_app, texts

from registry.loading import load_paths, seed_registry_path

REAL_CASES = Path(__file__).parent / "fixtures" / "real_cases"


@pytest.fixture(scope="module")
def real_app_graph(request, backend: str, coordreg_home: Path) -> Iterator[object]:
    graph = open_graph(request, backend, f"app_real_{os.getpid()}" if backend == "falkordb" else "appreal")
    load_paths(graph, [seed_registry_path(), REAL_CASES], rebuild=True)
    with app_environment(graph):
        yield graph
    graph.wipe()
    graph.close()


def _frames(at) -> list:
    return [element.value for element in at.dataframe]


def test_the_practice_page_shows_periods_levels_and_figures(real_app_graph):
    at = open_app("practices", practice="bra-cadastro-unico")
    shown = texts(at)
    assert "since 2003" in shown and "Senarc, Municipality of Princesa" in shown
    assert "Latin America and the Caribbean" in shown
    mechanisms = "\n".join(str(t.value) for t in at.table)
    assert mechanisms.count("One register kept by three tiers of government") == 2  # under meso and under micro
    evidence = next(f for f in _frames(at) if any("Figures" in str(c) for c in f.columns))
    figures = " ".join(str(v) for v in evidence.iloc[:, 3])
    assert "more than 15.1 billion BRL (2020, observed)" in figures
    assert "32–306 per family per month BRL (2011, observed)" in figures
    assert "29.5 billion BRL (2020, expected)" in figures


def test_the_practice_page_speaks_french_for_figures_and_periods(real_app_graph):
    at = open_app("practices", lang="fr", practice="bra-cadastro-unico")
    assert "depuis 2003" in texts(at)
    figures = " ".join(" ".join(str(v) for v in f.iloc[:, 3]) for f in _frames(at) if len(f.columns) > 3)
    assert "plus de 15.1 billion BRL (2020, observé)" in figures


def test_a_bilingual_title_shows_both_originals(real_app_graph):
    at = open_app("practices", practice="bel-crossroads-bank-network")
    shown = texts(at)
    assert "Kruispuntbank van de Sociale Zekerheid" in shown and "fr: Banque Carrefour de la Sécurité Sociale" in shown
