"""Deep links: which page and which practice, actor or query a shared URL points at.

A URL such as ``/?page=network&practice=arg-intercosecha&lang=fr`` opens the
network page on one practice, in French. Only known keys are kept and their
values must look like registry ids, so a crafted link can select things but
never smuggle text into a page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode

#: Page keys (also their URL paths), in menu order.
PAGES: tuple[str, ...] = (
    "overview",
    "practices",
    "network",
    "overlaps",
    "cost-benefit",
    "console",
    "training",
    "data",
)

#: The URL parameters the app reads; everything else in a URL is ignored.
LINK_KEYS: tuple[str, ...] = (
    "page", "practice", "practices", "compare", "actor", "query", "lang", "step", "present",
)  # fmt: skip

_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
#: Several practices drawn together (the network page), as ids joined by commas.
MAX_PRACTICES = 8
LANGUAGE_CODES = ("en", "fr")


def clean_value(key: str, value: object) -> str | None:
    """The value if it is acceptable for ``key``, else None."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    if key == "practices" and isinstance(value, str):
        parts = value.split(",")
        return value if 0 < len(parts) <= MAX_PRACTICES and all(_VALUE.match(part) for part in parts) else None
    if not isinstance(value, str) or not _VALUE.match(value):
        return None
    if key == "page" and value not in PAGES:
        return None
    if key == "lang" and value not in LANGUAGE_CODES:
        return None
    if key == "present" and value != "1":
        return None
    return value


def read_link(params: Mapping[str, object]) -> dict[str, str]:
    """The usable deep-link values of a URL's query parameters."""
    link: dict[str, str] = {}
    for key in LINK_KEYS:
        if key in params:
            value = clean_value(key, params[key])
            if value is not None:
                link[key] = value
    return link


def link_params(**values: str | None) -> dict[str, str]:
    """Query parameters for a link, dropping empty or unacceptable values."""
    unknown = set(values) - set(LINK_KEYS)
    if unknown:
        raise ValueError(f"not a deep-link key: {', '.join(sorted(unknown))}")
    out = {}
    for key, value in values.items():
        cleaned = clean_value(key, value) if value is not None else None
        if cleaned is not None:
            out[key] = cleaned
    return out


def share_url(base_url: str, page: str, **values: str | None) -> str:
    """A URL that reopens ``page`` with the given selection, e.g. to paste in an e-mail."""
    params = link_params(page=page, **values)
    root = base_url.split("?", 1)[0]
    for known in PAGES:  # the app may be showing any page; links always start at its root
        if root.rstrip("/").endswith("/" + known):
            root = root.rstrip("/")[: -len(known)]
            break
    if not root.endswith("/"):
        root += "/"
    return root + "?" + urlencode(params)
