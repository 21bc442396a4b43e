"""Cost–benefit: each practice's coordination complexity (a proxy) beside the costs and benefits recorded for it."""

from __future__ import annotations

import altair as alt
import streamlit as st

from app_pages.common import code_filter, fitted_table, frame, header, lang, share_box, tr
from registry.app_support import analysis_views, cost_benefit_chart, views
from registry.app_support.i18n import option_formatter

header("cost_benefit_title", "cost_benefit_intro")
L = lang()  # the interface language of this run
st.warning(tr("proxy_caveat"), icon=":material/warning:")

titles_frame = frame("app_practice_titles")
titles = views.title_lookup(titles_frame, L)
ALL = ""
cols = st.columns(3)
collection = code_filter(titles_frame, "collection", key="cost_collection", container=cols[0])
country = code_filter(titles_frame, "countries", key="cost_country", container=cols[1])
measure = cols[2].selectbox(
    tr("complexity_measure"), list(analysis_views.COMPLEXITY_MEASURES), format_func=option_formatter(L, kind="measure"),
    key="cost_measure",
)  # fmt: skip

profile = frame("cost_benefit", collection=collection or None, country=country or None)
if profile.empty:
    st.info(tr("nothing_found"))
    st.stop()

practices = cost_benefit_chart.practice_rows(profile, titles, measure)
# One point per spot and kind of evidence, not one per practice: thousands of practices share a few hundred spots.
points = cost_benefit_chart.chart_points(practices, L)
cost_label, benefit_label = tr("evidence_cost"), tr("evidence_benefit")
most = int(points["practices"].max()) if len(points) else 1
chart = (
    alt.Chart(points)
    .mark_point(filled=True, opacity=0.7)
    .encode(
        x=alt.X("x:Q", title=tr(f"measure_{measure}"), scale=alt.Scale(zero=True),
                axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("items:Q", title=tr("evidence_items"), axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=[cost_label, benefit_label],
                                                              range=["#d6604d", "#4393c3"])),
        shape=alt.Shape("kind:N", title=None, scale=alt.Scale(domain=[cost_label, benefit_label],
                                                              range=["triangle-down", "circle"])),
        # A point of one practice is drawn as before; one holding many grows with their number.
        size=alt.Size("practices:Q", legend=None, scale=alt.Scale(type="sqrt", domain=[1, max(most, 2)],
                                                                  range=[120, 480])),
        tooltip=[
            alt.Tooltip("practice:N", title=tr("col_practice")),
            alt.Tooltip("practices:Q", title=tr("col_practices")),
            alt.Tooltip("complexity:Q", title=tr(f"measure_{measure}")),
            alt.Tooltip("kind:N", title=tr("col_evidence")),
            alt.Tooltip("items:Q", title=tr("evidence_items")),
            alt.Tooltip("categories:N", title=tr("col_categories")),
        ],
    )
    .properties(height=420)
)  # fmt: skip
# Each point carries its practice's number in the table below (the tooltip has the whole title).
names = (
    alt.Chart(cost_benefit_chart.chart_labels(practices, L))
    .mark_text(align="left", baseline="middle", dx=12, fontSize=11, fontWeight="bold", color="#333333",
               lineBreak="\n")
    .encode(x="x:Q", y="y:Q", text="label:N", tooltip=[alt.Tooltip("practices:N", title=tr("col_practices"))])
)  # fmt: skip
st.altair_chart(chart + names, key="cost_chart")
if most > 1:
    st.caption(tr("cost_chart_caption_spots", practices=len(practices), points=len(points)))
else:
    st.caption(tr("cost_chart_caption"))

fitted_table(
    analysis_views.cost_benefit_table(profile, titles, L), tr("col_practice"),
    [tr("col_costs"), tr("col_benefits"), tr("col_figures")], key="cost_table",
)  # fmt: skip
share_box("cost-benefit")
