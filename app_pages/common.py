"""What every page shares: the cached store, cached named queries, the language, deep links, error banners.

This is the only module where pages meet Streamlit's caches. The store
connection is one ``st.cache_resource`` per store URL and data directory; a
whole-registry answer (a built-in query without parameters) is one ``st.cache_resource`` copy per registry
version, shared by every session; a filtered one is one ``st.cache_data`` entry per store, query name and
parameters, kept ten minutes. Any coordreg error becomes an ``st.error``
banner and stops the page — a user never sees a traceback, nor a path of
the server (the details go to the server's log). Who may write is decided
in ``registry.app_support.access`` and shown by ``app_pages.signin``.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, NoReturn, TypeVar

import pandas as pd
import streamlit as st

from registry.app_support import deep_links, i18n, paging, table_fit, views
from registry.app_support.i18n import option_formatter
from registry.app_support.safe_text import md, without_paths
from registry.errors import CoordregError, StoreUnavailable
from registry.output import to_csv
from registry.queries.library import run_named_query
from registry.stores import GraphStore, QueryResult, configured_graph_url, open_store

T = TypeVar("T")
log = logging.getLogger("coordreg.app")


def store_key() -> tuple[str, str]:
    """Which store this app talks to: COORDREG_GRAPH (default embedded) and COORDREG_HOME."""
    return configured_graph_url(), os.environ.get("COORDREG_HOME", "")


@st.cache_resource(show_spinner=False)
def _open_store(graph_url: str, home: str) -> GraphStore:
    from registry.app_support.store_setup import ensure_seeded

    store = open_store(graph_url)
    log.info("the app uses the %s", store.describe())  # for whoever runs the server; never shown to a visitor
    try:
        ensure_seeded(store)  # first start: an empty store gets the seed registry
    except BaseException:
        store.close()
        raise
    return store


#: What the sidebar says about the store: its kind, nothing a visitor could use to find it.
STORE_KINDS = {"falkordb": "FalkorDB (embedded)", "neo4j": "Neo4j"}


def store_label(store: GraphStore) -> str:
    return STORE_KINDS.get(store.dialect, store.dialect)


def lang() -> str:
    return str(st.session_state.get("lang", "en"))


def tr(key: str, **values: Any) -> str:
    """The interface string ``key`` in the chosen language."""
    return i18n.t(key, lang(), **values)


def forget_store() -> None:
    """Drop the cached store connection, so the next run opens (and, embedded, restarts) the store."""
    _open_store.clear()


def visitor_error(exc: BaseException) -> str:
    """What a visitor reads about ``exc``: the store's details (paths, hosts) only go to the server's log."""
    if isinstance(exc, StoreUnavailable):
        log.warning("graph store unavailable: %s", exc)
        return tr("store_unavailable")
    if isinstance(exc, CoordregError):
        return md(without_paths(str(exc)))
    log.error("unexpected error in the app", exc_info=exc)
    return tr("unexpected_error", message=md(type(exc).__name__))


def report(exc: BaseException) -> None:
    """Show ``exc`` as a banner and go on; a store that stopped answering is reopened on the next run."""
    if isinstance(exc, StoreUnavailable):
        forget_store()
    icon = ":material/warning:" if isinstance(exc, CoordregError) and not isinstance(exc, StoreUnavailable) else None
    st.error(visitor_error(exc), icon=icon or ":material/error:")


def fail(exc: BaseException) -> NoReturn:
    """Show a coordreg error as a banner and stop the page."""
    report(exc)
    st.stop()


def get_store() -> GraphStore:
    try:
        return _open_store(*store_key())
    except Exception as exc:  # noqa: BLE001 - any failure to open the store is shown as a banner
        fail(exc if isinstance(exc, CoordregError) else StoreUnavailable(str(exc)))


def _cached_query(
    graph_url: str, home: str, name: str, params_json: str, warn: Callable[[BaseException], None] | None = None
) -> QueryResult:
    """A named query's answer from the app's caches: a whole-registry answer (a built-in query without
    parameters: the snapshot's tables) from the copy kept for the registry's version, any other from the
    ten-minute cache of filtered answers."""
    if params_json == "{}" and _whole_registry(name):
        try:
            version = _open_store(graph_url, home).registry_version().key
        except (StoreUnavailable, ConnectionError, OSError) as exc:
            # A store that stopped answering: the copies of the version last seen still serve (as the ten-minute
            # cache did), so a page shows the banner (``warn``) and draws what it can instead of stopping.
            version = _VERSION_SEEN.get((graph_url, home))
            if version is None or warn is None:
                raise
            warn(exc if isinstance(exc, StoreUnavailable) else StoreUnavailable(str(exc)))
        if version is not None:
            if _VERSION_SEEN.setdefault((graph_url, home), version) != version:
                _version_answer.clear()  # another version's copies answer nothing any more
                _VERSION_SEEN[(graph_url, home)] = version
            kept = _version_answer(graph_url, home, name, version)
            # A new frame object over the same columns (copy on write): a page adding or changing a column of
            # its own never touches the copy every session shares.
            return QueryResult(kept.frame.copy(deep=False), kept.truncated, kept.elapsed_ms, kept.row_cap)
    return _filtered_query(graph_url, home, name, params_json)


def _whole_registry(name: str) -> bool:
    from registry.queries.library import get_query

    try:
        query = get_query(name)
    except CoordregError:
        return False
    return query.builtin and not any(p.required for p in query.header.parameters)


# One copy of each whole-registry answer per registry version, kept in memory and shared by every session
# (st.cache_resource: no pickling, no copy per hit). A new version (any write, a `coordreg load` beside the app
# included) is a new key: the next request reads its snapshot, and the older copies are dropped.
_VERSION_SEEN: dict[tuple[str, str], str] = {}


@st.cache_resource(show_spinner=False, max_entries=128)
def _version_answer(graph_url: str, home: str, name: str, version: str) -> QueryResult:
    result = run_named_query(_open_store(graph_url, home), name)
    _ = result.frame  # built once here, for every session
    return result


# Filtered answers expire after ten minutes, so a `coordreg load` run beside the app shows up without a restart;
# an import from the Data page clears them at once.
@st.cache_data(show_spinner=False, max_entries=512, ttl=600)
def _filtered_query(graph_url: str, home: str, name: str, params_json: str) -> QueryResult:
    store = _open_store(graph_url, home)
    return run_named_query(store, name, json.loads(params_json))


#: What the other pages import, slowest first: igraph brings matplotlib with it (a second or more, cold), and the
#: Cost–benefit chart altair. A first visit to a page otherwise waits for its imports.
OTHER_PAGES_MODULES = (
    "registry.analysis.network",
    "registry.app_support.network_export",
    "registry.app_support.actor_view",
    "altair",
    "registry.app_support.cost_benefit_chart",
    "registry.app_support.analysis_views",
    "registry.app_support.overlap_view",
    "registry.app_support.practice_views",
)
#: Seconds the imports wait after the first page's run.
WARM_AFTER_S = 3.0
_warming = threading.Lock()
_warmed = threading.Event()


def warm_other_pages() -> None:
    """Import the other pages' libraries in a thread of their own, once per server, after the first page has run
    (so its run does not share the interpreter with them): the visitor reading the first page gives the time."""
    if _warmed.is_set() or not _warming.acquire(blocking=False):
        return
    _warmed.set()

    def imports() -> None:
        # Not before the first page is drawn: on two cores these imports (a CPU's worth for a second or two, holding
        # the interpreter) slowed the server sending its elements and the browser drawing them (the Overview at
        # 1,000 practices was drawn 1-2 s later with them started at once, on a loaded machine).
        time.sleep(WARM_AFTER_S)
        # The Network page's first view is not built here: built in the background at 10,000 practices (2-3 s of CPU,
        # then these imports), it ran into the next pages' visits (the Overlaps page drawn after 23 s instead of 5 s
        # in Chromium on a busy machine).
        for name in OTHER_PAGES_MODULES:
            with contextlib.suppress(Exception):  # only a head start: the page imports it again and says what failed
                importlib.import_module(name)

    threading.Thread(target=imports, name="coordreg-warm-pages", daemon=True).start()


def guarded(action: Callable[[], T]) -> T:
    """Run ``action``; a coordreg error (or a store that stopped answering) becomes a banner."""
    try:
        return action()
    except CoordregError as exc:
        fail(exc)
    except (ConnectionError, OSError) as exc:
        fail(StoreUnavailable(str(exc)))


def parameters_key(**params: Any) -> str:
    """How a query's parameters key its cached result. None values are left out."""
    return json.dumps({k: v for k, v in params.items() if v is not None}, sort_keys=True, ensure_ascii=False)


def query(name: str, **params: Any) -> QueryResult:
    """A named query's result, cached per store, name and parameters. None values are left out."""
    get_store()  # surfaces a store that cannot open as a banner before anything else
    key = parameters_key(**params)
    return guarded(lambda: _cached_query(*store_key(), name, key, report))


def frame(name: str, **params: Any) -> pd.DataFrame:
    return query(name, **params).frame


def answer_once(name: str, **params: Any) -> pd.DataFrame:
    """A filtered answer read from the store and not cached: for what a page builds from it and keeps (``kept``),
    so that its rows (tens of thousands for a level of 10,000 practices) are not also held in the ten-minute cache."""
    store = get_store()
    bound = {key: value for key, value in params.items() if value is not None}
    return guarded(lambda: run_named_query(store, name, bound).frame)


def registry_version() -> str | None:
    """The registry's version, to key what a page builds from the answers and keeps (None when the store cannot say
    it: nothing is kept then)."""
    try:
        return _open_store(*store_key()).registry_version().key
    except (CoordregError, ConnectionError, OSError):
        return None


@st.cache_resource(show_spinner=False, max_entries=64)
def _kept_view(version: str, name: str, key: str, _build: Callable[[], Any]) -> Any:
    return _build()


def kept(name: str, build: Callable[[], T], **key: Any) -> T:
    """What a page builds from the answers (a table in the interface language, say), kept for the registry's version
    and ``key`` (what it is built from besides the answers) and shared by every session, which must not change it;
    built afresh when the store cannot say its version. A page's tables at 10,000 practices took a second a run."""
    version = registry_version()
    if version is None:
        return build()
    return _kept_view(version, name, parameters_key(**key), build)  # type: ignore[no-any-return]


def clear_results() -> None:
    """Forget cached results (after an import changed the registry)."""
    _filtered_query.clear()
    _version_answer.clear()


# ---- deep links --------------------------------------------------------------------------


def link() -> dict[str, str]:
    """The deep-link values of the current URL."""
    return deep_links.read_link(st.query_params.to_dict())


def synced_choice(
    label: str,
    options: Sequence[str],
    *,
    param: str,
    key: str,
    format_func: Callable[[str], str] = str,
    default: str | None = None,
    container: Any = st,
    placeholder: str | None = None,
) -> str | None:
    """A selectbox whose choice lives in the URL (``?param=value``) so the view can be shared.

    A value arriving in the URL (a shared link, or a link from another page)
    wins over the widget's previous state; the widget's choice is written back.
    """
    options = list(options)
    wanted = link().get(param)
    synced = f"_synced_{key}"
    if wanted in options and (key not in st.session_state or st.session_state.get(synced) != wanted):
        st.session_state[key] = wanted
    elif key not in st.session_state and default in options:
        st.session_state[key] = default
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
    chosen = container.selectbox(label, options, key=key, format_func=format_func, index=None if placeholder
                                 else 0, placeholder=placeholder)  # fmt: skip
    if chosen:
        st.query_params[param] = chosen
    elif param in st.query_params:
        del st.query_params[param]
    st.session_state[synced] = chosen
    return chosen


def synced_practices(
    label: str, options: Sequence[str], *, key: str, format_func: Callable[[str], str], container: Any = st
) -> list[str]:
    """A multiselect of practices whose choice lives in the URL (``?practices=a,b``); a link naming one
    practice (``?practice=a``, as other pages send) selects that one."""
    options = list(options)
    deep = link()
    wanted = deep.get("practices", "").split(",") if deep.get("practices") else []
    if not wanted and deep.get("practice"):
        wanted = [deep["practice"]]
    wanted = [p for p in wanted if p in options][: deep_links.MAX_PRACTICES]
    synced = f"_synced_{key}"
    if wanted and st.session_state.get(synced) != wanted:
        st.session_state[key] = wanted
    chosen = list(
        container.multiselect(
            label,
            options,
            key=key,
            format_func=format_func,
            max_selections=deep_links.MAX_PRACTICES,
            placeholder=tr("whole_registry"),
        )
    )
    st.session_state[synced] = chosen
    st.query_params.pop("practice", None)
    if chosen:
        st.query_params["practices"] = ",".join(chosen)
    else:
        st.query_params.pop("practices", None)
    return chosen


def link_to(page: str, label: str, **values: str | None) -> None:
    """A link to another page carrying a selection (and the language) in its URL."""
    params = deep_links.link_params(lang=lang(), **values)
    st.page_link(f"app_pages/{PAGE_FILES[page]}", label=label, icon=PAGE_ICONS[page], query_params=params)


# Material icons ship inside Streamlit: no emoji font or download needed on the trainer's laptop.
PAGE_ICONS: dict[str, str] = {
    "overview": ":material/dashboard:",
    "practices": ":material/list_alt:",
    "network": ":material/hub:",
    "overlaps": ":material/join_inner:",
    "cost-benefit": ":material/balance:",
    "console": ":material/terminal:",
    "training": ":material/school:",
    "data": ":material/database:",
}

PAGE_FILES: dict[str, str] = {
    "overview": "overview.py",
    "practices": "practices.py",
    "network": "network.py",
    "overlaps": "overlaps.py",
    "cost-benefit": "cost_benefit.py",
    "console": "console.py",
    "training": "training.py",
    "data": "data.py",
}


def share_box(page: str, **values: str | None) -> None:
    """A copyable link that reopens this view, drawn when its box is opened."""
    base = getattr(st.context, "url", None) or "http://localhost:8501/"
    _share_box(deep_links.share_url(str(base), page, lang=lang(), **values), key=f"{page}_share")


@st.fragment
def _share_box(url: str, key: str) -> None:
    # The link is a code block (its copy button) only once the box is opened, which reruns this fragment alone: a code
    # block makes the browser load and run Streamlit's syntax highlighter (1.5 MB of script), 0.45-0.9 s of its main
    # thread, profiled, delaying the typology matrix on a first visit at 10,000 practices even in a closed box.
    box = st.expander(tr("share_link"), key=key, on_change="rerun")
    if box.open:
        with box:
            st.code(url, language=None)


def code_filter(titles: pd.DataFrame, column: str, *, key: str, container: Any = st) -> str:
    """A "collection" or "country" filter: the codes the registry holds, shown and sorted by their names
    in the interface language ("" = no filter)."""
    kind = "collection" if column == "collection" else "country"
    label = option_formatter(lang(), kind=kind)
    options = sorted(views.values_in(titles, column), key=lambda code: label(code).lower())
    chosen = container.selectbox(tr(f"filter_{kind}"), ["", *options], format_func=label, key=key)
    return str(chosen or "")


def table_page(table: pd.DataFrame, *, key: str, name: str = "coordreg-table") -> paging.Page:
    """The page of ``table`` to draw: all of it up to ``paging.PAGE_SIZE`` rows; beyond, a page number, which
    rows are shown of how many, and a download of the whole table (a dataframe's own download gives only the
    rows drawn). The rows keep the table's order; ``table`` is the cached answer, so turning a page runs no query."""
    pages = paging.page_count(len(table))
    if pages == 1:
        return paging.page_of(table, 1)
    number_key = f"{key}_page"
    if number_key in st.session_state:  # a filter that shrank the table: back within it, before the widget reads it
        st.session_state[number_key] = paging.clamp_page(st.session_state[number_key], pages)
    row = st.columns([1, 3, 2], vertical_alignment="bottom")
    number = row[0].number_input(tr("table_page"), min_value=1, max_value=pages, step=1, key=number_key)
    page = paging.page_of(table, int(number or 1))
    row[1].caption(tr("table_rows", first=page.first, last=page.last, total=page.total))
    row[2].download_button(
        tr("table_download_all", total=page.total), partial(to_csv, table), file_name=f"{name}.csv", mime="text/csv",
        key=f"{key}_download", help=tr("table_download_help"), icon=":material/download:",
    )  # fmt: skip
    return page


def fitted_table(
    table: pd.DataFrame,
    name: str | Sequence[str],
    answer: Sequence[str] = (),
    *,
    key: str,
    shown: Any = None,
    config: dict[str, Any] | None = None,
    fixed: dict[str, int] | None = None,
    page_px: int = table_fit.PAGE_WIDTH_PX,
    max_height: int = 1100,
    leading: dict[str, int] | None = None,
) -> paging.Page:
    """A dataframe whose answer columns sit right after the row's name, in view at 1280 px, long names wrapped;
    a page of it at a time when it is long (``table_page``): the page drawn is returned.

    ``shown`` is what to draw when it differs from ``table`` (a Styler of it, for a small table: a Styler is
    drawn whole); ``config`` holds column configurations of a kind of their own (a progress bar, a link), which
    get their fitted width here. ``leading`` columns (a link to open the row) come before the name, each at the
    width given."""
    whole = paging.page_of(table, 1, len(table) or 1)  # a Styler is drawn whole
    page = table_page(table, key=key, name=f"coordreg-{key}") if shown is None else whole
    table = page.rows
    leading = dict(leading or {})
    fit = table_fit.fit_table(
        table, name, answer, fixed=fixed, page_px=page_px - sum(leading.values()), hidden=("id", *leading)
    )
    order = [*leading, *fit.order]
    widths = {**fit.widths, **leading}
    column_config: dict[str, Any] = {c: None for c in table.columns if c not in order}
    for column in order:
        special = (config or {}).get(column)
        if special is not None:
            special = {**special, "width": widths[column]}  # a ColumnConfig is a dict
        column_config[column] = special or st.column_config.Column(width=widths[column])
    st.dataframe(
        table if shown is None else shown,
        hide_index=True,
        column_order=order,
        column_config=column_config,
        row_height=fit.row_height,
        height=views.table_height(len(table), row_px=fit.row_height, cap=max_height),
        key=key,
    )
    return page


def matrix_view(table: pd.DataFrame, *, key: str) -> paging.Page:
    """The typology matrix (``views.matrix_table``), a page at a time, as a dataframe: the title wraps, the
    level marks (● stated, ○ inferred) and the conflict mark right after it, in view at 1280 px. Each row opens
    its practice on the Practices page, in the same language, from a link before its title. (A link cell draws
    its text on one line, cut at the column's edge: a title shown as the link would be cut; as text it wraps.)
    Returns the page drawn."""
    language = lang()
    page = table_page(table, key=key, name="coordreg-typology-matrix")
    fitted_table(
        views.with_practice_links(page.rows, language), i18n.t("col_practice", language),
        views.level_columns(language), key=key, fixed=views.mark_widths(language),
        leading={views.LINK_COLUMN: views.LINK_COLUMN_PX},
        config={views.LINK_COLUMN: st.column_config.LinkColumn(
            " ", display_text=":material/open_in_new:", help=tr("matrix_link_help"))},
    )  # fmt: skip
    return page


def header(title_key: str, intro_key: str | None = None) -> None:
    st.title(tr(title_key))
    if intro_key:
        st.caption(tr(intro_key))
