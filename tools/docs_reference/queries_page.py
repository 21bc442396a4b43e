"""The named-query reference: every built-in query, from its file's header and text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from registry.queries.library import BACKENDS, NamedQuery, list_queries
from tools.docs_reference import markdown as md

# Queries the app's pages and the exports run for their own views; listed after the analyses.
INTERNAL_PREFIXES = ("app_", "export_")
POST_STEPS_MODULE = "registry/analysis/"


def _default(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _parameters(query: NamedQuery) -> str:
    if not query.header.parameters:
        return "No parameters."
    rows = []
    for param in query.header.parameters:
        kind = param.type
        if param.minimum is not None or param.maximum is not None:
            kind += f", {param.minimum}..{param.maximum}"
        rows.append([
            md.code(param.name), kind, "required" if param.required else md.code(_default(param.default)),
            md.text(param.doc),
        ])  # fmt: skip
    return md.table(["parameter", "type", "default", "meaning"], rows)


def _notes(query: NamedQuery) -> list[str]:
    paragraphs: list[list[str]] = [[]]
    for line in query.header.notes:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [md.text(" ".join(p)) for p in paragraphs if p]


def _variants(query: NamedQuery) -> list[str]:
    """The Cypher: the portable text, then any backend's own text where it differs."""
    blocks = []
    by_text: dict[str, list[str]] = {}
    for backend in BACKENDS:
        by_text.setdefault(query.texts[backend], []).append(backend)
    for text, backends in by_text.items():
        files = sorted({Path(query.files[b]).name for b in backends})
        if len(by_text) == 1:
            caption = f"`cypher/{files[0]}`, on every store:"
        else:
            caption = f"`cypher/{files[0]}`, on {' and '.join(backends)}:"
        blocks += [caption, md.fenced(_body(text), "cypher")]
    return blocks


def _body(text: str) -> str:
    """The query text without its comment header (the page shows the header as prose)."""
    lines = text.splitlines()
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].strip().startswith("//")):
        start += 1
    return "\n".join(lines[start:])


def _section(query: NamedQuery) -> str:
    header = query.header
    facts = [f"**Runs on:** {', '.join(header.backends)}."]
    if header.post:
        facts.append(
            f"**Python step:** `{header.post}` (in `{POST_STEPS_MODULE}`) works on the rows before they are returned."
        )
    if header.fold:
        facts.append("**Compared accent- and case-blind:** " + ", ".join(md.code(f) for f in header.fold) + ".")
    command = f"coordreg query {query.name}" + "".join(f" --param {p.name}=…" for p in header.parameters if p.required)
    blocks = [
        f"### {md.text(header.title)} {{#{md.anchor(query.name)}}}",
        f"`{query.name}` — {md.text(header.question)}",
        _parameters(query),
        "**Columns:** " + (", ".join(md.code(c) for c in header.columns) or "none declared") + ".",
        " ".join(facts),
        *_notes(query),
        f"Run it: `{command}`",
        *_variants(query),
    ]
    return "\n\n".join(blocks)


def pages() -> list[tuple[str, str]]:
    queries = list_queries(include_user=False)
    analyses = [q for name, q in queries.items() if not name.startswith(INTERNAL_PREFIXES)]
    internal = [q for name, q in queries.items() if name.startswith(INTERNAL_PREFIXES)]
    intro = (
        "# Named queries\n\n"
        f"The {len(queries)} queries that ship with coordreg, generated from their files in `cypher/`. Each file "
        "opens with a comment header — title, question, parameters, columns, stores, notes — that "
        "`registry/queries/headers.py` reads; the CLI (`coordreg queries`, `coordreg query NAME`), the app's "
        "console and this page all show that same header. A file `NAME.falkordb.cypher` or `NAME.neo4j.cypher` "
        "beside `NAME.cypher` replaces it on that store.\n\n"
        "Parameters are given as `--param name=value` on the command line and as form fields in the console. "
        "A `list` parameter takes comma-separated values; `null` means the filter is off."
    )
    index = md.table(
        ["query", "question"],
        [[f"[`{q.name}`](#{md.anchor(q.name)})", md.text(q.header.question)] for q in analyses + internal],
    )
    blocks = [intro, index, "## Analyses {#analyses}", *(_section(q) for q in analyses)]
    blocks += [
        "## Queries behind the app and the exports {#internal}",
        "The app's pages and `coordreg export` run these; they are named queries like the others, so an analyst "
        "can run and read them too.",
        *(_section(q) for q in internal),
    ]
    return [("queries.md", md.page(*blocks))]
