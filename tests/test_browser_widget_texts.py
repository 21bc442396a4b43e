"""Streamlit's own words inside the file uploader read in the page's language (issue 17: "Streamlit's own
widget texts are translated as far as its options allow"): Streamlit has no option for the uploader's button
and limits line, so the Data page replaces them with the catalog's words; checked in Chromium, where the
replacement is drawn, and the style sheet's escaping checked on hostile text."""

from __future__ import annotations

import re

import pytest
from test_browser import Visit, app_url, browser  # noqa: F401 - fixtures

from registry.app_support import data_io, widget_texts
from registry.app_support.i18n import t

SHOWN = """(selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    return {text: getComputedStyle(element, '::after').content,
            hidden: getComputedStyle(element).fontSize};
}"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_uploader_speaks_the_page_s_language(browser, app_url, lang):  # noqa: F811
    tab = Visit(browser, app_url, viewport=(1280, 800))
    try:
        tab.open(f"/data?lang={lang}")
        tab.assert_no_error("data page")
        kinds = ", ".join(s.lstrip(".").upper() for s in data_io.UPLOAD_SUFFIXES)
        for selector, words in (
            (widget_texts.BUTTON_TEXT, t("upload_button", lang)),
            (widget_texts.LIMITS_TEXT, t("upload_limits", lang, mb=data_io.MAX_UPLOAD_MB, types=kinds)),
        ):
            shown = tab.page.evaluate(SHOWN, selector)
            assert shown is not None, f"Streamlit no longer draws {selector}: update widget_texts"
            assert shown["text"] == f'"{words}"' and shown["hidden"] == "0px", shown
        if lang == "fr":
            assert "Parcourir" in t("upload_button", lang) and "Mo par fichier" in shown["text"]
    finally:
        tab.close()


@pytest.mark.parametrize("text", ['a"}</style><script>alert(1)</script>', "back\\slash\nnew line", "\u2028"])
def test_catalog_words_cannot_leave_the_css_string(text):
    style = widget_texts.uploader_style(text, text)
    body = style.removeprefix("<style>").removesuffix("</style>")
    assert "<" not in body and ">" not in body and "\n" not in body and "\u2028" not in body
    strings = re.findall(r'content:"((?:[^"\\]|\\.)*)"', body)
    assert len(strings) == 2 and all('"' not in re.sub(r"\\[0-9A-F]+ ", "", s) for s in strings)
