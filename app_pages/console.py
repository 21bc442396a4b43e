"""Cypher console: the named queries as examples, an editor for your own, read-only by construction.

Running queries is reading, open to every visitor. Saving and deleting queries needs the right to write
(app_pages/signin.py). A saved query that cannot be read is listed as broken and can be deleted here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from app_pages.common import (
    forget_store,
    get_store,
    guarded,
    header,
    lang,
    link,
    share_box,
    synced_choice,
    tr,
    visitor_error,
)
from app_pages.signin import may_write, write_gate
from registry.app_support import console_view, network_view, views
from registry.app_support.i18n import network_legend_names, network_page_text, option_formatter
from registry.console import run_console_query
from registry.errors import CoordregError, QueryRefused, StoreUnavailable
from registry.output import to_csv, to_json
from registry.queries.library import delete_user_query, list_queries, run_named_query, save_user_query
from registry.stores.base import DEFAULT_ROW_CAP, QueryResult

header("console_title", "console_intro")
L = lang()  # the interface language of this run
store = get_store()
queries = guarded(list_queries)
deep = link()


def param_inputs(fields: list[console_view.ParamField], prefix: str) -> dict[str, Any]:
    """One input per parameter; a value in the URL (e.g. ?actor=…) fills the same-named input."""
    raw: dict[str, Any] = {}
    for field in fields:
        key = f"{prefix}_{field.name}"
        synced = f"_synced_{key}"
        if field.name in deep and st.session_state.get(synced) != deep[field.name]:
            st.session_state[key] = deep[field.name]
            st.session_state[synced] = deep[field.name]
        label = f"{views.md(field.name)} ({field.type}{', ' + tr('required') if field.required else ''})"
        default = "" if field.default is None else str(field.default)
        if field.type == "boolean":
            raw[field.name] = st.checkbox(label, value=bool(field.default), key=key, help=views.md(field.doc) or None)
        else:
            raw[field.name] = st.text_input(label, value=default, key=key, help=views.md(field.doc) or None)
    return raw


def remember(kind: str, result: Any = None, error: str | None = None, refused: bool = False) -> None:
    st.session_state["console_result"] = {"kind": kind, "result": result, "error": error, "refused": refused}


def run_and_remember(kind: str, action: Callable[[], QueryResult]) -> None:
    """Run a query and keep its answer or, as a visitor may read it, its error.

    A store that stopped answering is forgotten, so the next run reconnects (the embedded store is
    restarted); without that the console kept a dead connection until another page reopened it.
    """
    try:
        remember(kind, action())
    except QueryRefused as exc:
        remember(kind, error=visitor_error(exc), refused=True)
    except (StoreUnavailable, ConnectionError, OSError) as exc:
        forget_store()
        remember(kind, error=visitor_error(exc if isinstance(exc, StoreUnavailable) else StoreUnavailable(str(exc))))
    except CoordregError as exc:
        remember(kind, error=visitor_error(exc))


def run_named(name: str, raw: dict[str, Any]) -> None:
    fields = console_view.form_fields(queries[name].header)
    run_and_remember(name, lambda: run_named_query(store, name, console_view.bound_values(fields, raw),
                                                   row_cap=DEFAULT_ROW_CAP))  # fmt: skip


def run_editor(
    text: str, raw: dict[str, Any], fields: list[console_view.ParamField], limit: int, seconds: float
) -> None:
    run_and_remember("editor", lambda: run_console_query(store, text, console_view.bound_values(fields, raw),
                                                         timeout_ms=int(seconds * 1000), row_cap=limit))  # fmt: skip


def delete_controls(name: str) -> None:
    """Delete a saved query, after a second click that names it."""
    if not may_write():
        return
    if st.session_state.get("_console_deleting") != name:
        if st.button(tr("delete_query"), key="console_delete"):
            st.session_state["_console_deleting"] = name
            st.rerun()
        return
    if st.button(tr("delete_confirm", name=views.md(name)), type="primary", key="console_delete_confirm"):
        try:
            delete_user_query(name)
        except CoordregError as exc:
            st.error(visitor_error(exc))
            return
        st.session_state.pop("_console_deleting", None)
        st.session_state.pop("console_query", None)
        st.query_params.pop("query", None)
        st.session_state["_console_notice"] = tr("deleted", name=views.md(name))
        st.rerun()


saved_mark, broken_mark = f" ({tr('saved')})", f" ({tr('broken')})"
query_names = {
    n: f"{n} — {q.header.title}" + ("" if q.builtin else saved_mark) if q.error is None else n + broken_mark
    for n, q in queries.items()
}
left, right = st.columns([2, 3], gap="large")

with left:
    st.subheader(tr("named_queries"))
    name = synced_choice(
        tr("choose_query"), list(queries), param="query", key="console_query",
        format_func=option_formatter(L, names=query_names), default="typology_matrix",
    )  # fmt: skip
    if st.session_state.get("_console_notice"):
        st.success(st.session_state.pop("_console_notice"))
    if name and queries[name].error is not None:
        st.warning(tr("broken_query", message=views.md(queries[name].error)), icon=":material/build:")
        delete_controls(name)
    elif name:
        chosen = queries[name]
        st.markdown(f"**{views.md(chosen.header.title)}**")
        st.markdown(views.md(chosen.header.question))
        if chosen.header.notes:
            with st.expander(tr("query_notes")):
                st.markdown(views.md(" ".join(chosen.header.notes)))
        named_raw = param_inputs(console_view.form_fields(chosen.header), f"console_named_{name}")
        buttons = st.columns(2)
        if buttons[0].button(tr("run_named"), type="primary", key="console_run_named"):
            run_named(name, named_raw)
        if buttons[1].button(tr("copy_to_editor"), key="console_copy"):
            st.session_state["console_text"] = chosen.text_for(store.dialect)
        # A link naming a query *and* a selection (e.g. ?query=actor_portfolio&actor=…, from the
        # network page or shared by someone) opens with the answer shown; a bare ?query= only selects.
        selection = {k: v for k, v in deep.items() if k not in {"query", "lang", "page"}}
        autorun = (name, tuple(sorted(selection.items())))
        if deep.get("query") == name and selection and st.session_state.get("_console_autorun") != autorun:
            st.session_state["_console_autorun"] = autorun
            st.session_state.setdefault("console_text", chosen.text_for(store.dialect))
            run_named(name, named_raw)
        with st.expander(tr("show_cypher")):
            st.code(chosen.text_for(store.dialect), language="cypher")
        if not chosen.builtin:
            delete_controls(name)

with right:
    st.subheader(tr("editor"))
    st.session_state.setdefault(
        "console_text", "MATCH (p:Practice)\nRETURN p.id AS practice, p.title AS title\nLIMIT 10"
    )
    text = st.text_area(tr("editor_label"), key="console_text", height=200)
    header_for_editor = queries[name].header if name else None
    editor_fields = console_view.free_fields(text, header_for_editor)
    editor_raw = param_inputs(editor_fields, "console_editor") if editor_fields else {}
    limits = st.columns(2)
    limit = limits[0].number_input(tr("row_cap"), 1, 50_000, DEFAULT_ROW_CAP, step=500, key="console_limit")
    seconds = limits[1].number_input(tr("time_limit"), 1.0, 60.0, 10.0, step=1.0, key="console_timeout")
    if st.button(tr("run_editor"), type="primary", key="console_run"):
        run_editor(text, editor_raw, editor_fields, int(limit), float(seconds))

    with st.expander(tr("save_query")):
        if write_gate("action_save_query"):
            with st.form("console_save", clear_on_submit=False):
                save_name = st.text_input(tr("save_name"), key="console_save_name", help=tr("save_name_help"))
                save_title = st.text_input(tr("save_description"), key="console_save_title")
                if st.form_submit_button(tr("save")):
                    try:
                        save_user_query(save_name.strip(), save_title, save_title, text)
                        st.success(tr("saved_as", name=views.md(save_name.strip())))
                    except CoordregError as exc:
                        st.error(visitor_error(exc))

st.divider()
outcome = st.session_state.get("console_result")
if outcome:
    if outcome["error"]:
        if outcome["refused"]:
            st.error(tr("refused", message=outcome["error"]), icon=":material/block:")  # already made safe
        else:
            st.error(outcome["error"], icon=":material/warning:")
    else:
        result = outcome["result"]
        source = tr("from_editor") if outcome["kind"] == "editor" else views.md(outcome["kind"])
        st.markdown(tr("result_summary", rows=len(result.frame), ms=f"{result.elapsed_ms:.0f}", source=source))
        if result.truncated:
            st.warning(tr("truncated", cap=result.row_cap), icon=":material/content_cut:")
        tabs = st.tabs([tr("tab_table"), tr("tab_graph")])
        with tabs[0]:
            st.dataframe(console_view.display_frame(result.frame), hide_index=True)
            downloads = st.columns(2)
            downloads[0].download_button("CSV", to_csv(result.frame), file_name="coordreg-result.csv",
                                         mime="text/csv", key="console_csv")  # fmt: skip
            downloads[1].download_button("JSON", to_json(result.frame), file_name="coordreg-result.json",
                                         mime="application/json", key="console_json")  # fmt: skip
        with tabs[1]:
            if console_view.has_graph(result.frame):
                graph = console_view.result_graph(result.frame)
                st.iframe(
                    network_view.render_html(
                        graph,
                        network_page_text(L, tr("tab_graph")),
                        legend=network_view.legend_items(graph, network_legend_names(L), network_view.LABEL_COLOURS),
                        palette=network_view.LABEL_COLOURS,
                        height=520,
                    ),
                    height="content",
                )
            else:
                st.info(tr("no_graph"))

share_box("console", query=name)
