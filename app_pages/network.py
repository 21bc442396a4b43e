"""Actor network: who coordinates with whom, at which level, and who sits in the middle."""

from __future__ import annotations

import streamlit as st

from app_pages.common import code_filter, frame, header, lang, link_to, share_box, synced_choice, tr
from registry.app_support import actor_view, network_view, views
from registry.app_support.i18n import network_legend_names, network_page_text, option_formatter
from registry.schema.vocabulary import ACTOR_KINDS

header("network_title", "network_intro")
L = lang()  # the interface language of this run

titles_frame = frame("app_practice_titles")
titles = views.title_lookup(titles_frame, L)
ALL = ""

with st.container(border=True):
    row1 = st.columns(3)
    practice = synced_choice(
        tr("filter_practice"), [ALL, *titles_frame["practice_id"]], param="practice", key="network_practice",
        format_func=option_formatter(L, names=titles), container=row1[0],
    )  # fmt: skip
    collection = code_filter(titles_frame, "collection", key="network_collection", container=row1[1])
    country = code_filter(titles_frame, "countries", key="network_country", container=row1[2])
    row2 = st.columns(3)
    level = row2[0].selectbox(
        tr("filter_level"), [ALL, *views.LEVELS], format_func=option_formatter(L, kind="level"),
        key="network_level",
    )  # fmt: skip
    kind = row2[1].selectbox(
        tr("filter_kind"), [ALL, *ACTOR_KINDS], format_func=option_formatter(L, kind="actor_kind"),
        key="network_kind",
    )  # fmt: skip
    size_by = row2[2].selectbox(
        tr("size_by"),
        list(actor_view.SIZE_MEASURES),
        format_func=option_formatter(L, kind="measure"),
        key="network_size",
    )

filters = {
    "practice": practice or None,
    "collection": collection or None,
    "country": country or None,
    "level": level or None,
    "actor_kind": kind or None,
}
ties = frame("actor_network", **filters)
centrality = frame("actor_centrality", **filters)
graph = actor_view.display_graph(ties, centrality, L, size_by=size_by, practice_titles=titles)

actor_names = {node: str(attrs.get("name") or attrs.get("label") or node) for node, attrs in graph.nodes(data=True)}
focus_cols = st.columns([3, 1])
actor = synced_choice(
    tr("focus_actor"), [ALL, *sorted(actor_names, key=lambda a: actor_names[a].lower())], param="actor",
    key="network_actor", format_func=option_formatter(L, names=actor_names, empty="whole_network"),
    container=focus_cols[0],
)  # fmt: skip
hops = focus_cols[1].slider(tr("hops"), 1, 3, 1, key="network_hops", disabled=not actor)
shown = actor_view.neighbourhood(graph, actor, hops) if actor else graph

st.caption(tr("network_counts", actors=shown.number_of_nodes(), ties=actor_view.tie_count(shown)))
page_html = network_view.render_html(
    shown,
    network_page_text(L, tr("network_title")),
    legend=network_view.legend_items(shown, network_legend_names(L)),
)
st.iframe(page_html, height="content")

downloads = st.columns(3)
downloads[0].download_button(
    tr("download_html"), page_html, file_name="coordreg-network.html", mime="text/html", key="network_html"
)
downloads[1].download_button(
    tr("download_graphml"), network_view.graphml_text(shown), file_name="coordreg-network.graphml",
    mime="application/graphml+xml", key="network_graphml",
)  # fmt: skip
downloads[2].caption(tr("png_hint"))

if actor:
    st.subheader(views.md(actor_names.get(actor, actor)))
    cols = st.columns(2)
    with cols[0]:
        link_to("console", tr("go_console_actor"), query="actor_portfolio", actor=actor)
    with cols[1]:
        if practice:
            link_to("practices", tr("go_practice"), practice=practice)

with st.expander(tr("actors_table")):
    st.dataframe(actor_view.actor_table(shown, L), hide_index=True, column_config={"id": None})

share_box("network", practice=practice or None, actor=actor or None)
