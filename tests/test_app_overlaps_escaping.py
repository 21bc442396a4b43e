"""Each tab of the Overlaps page keeps hostile case text inert. The page draws only its open tab, so the
every-page escaping test (tests/test_app_escaping.py) sees only the first one: here each tab is opened in turn,
on the same hostile registry."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from test_app_escaping import (
    ACTIVE_MARKDOWN,
    APP,
    inert,
    markdown_sources,
)
from test_app_escaping import hostile_app as hostile_app  # noqa: F401 - a fixture
from test_app_escaping import hostile_graph as hostile_graph  # noqa: F401 - a fixture

from registry.app_support import i18n

TABS = ("tab_overlap", "tab_duplication", "tab_bridging")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_tab_of_the_overlaps_page_keeps_case_text_inert(hostile_app, lang):  # noqa: F811
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("app_pages/overlaps.py").run()
    drawn = set()
    for key in TABS:
        at.session_state["overlaps_tab"] = i18n.t(key, lang)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        sources = markdown_sources(at)
        for source in sources:
            assert not ACTIVE_MARKDOWN.search(inert(source)), (key, source)
        # The tab opened is the one drawn: its caption is on the page, the others' are not.
        captions = {c.value for c in at.caption}
        drawn |= {k for k in TABS if i18n.t(k.replace("tab_", "") + "_caption", lang) in captions}
        assert i18n.t(key.replace("tab_", "") + "_caption", lang) in captions, key
    assert drawn == set(TABS)
    # Hostile text is in the tables the tabs draw (plain text cells), so the check above had something to read.
    assert any("example" in str(v) for d in at.dataframe for v in getattr(d.value, "to_numpy", lambda: [])().ravel())
