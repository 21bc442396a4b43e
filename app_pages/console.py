"""Cypher console: the named queries as examples, an editor for your own, read-only by construction.

Running queries is reading, open to every visitor. Saving and deleting queries needs the right to write
(app_pages/signin.py). A saved query that cannot be read is listed as broken and can be deleted here.
A query that fails is explained in words, with the spot marked in the text (registry/dialects).
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
from app_pages.console_parts import field_label, outcome_here, param_inputs, schema_panel, show_result
from app_pages.signin import may_write, write_gate
from registry.app_support import console_view, views
from registry.app_support.i18n import option_formatter, query_text
from registry.app_support.labels import parameter_label
from registry.app_support.query_help import query_help
from registry.console import run_console_query
from registry.dialects import QueryProblem, explain_failure, missing_problem
from registry.errors import CoordregError, QueryFailed, QueryRefused, StoreUnavailable
from registry.queries.library import delete_user_query, list_queries, run_named_query, save_user_query
from registry.stores.base import DEFAULT_ROW_CAP, QueryResult

header("console_title", "console_intro")
L = lang()  # the interface language of this run
store = get_store()
queries = guarded(list_queries)
deep = link()


def remember(kind: str, result: Any = None, error: str | None = None, refused: bool = False, help_: Any = None) -> None:
    """Keep the answer (or what went wrong) of the last run; each one is numbered so its graph is drawn anew."""
    sequence = int(st.session_state.get("console_result", {}).get("sequence", 0)) + 1
    st.session_state["console_result"] = {"kind": kind, "result": result, "error": error, "refused": refused,
                                          "help": help_, "sequence": sequence}  # fmt: skip


def run_and_remember(kind: str, action: Callable[[], QueryResult], explain: Callable[[str], Any] | None = None) -> None:
    """Run a query and keep its answer or, as a visitor may read it, its error.

    A store that stopped answering is forgotten, so the next run reconnects (the embedded store is
    restarted); without that the console kept a dead connection until another page reopened it.
    A query the store rejects is explained (``explain``) when the text is the visitor's own.
    """
    try:
        remember(kind, action())
    except QueryRefused as exc:
        remember(kind, error=visitor_error(exc), refused=True)
    except (StoreUnavailable, ConnectionError, OSError) as exc:
        forget_store()
        remember(kind, error=visitor_error(exc if isinstance(exc, StoreUnavailable) else StoreUnavailable(str(exc))))
    except QueryFailed as exc:
        remember(kind, error=visitor_error(exc), help_=explain(str(exc)) if explain else None)
    except CoordregError as exc:
        remember(kind, error=visitor_error(exc))


def missing(
    kind: str, fields: list[console_view.ParamField], raw: dict[str, Any], problem: QueryProblem | None, text: str = ""
) -> bool:
    """Refuse to run while a needed parameter is empty, naming its input (not a bare "Missing parameters")."""
    empty = console_view.missing_values(fields, raw)
    if problem is None and not empty:
        return False
    labels = {f.name: parameter_label(f.name, L) for f in fields}
    problem = problem or QueryProblem("missing_parameters", "", missing=tuple(f.name for f in empty))
    remember(kind, help_=query_help(problem, text, store.dialect, L, labels))
    return True


def run_named(name: str, raw: dict[str, Any]) -> None:
    fields = console_view.form_fields(queries[name].header)
    if missing(name, fields, raw, None):
        return
    try:
        values = console_view.bound_values(fields, raw)
    except CoordregError as exc:
        remember(name, error=visitor_error(exc))
        return
    run_and_remember(name, lambda: run_named_query(store, name, values, row_cap=DEFAULT_ROW_CAP))


def run_editor(text: str, raw: dict[str, Any], fields: list[console_view.ParamField], limit: int,
               seconds: float) -> None:  # fmt: skip
    try:
        values = console_view.bound_values(fields, raw)
    except CoordregError as exc:
        remember("editor", error=visitor_error(exc))
        return
    if missing("editor", fields, raw, missing_problem(text, values), text):
        return
    labels = {f.name: field_label(f) for f in fields}
    run_and_remember(
        "editor",
        lambda: run_console_query(store, text, values, timeout_ms=int(seconds * 1000), row_cap=limit),
        explain=lambda message: query_help(explain_failure(message, text, store.dialect, values), text,
                                           store.dialect, L, labels),
    )  # fmt: skip


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


def save_form(text: str) -> None:
    """A saved query gets a file name, a title and the question it answers, each asked for on its own."""
    with st.form("console_save", clear_on_submit=False):
        save_name = st.text_input(tr("save_name"), key="console_save_name", help=tr("save_name_help"))
        save_title = st.text_input(tr("save_title"), key="console_save_title", help=tr("save_title_help"))
        save_question = st.text_area(tr("save_question"), key="console_save_question", help=tr("save_question_help"),
                                     height=80)  # fmt: skip
        if st.form_submit_button(tr("save")):
            try:
                save_user_query(save_name.strip(), save_title, save_question or save_title, text)
            except CoordregError as exc:
                st.error(visitor_error(exc))
                return
            # Run the page again with the saved query chosen: the list above was drawn before it existed, and
            # the notice says it is in the list, with its title and question shown there.
            st.session_state["_console_notice"] = tr("saved_as", name=views.md(save_name.strip()))
            st.query_params["query"] = save_name.strip()
            st.rerun()


saved_mark, broken_mark = f" ({tr('saved')})", f" ({tr('broken')})"
# The title a person reads first; the query's name (what `coordreg query NAME` takes) after it as a detail.
query_names = {
    n: f"{query_text(n, 'title', q.header.title, L)} · {n}" + ("" if q.builtin else saved_mark)
    if q.error is None
    else n + broken_mark
    for n, q in queries.items()
}
schema_panel()
left, right = st.columns([2, 3], gap="large")

with left:
    st.subheader(tr("named_queries"))
    name = synced_choice(
        tr("choose_query"), sorted(queries, key=lambda n: query_names[n].lower()), param="query", key="console_query",
        format_func=option_formatter(L, names=query_names), default="typology_matrix",
    )  # fmt: skip
    if st.session_state.get("_console_notice"):
        st.success(st.session_state.pop("_console_notice"))
    if name and queries[name].error is not None:
        st.warning(tr("broken_query", message=views.md(queries[name].error)), icon=":material/build:")
        delete_controls(name)
    elif name:
        chosen = queries[name]
        st.markdown(f"**{views.md(query_text(name, 'title', chosen.header.title, L))}**")
        st.markdown(views.md(query_text(name, "question", chosen.header.question, L)))
        if chosen.header.notes:
            with st.expander(tr("query_notes")):
                st.markdown(views.md(" ".join(chosen.header.notes)))
        named_raw = param_inputs(console_view.form_fields(chosen.header, name, L), f"console_named_{name}")
        buttons = st.columns(2)
        if buttons[0].button(tr("run_named"), type="primary", key="console_run_named"):
            run_named(name, named_raw)
        if buttons[1].button(tr("copy_to_editor"), key="console_copy"):
            st.session_state["console_text"] = chosen.text_for(store.dialect)
        outcome_here(st.session_state.get("console_result"), name)
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
    header_for_editor = queries[name].header if name and queries[name].error is None else None
    editor_fields = console_view.free_fields(text, header_for_editor)
    editor_raw = param_inputs(editor_fields, "console_editor") if editor_fields else {}
    limits = st.columns(2)
    limit = limits[0].number_input(tr("row_cap"), 1, 50_000, DEFAULT_ROW_CAP, step=500, key="console_limit")
    seconds = limits[1].number_input(tr("time_limit"), 1.0, 60.0, 10.0, step=1.0, key="console_timeout")
    if st.button(tr("run_editor"), type="primary", key="console_run"):
        run_editor(text, editor_raw, editor_fields, int(limit), float(seconds))
    outcome_here(st.session_state.get("console_result"), "editor")

    with st.expander(tr("save_query")):
        if write_gate("action_save_query"):
            save_form(text)

st.divider()
outcome = st.session_state.get("console_result")
if outcome and outcome.get("result") is not None:
    source = tr("from_editor") if outcome["kind"] == "editor" else views.md(outcome["kind"])
    show_result(outcome["result"], source, int(outcome.get("sequence", 0)))

share_box("console", query=name)
