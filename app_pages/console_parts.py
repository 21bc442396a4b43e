"""Pieces of the Cypher console page: parameter inputs, the schema panel, a failed query said in words, a result.

UI only: what the pieces show is decided in ``registry.app_support``
(console_view, id_picker, labels, query_help) and ``registry.dialects``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages.common import frame, get_store, lang, link, store_key, tr
from registry.app_support import console_view, id_picker, network_view, views
from registry.app_support.i18n import network_legend_names, network_page_text, option_formatter
from registry.app_support.labels import parameter_label
from registry.app_support.query_help import QueryHelp
from registry.graph_schema import GraphSchema, pattern_text, read_schema
from registry.output import to_csv, to_json
from registry.stores.base import QueryResult


def field_label(field: console_view.ParamField) -> str:
    """ "Practice (required)": the name a person reads, never the parameter's type."""
    label = parameter_label(field.name, lang())
    return f"{label} ({tr('required')})" if field.required and field.default is None else label


def field_help(field: console_view.ParamField) -> str:
    """The header's line about the parameter, and the name to write in Cypher."""
    parts = [views.md(field.doc)] if field.doc else []
    parts.append(tr("param_in_cypher", name=views.md(field.name)))
    return "  \n".join(parts)


def _choices(kind: str) -> dict[str, str]:
    source = id_picker.FETCHED.get(kind)
    fetched = frame(source) if source else None
    titles = views.title_lookup(fetched, lang()) if kind == "practice" and fetched is not None else None
    return id_picker.choices(kind, lang(), titles=titles, frame=fetched)


def param_inputs(fields: list[console_view.ParamField], prefix: str) -> dict[str, Any]:
    """One input per parameter: a searchable list for ids, a box for the rest. A value in the URL
    (e.g. ?actor=…) fills the input of the same name."""
    deep = link()
    raw: dict[str, Any] = {}
    for field in fields:
        key = f"{prefix}_{field.name}"
        synced = f"_synced_{key}"
        kind = id_picker.id_kind(field.name)
        options = _choices(kind) if kind and field.type in {"string", "auto"} else {}
        if field.name in deep and st.session_state.get(synced) != deep[field.name]:
            st.session_state[key] = deep[field.name]
            st.session_state[synced] = deep[field.name]
        label, help_text = field_label(field), field_help(field)
        if options:
            if key in st.session_state and st.session_state[key] in ("", None):
                del st.session_state[key]
            chosen = st.session_state.get(key)
            listed = list(options) + ([chosen] if chosen and chosen not in options else [])
            raw[field.name] = st.selectbox(
                label, listed, index=None, key=key, help=help_text, accept_new_options=True,
                format_func=option_formatter(lang(), names=options),
                placeholder=tr("pick_any") if not field.required else tr("pick_one"),
            )  # fmt: skip
        elif field.type == "boolean":
            raw[field.name] = st.checkbox(label, value=bool(field.default), key=key, help=help_text)
        else:
            default = "" if field.default is None else str(field.default)
            raw[field.name] = st.text_input(label, value=default, key=key, help=help_text)
    return raw


@st.cache_data(show_spinner=False, ttl=600, max_entries=8)
def _schema(graph_url: str, home: str) -> GraphSchema:
    return read_schema(get_store())


def schema_panel() -> None:
    """Labels, relationship types (with the labels at both ends) and property keys, counted."""
    schema = _schema(*store_key())
    title = tr("schema_title", labels=len(schema.labels), types=len(schema.relationship_types),
               keys=len(schema.property_keys))  # fmt: skip
    with st.expander(title, icon=":material/schema:"):
        # Static tables (st.table): a glance, not a grid to sort; every label and key escaped, as they are data.
        tabs = st.tabs([tr("schema_labels"), tr("schema_relationships"), tr("schema_properties")])
        count = tr("schema_count")
        with tabs[0]:
            _table({tr("schema_label"): [label for label, _ in schema.labels], count: [n for _, n in schema.labels]})
        with tabs[1]:
            _table({tr("schema_pattern"): [pattern_text(s, k, t) for s, k, t, _ in schema.patterns],
                    count: [n for *_, n in schema.patterns]})  # fmt: skip
        with tabs[2]:
            rows = [(f"(:{label})", key, n) for label, key, n in schema.node_keys]
            rows += [(f"[:{kind}]", key, n) for kind, key, n in schema.relationship_keys]
            _table({tr("schema_owner"): [r[0] for r in rows], tr("schema_key"): [r[1] for r in rows],
                    count: [r[2] for r in rows]})  # fmt: skip


def _table(columns: dict[str, list[Any]]) -> None:
    st.table(views.markdown_table(pd.DataFrame(columns)).style.hide(axis="index"))


def show_help(help_: QueryHelp) -> None:
    """A failed query: what and where in words, the marked lines, the forms that work, the store's message."""
    st.error(help_.headline, icon=":material/error:")
    for sentence in help_.sentences:
        st.markdown(sentence)
    if help_.excerpt:
        st.code(help_.excerpt, language=None)
    for caption, code in help_.examples:
        st.caption(caption)
        st.code(code, language="cypher" if not code.startswith("coordreg ") else "bash", wrap_lines=True)
    if help_.store_message:
        with st.expander(tr("help_store_message")):
            st.code(help_.store_message, language=None, wrap_lines=True)


def outcome_here(outcome: dict[str, Any] | None, kind: str) -> None:
    """Right under the Run button it came from: what went wrong, or that the answer is below."""
    if not outcome or outcome.get("kind") != kind:
        return
    if outcome.get("help") is not None:
        show_help(outcome["help"])
    elif outcome.get("error"):
        if outcome["refused"]:
            st.error(tr("refused", message=outcome["error"]), icon=":material/block:")  # already made safe
        else:
            st.error(outcome["error"], icon=":material/warning:")
    elif outcome.get("result") is not None:
        st.success(tr("answer_below", rows=len(outcome["result"].frame)), icon=":material/arrow_downward:")


def show_result(result: QueryResult, source: str, sequence: int) -> None:
    """Rows, downloads and, where the answer holds nodes, their graph (drawn afresh for each result)."""
    L = lang()
    st.markdown(tr("result_summary", rows=len(result.frame), ms=f"{result.elapsed_ms:.0f}", source=source))
    if result.truncated:
        st.warning(tr("truncated", cap=result.row_cap), icon=":material/content_cut:")
    drawn = console_view.has_graph(result.frame)
    table_tab, graph_tab = st.tabs([tr("tab_table"), tr("tab_graph")])
    with table_tab:
        st.dataframe(console_view.display_frame(result.frame), hide_index=True, key=f"console_rows_{sequence}")
        downloads = st.columns(2)
        downloads[0].download_button("CSV", to_csv(result.frame), file_name="coordreg-result.csv",
                                     mime="text/csv", key="console_csv")  # fmt: skip
        downloads[1].download_button("JSON", to_json(result.frame), file_name="coordreg-result.json",
                                     mime="application/json", key="console_json")  # fmt: skip
    with graph_tab:
        if drawn:
            graph = console_view.result_graph(result.frame)
            page = network_view.render_html(
                graph,
                network_page_text(L, tr("tab_graph")),
                legend=network_view.legend_items(graph, network_legend_names(L), network_view.LABEL_COLOURS),
                palette=network_view.LABEL_COLOURS,
                height=520,
                revision=sequence,
            )
            st.iframe(page, height="content")
        else:
            st.info(tr("no_graph"))
