"""Text from case files and from the server, made fit to show a visitor.

Two dangers, two helpers:

- ``md``: case-file text goes into Streamlit elements that read Markdown
  (``st.markdown``, captions, headers, alerts, ``st.table`` cells, expander
  labels, help tooltips). There an image link makes every visitor's browser
  fetch an outside address, a link can run ``javascript:``, and a bare
  ``https://…``, ``www.…`` or e-mail address is turned into a link even when
  every special character is escaped (GitHub-flavoured Markdown links them
  after escapes are resolved). ``md`` escapes the specials and breaks those
  three patterns with an invisible word joiner, so the text reads the same.
- ``without_paths``: error messages from the store name its data directory,
  socket and log file; a visitor learns nothing useful from them and an
  attacker learns the layout of the server. They are cut out.
"""

from __future__ import annotations

import re

#: Every character CommonMark, GitHub tables and Streamlit's directives (``:red[…]``, ``:material/…:``,
#: ``$…$``) act on; a backslash before an ASCII punctuation character makes it plain text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")
#: U+2060 WORD JOINER: invisible, yet no URL or e-mail pattern matches across it.
JOINER = "\u2060"
# What GitHub-flavoured Markdown links without being asked: scheme://…, www.…, name@domain.
_AUTOLINKS = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)")


def md(text: object) -> str:
    """Case-file text made inert for Streamlit Markdown: shown as written, never as formatting or a link."""
    plain = "" if text is None else str(text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINKS.sub(JOINER, plain))


# An absolute path (two parts or more) not inside a URL: /home/…, /tmp/…, /var/run/x.sock. The look-behind
# keeps "1/2", "a/b" and the "//host/x" of a URL out of it.
_ABSOLUTE_PATH = re.compile(r"(?<![\w:/.~-])~?/(?:[\w.+@%-]+/)+[\w.+@%-]*")
PATH_MARK = "…"


def without_paths(message: str) -> str:
    """A message with every file-system path replaced by an ellipsis."""
    return _ABSOLUTE_PATH.sub(PATH_MARK, message)
