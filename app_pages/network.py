"""Actor network: who coordinates with whom, at which level, and who sits in the middle.

Several practices can be drawn together: the actors they share are ringed and listed. The network as
filtered downloads as a slide PNG, a standalone page, GEXF and GraphML.
"""

from __future__ import annotations

import streamlit as st

from app_pages import network_parts
from app_pages.common import (
    code_filter,
    frame,
    header,
    lang,
    link,
    link_to,
    share_box,
    synced_choice,
    synced_practices,
    table_page,
    tr,
)
from registry import __version__
from registry.app_support import actor_view, views
from registry.app_support.i18n import network_page_text, option_formatter
from registry.schema.vocabulary import ACTOR_KINDS

header("network_title", "network_intro")
L = lang()  # the interface language of this run

titles_frame = frame("app_practice_titles")
titles = views.title_lookup(titles_frame, L)
ALL = ""

with st.container(border=True):
    chosen = synced_practices(
        tr("filter_practices"), sorted(titles_frame["practice_id"], key=lambda p: titles.get(str(p), str(p)).lower()),
        key="network_practices", format_func=option_formatter(L, names=titles),
    )  # fmt: skip
    row = st.columns(5)
    collection = code_filter(titles_frame, "collection", key="network_collection", container=row[0])
    country = code_filter(titles_frame, "countries", key="network_country", container=row[1])
    level = row[2].selectbox(
        tr("filter_level"), [ALL, *views.LEVELS], format_func=option_formatter(L, kind="level"),
        key="network_level",
    )  # fmt: skip
    kind = row[3].selectbox(
        tr("filter_kind"), [ALL, *ACTOR_KINDS], format_func=option_formatter(L, kind="actor_kind"),
        key="network_kind",
    )  # fmt: skip
    size_by = row[4].selectbox(
        tr("size_by"), list(actor_view.SIZE_MEASURES), format_func=option_formatter(L, kind="measure"),
        key="network_size",
    )  # fmt: skip

filter_values = (collection, country, level or "", kind or "")
filters = dict(zip(network_parts.FILTER_NAMES, (value or None for value in filter_values), strict=True))
# The graph and its drawing are kept per registry version and view (network_parts): a second visit, or a click on
# a download, builds nothing again.
focused = bool(link().get("actor") or st.session_state.get("network_actor"))
view = (tuple(chosen), filter_values, size_by, focused, L)
actors = network_parts.actor_graph(chosen, filter_values, size_by, focused, L)
shared, actor_names = set(actors.shared), actors.names
if len(chosen) > 1:
    listed = ", ".join(views.md(actor_names.get(a, a)) for a in sorted(shared, key=lambda a: actor_names[a].lower()))
    if shared:
        st.success(tr("shared_actors", count=len(shared), actors=listed), icon=":material/join_inner:")
    else:
        st.info(tr("no_shared_actors"))

focus_cols = st.columns([3, 1])
actor = synced_choice(
    tr("focus_actor"), [ALL, *sorted(actor_names, key=lambda a: actor_names[a].lower())], param="actor",
    key="network_actor", format_func=option_formatter(L, names=actor_names, empty="whole_network"),
    container=focus_cols[0],
)  # fmt: skip
hops = focus_cols[1].slider(tr("hops"), 1, 3, 1, key="network_hops", disabled=not actor)
title = actor_view.network_title(tr("network_title"), [titles.get(p, p) for p in chosen], actor_names.get(actor or ""))
# The strongest ties first (the switch below, read here as the last run left it, draws them all).
every_tie = bool(st.session_state.get("network_every_tie"))
drawn = network_parts.drawing(view, actors, actor or "", int(hops), title, L, titles, every_tie=every_tie)
whole, shown, legend = drawn.whole, drawn.shown, drawn.legend

st.caption(tr("network_counts", actors=shown.number_of_nodes(), ties=drawn.ties) + " · " + tr("network_reading"))
if shown.number_of_nodes() < whole.number_of_nodes():
    st.info(tr("network_drawn_most", shown=shown.number_of_nodes(), total=whole.number_of_nodes()),
            icon=":material/filter_alt:")  # fmt: skip
if drawn.drawn_ties < drawn.ties:
    st.info(tr("network_ties_strongest", shown=drawn.drawn_ties, total=drawn.ties), icon=":material/filter_alt:")
if drawn.drawn_ties < drawn.ties or every_tie:
    st.toggle(tr("network_every_tie"), key="network_every_tie", help=tr("network_every_tie_help"))
source = actor_view.source_line(__version__, filters, L)
page_text = network_page_text(L, title)
st.iframe(drawn.html, height="content")

st.markdown(f"**{tr('download_network')}**")
# Each file is made on its click, not with the page: the GEXF and GraphML of the hundreds of actors drawn took
# seconds, on every view. on_click="ignore": a click reruns nothing, so the button keeps the file id the browser
# holds (every rerun gives each deferred download a new id and forgets the old ones when it ends: a click whose
# rerun ended first gave no file).
files = network_parts.Files(shown, title, legend, source, page_text, lang=L, practice_titles=titles)
downloads = st.columns(4)
downloads[0].download_button(
    tr("download_png_slide"), files.slide_png, file_name="coordreg-network.png", mime="image/png", key="network_png",
    help=tr("download_png_help"), on_click="ignore",
)  # fmt: skip
downloads[1].download_button(
    tr("download_html"), files.page_html, file_name="coordreg-network.html", mime="text/html", key="network_html",
    on_click="ignore",
)  # fmt: skip
downloads[2].download_button(
    "GEXF", files.gexf, file_name="coordreg-network.gexf", mime="application/gexf+xml", key="network_gexf",
    help=tr("download_gexf_help"), on_click="ignore",
)  # fmt: skip
downloads[3].download_button(
    tr("download_graphml"), files.graphml, file_name="coordreg-network.graphml", mime="application/graphml+xml",
    key="network_graphml", on_click="ignore",
)  # fmt: skip

if actor:
    st.subheader(views.md(actor_names.get(actor, actor)))
    cols = st.columns(2)
    with cols[0]:
        link_to("console", tr("go_console_actor"), query="actor_portfolio", actor=actor)
    with cols[1]:
        if len(chosen) == 1:
            link_to("practices", tr("go_practice"), practice=chosen[0])

with st.expander(tr("actors_table")):
    actors_page = table_page(actor_view.actor_table(whole, L, shared), key="network_actors", name="coordreg-actors")
    st.dataframe(actors_page.rows, hide_index=True, column_config={"id": None}, key="network_actors")

share_box("network", practices=",".join(chosen) or None, actor=actor or None)
