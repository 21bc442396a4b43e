"""The cost–benefit chart sends one point per spot the eye can tell apart: every spot a practice occupies is
kept, the outlying ones included, each counting and naming its practices; a label lists a few numbers and counts
the rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from test_app import module_app_graph, open_app

from registry.app_support import cost_benefit_chart as chart
from registry.app_support import i18n
from registry.queries.library import run_named_query

MEASURE = "mechanisms"


@pytest.fixture(scope="module")
def cost_graph(request, backend: str, coordreg_home: Path) -> Iterator[object]:
    """A graph of this module's own (the app keeps its store per graph): the app seeds it on its first run."""
    yield from module_app_graph(request, backend, "cost")


def _profile(rows: list[tuple[str, int, int, int]]) -> pd.DataFrame:
    """A cost_benefit answer of (practice, complexity, cost items, benefit items) rows."""
    return pd.DataFrame({
        "practice_id": [r[0] for r in rows],
        "title": [f"Title of {r[0]}" for r in rows],
        MEASURE: [r[1] for r in rows],
        "cost_evidence": [r[2] for r in rows],
        "benefit_evidence": [r[3] for r in rows],
        "cost_categories": [["staff_time"] for _ in rows],
        "benefit_categories": [["faster_payment", "less_fraud"] for _ in rows],
    })  # fmt: skip


def _crowd() -> pd.DataFrame:
    # Twelve practices on one spot, one alone far out (the outlier), two sharing another spot.
    rows = [(f"p{n:02}", 2, 1, 3) for n in range(12)] + [("far", 9, 0, 14), ("q1", 4, 2, 2), ("q2", 4, 2, 2)]
    return _profile(rows)


def test_every_spot_a_practice_occupies_is_one_point_counting_its_practices():
    practices = chart.practice_rows(_crowd(), {"far": "The <b>outlier</b>"}, MEASURE)
    points = chart.chart_points(practices, "en")
    spots = {(kind, c, i) for kind in chart.KINDS
             for c, i in zip(practices["complexity"], practices[f"{kind}_items"], strict=True)}  # fmt: skip
    cost, benefit = i18n.t("evidence_cost", "en"), i18n.t("evidence_benefit", "en")
    kinds = {cost: "cost", benefit: "benefit"}
    drawn = zip(points["kind"], points["complexity"], points["items"], strict=True)
    assert {(kinds[k], c, i) for k, c, i in drawn} == spots
    assert len(points) == len(spots) == 6  # 30 points before
    for kind in (cost, benefit):
        assert points.loc[points["kind"] == kind, "practices"].sum() == len(practices)
    # Costs just left of the tick, benefits just right.
    nudges = (points["x"] - points["complexity"]).round(6)
    assert set(nudges[points["kind"] == cost]) == {-chart.BENEFIT_NUDGE}
    assert set(nudges[points["kind"] == benefit]) == {chart.BENEFIT_NUDGE}
    alone = points[(points["complexity"] == 9) & (points["kind"] == benefit)].iloc[0]
    assert (alone["items"], alone["practices"], alone["practice"]) == (14, 1, "The <b>outlier</b>")
    assert alone["categories"] == "faster payment, less fraud"
    crowd = points[(points["complexity"] == 2) & (points["kind"] == cost)].iloc[0]
    assert crowd["practices"] == 12 and crowd["categories"] == ""
    named = crowd["practice"]
    assert named.startswith("1. Title of p00; 2. Title of p01") and "8. Title of p07" in named
    assert "9. Title of p08" not in named and named.endswith(i18n.t("chart_and_more", "en", count=4))


def test_a_spot_of_a_few_practices_is_numbered_a_crowded_one_is_not():
    practices = chart.practice_rows(_crowd(), {"far": "The <b>outlier</b>"}, MEASURE)
    labels = chart.chart_labels(practices, "fr")
    by_spot = {(x, y): label for x, y, label in zip(labels["x"], labels["y"], labels["label"], strict=True)}
    assert by_spot == {(9 + chart.BENEFIT_NUDGE, 14.0): "13", (4 + chart.BENEFIT_NUDGE, 2.0): "14, 15"}
    assert set(labels["practices"]) == {"13. The <b>outlier</b>", "14. Title of q1; 15. Title of q2"}
    assert chart.NUMBERED_AT_MOST == 6  # as the page's caption says (cost_chart_caption_spots)
    seven = chart.practice_rows(_profile([(f"s{n}", 1, 0, 1) for n in range(7)]), {}, MEASURE)
    assert chart.chart_labels(seven, "en").empty
    assert chart.chart_labels(seven.iloc[:6], "en")["label"].tolist() == ["1, 2, 3\n4, 5, 6"]
    assert chart.chart_labels(practices.iloc[:0], "en").empty


def test_the_seed_registrys_chart_draws_every_practice_and_says_how_points_are_shared(cost_graph):
    at = open_app("cost_benefit", lang="fr")  # its first run seeds the store
    profile = run_named_query(cost_graph, "cost_benefit").frame
    (element,) = at.get("vega_lite_chart")
    sent = [convert_arrow_bytes_to_pandas_df(d.data.data) for d in element.proto.datasets]
    (points,) = [frame for frame in sent if "kind" in frame.columns]  # and the labels' data set
    assert points["practices"].sum() == 2 * len(profile)  # each practice on one cost and one benefit point
    captions = [c.value for c in at.caption]
    shared = bool((points["practices"] > 1).any())
    expected = (i18n.t("cost_chart_caption_spots", "fr", practices=len(profile), points=len(points)) if shared
                else i18n.t("cost_chart_caption", "fr"))  # fmt: skip
    assert expected in captions
