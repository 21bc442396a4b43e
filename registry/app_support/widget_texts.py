"""Streamlit's own words inside a widget, in the interface language, where Streamlit gives no option for them.

The file uploader draws "Upload" on its button and "5MB per file • YAML, XLSX" beside it, in English whatever
the page's language (Streamlit 1.67 has no parameter for either). This module writes a small style sheet that
hides those two texts and shows the catalog's words in their place (CSS ``::after`` content), so a French page
reads French. Only the app's own catalog texts go into the sheet, and each is escaped as a CSS string, so no
text can close the string or the ``<style>`` element.
"""

from __future__ import annotations

#: Where the uploader keeps its button label and its size-and-types line (Streamlit's test ids, stable since 1.3x).
UPLOADER = '[data-testid="stFileUploaderDropzone"]'
BUTTON_TEXT = f'{UPLOADER} button [data-testid="stMarkdownContainer"] p'
LIMITS_TEXT = f'{UPLOADER} [data-testid="stFileUploaderDropzoneInstructions"] span'


def css_string(text: str) -> str:
    """``text`` as a double-quoted CSS string: backslashes, quotes, line ends and ``<`` written as escapes."""
    escaped = []
    for char in text:
        if char in '\\"<>' or ord(char) < 0x20 or char in "\u2028\u2029":
            escaped.append(f"\\{ord(char):X} ")  # a CSS hex escape ends at the space
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _replaced(selector: str, text: str, size: str) -> str:
    # The original text keeps no room (font-size 0); the catalog's words take its place at the widget's size.
    return f"{selector}{{font-size:0}}{selector}::after{{content:{css_string(text)};font-size:{size}}}"


def uploader_style(button: str, limits: str) -> str:
    """A ``<style>`` element that shows ``button`` on the uploader's button and ``limits`` beside it."""
    rules = _replaced(BUTTON_TEXT, button, "0.875rem") + _replaced(LIMITS_TEXT, limits, "0.875rem")
    return f"<style>{rules}</style>"
