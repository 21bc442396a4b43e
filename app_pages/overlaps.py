"""Overlaps & duplication: pairs of practices ranked by evidence of real contact, with the reasons; possible
double work within one country; actors that bridge levels and practices."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import (
    code_filter,
    fitted_table,
    frame,
    header,
    kept,
    lang,
    link,
    link_to,
    share_box,
    synced_choice,
    tr,
)
from registry.app_support import analysis_views, overlap_view, views
from registry.app_support.i18n import option_formatter

header("overlaps_title", "overlaps_intro")
L = lang()  # the interface language of this run

titles_frame = frame("app_practice_titles")
titles = kept("title_lookup", lambda: views.title_lookup(titles_frame, L), lang=L)  # shared with the Overview
ALL = ""
collection = code_filter(titles_frame, "collection", key="overlaps_collection")
chosen = collection or None


def overlap_pairs() -> None:
    """The pairs ranked by score, a page at a time, a pair's way to the network, and the page's matrix."""
    st.caption(tr("overlap_caption"))
    # The practices of the ranked pairs (strongest first), and one a link names or chosen before.
    offered = overlap_view.practices_offered(
        overlap_view.ranked(frame("practice_overlap", collection=chosen)),
        overlap_view.practices_in(titles_frame, collection),
        link().get("practice"),
        st.session_state.get("overlaps_practice"),
    )
    practice = synced_choice(
        tr("overlap_with"), offered, param="practice",
        key="overlaps_practice", format_func=option_formatter(L, names=titles), placeholder=tr("any_practice"),
    )  # fmt: skip
    overlap = frame("practice_overlap", collection=chosen, practice=practice)
    if overlap.empty:
        st.info(tr("nothing_found"))
    else:

        def overlap_table() -> pd.DataFrame:
            actors = frame("actor_list")
            return overlap_view.overlap_table(
                overlap, titles, L, views.actor_lookup(actors, L), views.actor_relabels(actors, L)
            )

        # Kept per registry version and view: a run of the page (any widget) built the tables of every tab again.
        table = kept("overlap_table", overlap_table, lang=L, collection=chosen, practice=practice)
        best = float(table[tr("col_score")].max()) or 1.0
        page = fitted_table(
            table, [tr("col_practice_a"), tr("col_practice_b")], [tr("col_score"), tr("col_why")],
            # The reasons get the room; the score's bar and number need little.
            key="overlaps_table", fixed={tr("col_score"): 100, tr("col_why"): 260},
            config={
                # A bar against the best pair shown, with the score written on it: how far behind each pair is.
                tr("col_score"): st.column_config.ProgressColumn(min_value=0.0, max_value=best, format="%.2f",
                                                                 help=tr("score_help")),
                tr("col_why"): st.column_config.TextColumn(help=tr("why_help")),
                tr("col_similarity"): st.column_config.NumberColumn(format="%.3f"),
            },
        )  # fmt: skip
        # From a pair to its drawing: both practices on the network, the actors they share ringed there.
        pairs = overlap_view.pair_choices(overlap, titles)
        pair = st.selectbox(tr("overlap_pair"), list(pairs), key="overlaps_pair", format_func=pairs.__getitem__)
        if pair:
            link_to("network", tr("go_network_pair"), practices=pair)
        st.markdown(f"**{tr('overlap_matrix')}**")
        # The strongest pairs of the page drawn above (the table's order is overlap_view.ranked's): a page's 100
        # pairs spread over some 200 practices, a matrix of 40,000 mostly empty cells nobody could read.
        last = min(page.last, page.first + analysis_views.MATRIX_PAIRS - 1)
        matrix = analysis_views.overlap_matrix(
            overlap_view.ranked(overlap).iloc[page.first - 1 : last], titles, value="score", empty=None, in_order=True
        )
        # No pandas Styler (it styled and sent every cell one by one): each cell is a bar against the best pair,
        # as in the table above, and a pair with nothing shared is left blank.
        bar = st.column_config.ProgressColumn(min_value=0.0, max_value=best, format="%.2f")
        st.dataframe(matrix, column_config={c: {**bar, "label": c} for c in matrix.columns}, key="overlaps_matrix")
        st.caption(tr("overlap_matrix_bars"))
        if (page.first, last) != (1, page.total):
            st.caption(tr("overlap_matrix_page", first=page.first, last=last))


def duplication() -> None:
    """Functions and benefits given to the same population by more than one institution or practice."""
    st.caption(tr("duplication_caption"))
    country = code_filter(titles_frame, "countries", key="overlaps_country")
    st.markdown(f"**{tr('function_duplication')}**")
    functions = frame("function_duplication", collection=chosen, country=country or None)
    if functions.empty:
        st.info(tr("nothing_found"))
    else:
        fitted_table(kept("function_duplication_table",
                          lambda: analysis_views.function_duplication_table(functions, titles, L),
                          lang=L, collection=chosen, country=country or None),
                     [tr("col_function"), tr("col_population")],
                     [tr("col_carriers"), tr("col_practices")],
                     key="overlaps_functions")  # fmt: skip
    st.markdown(f"**{tr('benefit_duplication')}**")
    benefits = frame("app_benefit_duplication", collection=chosen, country=country or None)
    if benefits.empty:
        st.info(tr("nothing_found"))
    else:
        fitted_table(kept("benefit_duplication_table",
                          lambda: analysis_views.benefit_duplication_table(benefits, titles, L),
                          lang=L, collection=chosen, country=country or None),
                     [tr("col_benefit"), tr("col_population")],
                     [tr("col_practices"), tr("col_countries")],
                     key="overlaps_benefits")  # fmt: skip


def bridging() -> None:
    """Actors that bridge levels or practices, each with its way to the network."""
    st.caption(tr("bridging_caption"))
    minimum = st.slider(tr("min_practices"), 1, 5, 1, key="overlaps_min_practices")
    bridging = frame("bridging_actors", collection=chosen, min_practices=minimum)
    if bridging.empty:
        st.info(tr("nothing_found"))
    else:
        table = kept(
            "bridging_table",
            lambda: analysis_views.bridging_table(bridging, titles, L),
            lang=L,
            collection=chosen,
            min_practices=minimum,
        )
        page = fitted_table(table, tr("col_actor"), [tr("col_bridges"), tr("col_levels"), tr("col_practices")],
                            key="overlaps_bridging")  # fmt: skip
        actor = st.selectbox(
            tr("focus_actor"),
            # The actors of the page drawn (and the one chosen before), not the 2,929 bridging actors of 10^4.
            views.offered(page.rows["id"], table["id"], st.session_state.get("overlaps_actor")),
            key="overlaps_actor",
            format_func=option_formatter(L, names=dict(zip(table["id"], table[tr("col_actor")], strict=True))),
        )
        if actor:
            link_to("network", tr("go_network_actor"), actor=actor)


TAB_LABELS = [tr("tab_overlap"), tr("tab_duplication"), tr("tab_bridging")]
if st.session_state.get("overlaps_tab") not in (None, *TAB_LABELS):  # a tab chosen in the other language
    del st.session_state["overlaps_tab"]
# Only the open tab is built and sent (a switch reruns the page): at 10,000 practices the two others' tables took
# as long to build and draw as the pairs a visitor came for.
tabs = st.tabs(TAB_LABELS, key="overlaps_tab", on_change="rerun")
for tab, draw in zip(tabs, (overlap_pairs, duplication, bridging), strict=True):
    if tab.open is not False:  # None: the tabs keep no state, and every tab is drawn
        with tab:
            draw()

# The practice as the pairs' tab last wrote it in the address (kept there while another tab is open).
share_box("overlaps", practice=link().get("practice"))
