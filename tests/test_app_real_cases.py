"""The practice page shows what the richer case model records: a period, several documenters, a title in a
further original language, a mechanism at two levels and figures with their qualifier, currency and year."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import open_graph
from test_app import app_environment, open_app, texts

from registry.app_support.figures import figure_text, number_text
from registry.app_support.names import EN_MARK
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
    # This fixture's figures have no French unit or label: the English words stay, marked.
    assert "plus de 15.1 billion (EN) BRL (2020, observé) — federal spending over the pandemic months (EN)" in figures


def test_a_bilingual_title_shows_both_originals(real_app_graph):
    at = open_app("practices", practice="bel-crossroads-bank-network")
    shown = texts(at)
    assert "Kruispuntbank van de Sociale Zekerheid" in shown and "fr: Banque Carrefour de la Sécurité Sociale" in shown


# --- figures' units and labels in French -------------------------------------------------------------------------

SEED_CASES = seed_registry_path() / "cases"


def seed_figures(collection: str, practice: str) -> list[dict]:
    """The figures of a seed case file, as written there."""
    case = yaml.safe_load((SEED_CASES / collection / f"{practice}.yaml").read_text(encoding="utf-8"))
    return [figure for item in case.get("evidence") or [] for figure in item.get("figures") or []]


def _figures_shown(at) -> str:
    return " ".join(" ".join(str(v) for v in f.iloc[:, 3]) for f in _frames(at) if len(f.columns) > 3)


def test_an_issa_practice_shows_its_figures_french_unit_and_label(real_app_graph):
    written = seed_figures("issa-americas", "ury-public-software-reuse")
    assert len(written) == 3 and all(f.get("unit_fr") and f.get("label_fr") for f in written)
    shown = _figures_shown(open_app("practices", lang="fr", practice="ury-public-software-reuse"))
    for figure in written:
        assert f"{number_text(figure['value'])} {figure['unit_fr']} — {figure['label_fr']}" in shown
        assert figure["label"] not in shown
    assert EN_MARK not in shown


def test_an_ilo_practice_figure_keeps_its_english_words_marked_en(real_app_graph):
    written = seed_figures("ilo-sse", "ilo-sse-ury-fonasa-health-cooperatives")
    assert written and not any("unit_fr" in f or "label_fr" in f for f in written)  # this collection stays English
    shown = _figures_shown(open_app("practices", lang="fr", practice="ilo-sse-ury-fonasa-health-cooperatives"))
    for figure in written:
        assert f"{number_text(figure['value'])} {figure['unit']}{EN_MARK} — {figure['label']}{EN_MARK}" in shown
    english = _figures_shown(open_app("practices", practice="ilo-sse-ury-fonasa-health-cooperatives"))
    assert EN_MARK not in english and written[0]["label"] in english


def test_figure_text_takes_the_french_unit_and_label_in_french_only():
    figure = seed_figures("issa-americas", "arg-intercosecha")[0]
    value = number_text(figure["value"])
    assert figure_text(figure, "fr") == f"{value} {figure['unit_fr']} — {figure['label_fr']}"
    assert figure_text(figure, "en") == f"{value} {figure['unit']} — {figure['label']}"


def test_figure_text_marks_whichever_english_word_has_no_french():
    figure = {"value": 15.1, "qualifier": "more-than", "unit": "billion", "currency": "BRL", "as_of": 2020,
              "status": "observed", "label": "federal spending"}  # fmt: skip
    assert figure_text(figure, "fr") == "plus de 15.1 billion (EN) BRL (2020, observé) — federal spending (EN)"
    assert figure_text(figure, "en") == "more than 15.1 billion BRL (2020, observed) — federal spending"
    unit_only = {**figure, "unit_fr": "milliards"}
    assert figure_text(unit_only, "fr") == "plus de 15.1 milliards BRL (2020, observé) — federal spending (EN)"
    label_only = {"low": 32, "high": 306, "unit": "per family", "label": "paid", "label_fr": "versé"}
    assert figure_text(label_only, "fr") == "32–306 per family (EN) — versé"
    blank = {"value": 2, "unit": "forms", "unit_fr": "  ", "label": "before", "label_fr": ""}  # read as not given
    assert figure_text(blank, "fr") == "2 forms (EN) — before (EN)"
