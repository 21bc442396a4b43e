"""coordreg's explorer: `coordreg app`, or `streamlit run app_streamlit.py`.

This entry script sets the page, the language switch and the menu; each page
lives in ``app_pages/`` and asks the registry API for what it shows. The
store is the one ``coordreg`` itself uses: COORDREG_GRAPH (default: the
embedded store; ``embedded:NAME`` for another graph) and COORDREG_HOME.
"""

from __future__ import annotations

import streamlit as st

from app_pages.common import PAGE_FILES, get_store, link, store_label, tr, warm_other_pages
from app_pages.signin import access_panel
from registry import __version__
from registry.app_support.i18n import LANGUAGES

st.set_page_config(page_title="coordreg", layout="wide")

# The language comes from the URL when a shared link names one, else from this session.
requested = link().get("lang")
if requested and st.session_state.get("_synced_lang") != requested:
    st.session_state["lang"] = requested
    st.session_state["lang_choice"] = requested
st.session_state.setdefault("lang", "en")
st.session_state.setdefault("lang_choice", st.session_state["lang"])
st.session_state["lang"] = st.session_state["lang_choice"]

PAGE_TITLES = {
    "overview": "nav_overview",
    "practices": "nav_practices",
    "network": "nav_network",
    "overlaps": "nav_overlaps",
    "cost-benefit": "nav_cost_benefit",
    "console": "nav_console",
    "training": "nav_training",
    "data": "nav_data",
}
OVERVIEW_RESERVED_PATH = "overview-page"
pages = {
    key: st.Page(
        f"app_pages/{PAGE_FILES[key]}",
        title=tr(title_key),
        # No icon on purpose: Streamlit turns a page's Material icon into a favicon fetched from
        # fonts.gstatic.com, and the app must make no request beyond this machine.
        # Streamlit serves the default page at "/" but still reserves its own url_path, which then
        # answers "Page not found": the Overview reserves an unused name, and "/overview" is an alias.
        url_path=OVERVIEW_RESERVED_PATH if key == "overview" else key,
        default=key == "overview",
    )
    for key, title_key in PAGE_TITLES.items()
}


def _to_overview() -> None:
    st.switch_page(pages["overview"], query_params=st.query_params.to_dict())


overview_alias = st.Page(_to_overview, title=tr("nav_overview"), url_path="overview", visibility="hidden")
# The practice editor opens from the Practices page ("Edit", "New practice"), not from the menu.
EDITOR = "app_pages/practice_editor.py"
pages["editor"] = st.Page(EDITOR, title=tr("editor_nav"), url_path="editor", visibility="hidden")
current = st.navigation([*pages.values(), overview_alias])

with st.sidebar:
    st.radio(
        tr("language"),
        list(LANGUAGES),
        key="lang_choice",
        format_func=LANGUAGES.__getitem__,
        horizontal=True,
    )
    st.caption(f"coordreg {__version__}")

# A link such as /?page=network&actor=… opens that page with the rest of its selection.
wanted_page = link().get("page")
if wanted_page and wanted_page in pages and current.url_path != wanted_page:
    rest = {k: v for k, v in link().items() if k != "page"}
    st.switch_page(pages[wanted_page], query_params=rest)

st.query_params["lang"] = st.session_state["lang"]
st.session_state["_synced_lang"] = st.session_state["lang"]
with st.sidebar:
    access_panel()
    # Only the kind of store: its data directory, socket and host are the server's business (and in its log).
    st.caption(tr("store_caption", store=store_label(get_store())))
current.run()
warm_other_pages()  # once per server: the other pages' libraries, imported while this one is read
