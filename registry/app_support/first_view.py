"""The app's static first view: the Overview's heading, figures and first rows of its typology matrix, as plain HTML.

``coordreg app`` shows it while Streamlit starts (``app_pages/first_view.py`` serves it), so a visitor reads the
registry a second or two before the live page is drawn. It is built from the whole-registry answers the last
snapshot kept (``registry/queries/snapshot.py``) — no store is opened, nothing heavier than the standard library
and nanoarrow is imported (pandas alone would cost half a second) — and says when those figures were computed.
With nothing kept it is a plain "starting" page.

Every text from a case file (a practice's title) is HTML-escaped; the page holds one script of our own, which
waits for the live app's health check and then reloads into it.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import hashlib
import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registry.app_support.i18n import level_short, t

#: The kept answers the first view reads (the Overview's own unfiltered queries).
ANSWERS = ("registry_counts", "typology_matrix", "app_practice_titles")
#: Rows of the matrix shown: a screenful, as the live page's first page of the table.
ROWS_SHOWN = 25
LEVELS = ("macro", "meso", "micro")
#: (metric key, node label counted by ``registry_counts``); countries come from the practices themselves.
#: Defined here, not in ``views`` (which takes them from here), because ``views`` imports pandas, which the
#: first view must not wait for; the same for the matrix's marks below.
COUNTED_LABELS = (
    ("practices", "Practice"),
    ("countries", None),
    ("actors", "Actor"),
    ("agreements", "Agreement"),
    ("mechanisms", "Mechanism"),
    ("evidence", "Evidence"),
    ("sources", "Source"),
)
MARK, INFERRED_MARK, CONFLICT_MARK = "●", "○", "⚠"
HEALTH_PATH = "/_stcore/health"

#: Reloads into the live app once its health check answers (the static server answers it 503 until then).
RELOAD_SCRIPT = (
    "(function(){function poll(){fetch('" + HEALTH_PATH + "',{cache:'no-store'})"
    ".then(function(r){if(r.ok){location.reload();}else{setTimeout(poll,200);}})"
    ".catch(function(){setTimeout(poll,200);});}setTimeout(poll,200);})();"
)
#: The Content-Security-Policy the page is served with: no resource from anywhere, only the script above.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; connect-src 'self'; "
    f"script-src 'sha256-{base64.b64encode(hashlib.sha256(RELOAD_SCRIPT.encode()).digest()).decode()}'"
)


@dataclass
class KeptOverview:
    """What the first view shows, read from a snapshot: the figures, the matrix rows, and when they were computed."""

    counts: dict[str, int]
    matrix: list[dict[str, Any]]
    titles: dict[str, dict[str, Any]] = field(default_factory=dict)
    computed: datetime.datetime | None = None


def store_identity(graph_url: str, home: Path) -> str | None:
    """``GraphStore.identity()`` of the store ``graph_url`` names, without opening it (tests hold the two equal)."""
    if graph_url == "embedded" or graph_url.startswith("embedded:"):
        from registry.stores.embedded import DEFAULT_GRAPH_NAME

        return f"falkordb\n{home.resolve()}\n{graph_url.partition(':')[2] or DEFAULT_GRAPH_NAME}"
    if graph_url.startswith(("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")):
        return f"neo4j\n{graph_url}\n{os.environ.get('NEO4J_DATABASE') or 'neo4j'}"
    return None


def read_kept(graph_url: str, home: Path) -> KeptOverview | None:
    """The Overview's answers as the newest snapshot of this store kept them, or None when it kept none.

    Only one version's folder is normally there (keeping a version removes the older ones). It may be older than
    the registry (a write since, not yet recomputed): the page says when the figures were computed."""
    from registry.queries import snapshot

    identity = store_identity(graph_url, home)
    if identity is None:
        return None
    folder = snapshot.snapshot_root(home) / hashlib.sha256(identity.encode("utf-8")).hexdigest()[:20]
    with contextlib.suppress(OSError):
        versions = sorted((d for d in folder.iterdir() if d.is_dir()), key=lambda d: d.stat().st_mtime, reverse=True)
        for version in versions:
            paths = [version / f"{name}.arrow" for name in ANSWERS]
            if not all(p.is_file() for p in paths):
                continue
            answers = [snapshot._read(p) for p in paths]  # noqa: SLF001 - the snapshot's own reader, rows only
            if any(a is None for a in answers):
                continue
            counts_rows, matrix_rows, title_rows = (
                [dict(zip(a.columns, row, strict=True)) for row in a.rows] for a in answers if a is not None
            )
            computed = datetime.datetime.fromtimestamp(max(p.stat().st_mtime for p in paths), datetime.UTC)
            return KeptOverview(
                counts={str(r["kind"]): int(r["count"]) for r in counts_rows},
                matrix=matrix_rows,
                titles={str(r["practice_id"]): r for r in title_rows},
                computed=computed,
            )
    return None


def practice_title(row: dict[str, Any], lang: str) -> str:
    """As ``views.practice_title``: the title in ``lang`` (French: its French title, or the original if French)."""

    def text(key: str) -> str:
        value = row.get(key)
        return value if isinstance(value, str) else ""

    if lang == "fr":
        if text("title_fr"):
            return text("title_fr")
        if text("title_language") == "fr" and text("title_original"):
            return text("title_original")
    return text("title") or text("title_original") or text("practice_id")


def _countries(kept: KeptOverview) -> int:
    found: set[str] = set()
    for row in kept.titles.values():
        cell = row.get("countries")
        if isinstance(cell, (list, tuple)):
            found.update(str(v) for v in cell if v is not None)
        elif isinstance(cell, str):
            found.add(cell)
    return len(found)


def _mark(row: dict[str, Any], level: str) -> str:
    if not row.get(level):
        return ""
    return INFERRED_MARK if row.get(f"{level}_status") == "inferred" else MARK


def _body(kept: KeptOverview, lang: str) -> str:
    e = html.escape
    figures = "".join(
        f'<div class="metric"><div class="label">{e(t(f"metric_{key}", lang))}</div>'
        f'<div class="value">{_countries(kept) if label is None else kept.counts.get(label, 0)}</div></div>'
        for key, label in COUNTED_LABELS
    )
    heads = [t("col_practice", lang), *(level_short(level, lang) for level in LEVELS), t("col_conflict", lang)]
    rows = []
    for row in kept.matrix[:ROWS_SHOWN]:
        pid = str(row.get("practice_id", ""))
        title = practice_title(kept.titles.get(pid, {}), lang) or str(row.get("title") or pid)
        cells = [title, *(_mark(row, level) for level in LEVELS), CONFLICT_MARK if row.get("conflict") else ""]
        rows.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in cells) + "</tr>")
    levels = " · ".join(f"{e(level_short(lv, lang))}: {sum(1 for r in kept.matrix if r.get(lv))}" for lv in LEVELS)
    when = kept.computed.strftime("%Y-%m-%d %H:%M") if kept.computed else "?"
    shown = min(ROWS_SHOWN, len(kept.matrix))
    return (
        f'<p class="kept">{e(t("first_view_kept", lang, when=when))}</p>'
        f'<div class="metrics">{figures}</div>'
        f'<h2>{e(t("matrix_title", lang))}</h2><p class="caption">{e(t("matrix_caption", lang))}</p>'
        '<table id="matrix"><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>"
        f'<p class="caption">{e(t("first_view_rows", lang, shown=shown, total=len(kept.matrix)))}'
        f" · {e(t('matrix_totals', lang, practices=len(kept.matrix)))} · {levels}</p>"
    )


STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#262730}"
    ".starting{background:#e8f0fe;border-radius:.5rem;padding:.75rem 1rem}.kept,.caption{color:#6b6f7b;font-size:.9rem}"
    ".metrics{display:flex;flex-wrap:wrap;gap:1.5rem;margin:1rem 0}.metric .label{font-size:.85rem}"
    ".metric .value{font-size:1.8rem}table{border-collapse:collapse;width:100%;font-size:.9rem}"
    "th,td{border:1px solid #e6e6e6;padding:.25rem .5rem;text-align:left}td:nth-child(n+2){text-align:center}"
)


def render(kept: KeptOverview | None, lang: str) -> str:
    """The first view in ``lang`` ("en" or "fr"): the kept Overview, or only the heading and "starting" line."""
    lang = lang if lang in ("en", "fr") else "en"
    e = html.escape
    body = _body(kept, lang) if kept is not None else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>coordreg</title><style>{STYLE}</style></head><body>"
        f"<h1>{e(t('overview_title', lang))}</h1><p>{e(t('overview_intro', lang))}</p>"
        f'<p class="starting" role="status">{e(t("first_view_starting", lang))}</p>'
        f"{body}<script>{RELOAD_SCRIPT}</script></body></html>"
    )
