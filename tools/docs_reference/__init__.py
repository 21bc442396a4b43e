"""Reference pages generated from the code: ``python -m tools.docs_reference``.

Writes ``docs/reference/``: the data model (with its diagram), every named
query, every CLI command and every vocabulary. Nothing on these pages depends
on the run — no date, no absolute path, no order that a dict or a file system
could change — so regenerating them gives the same bytes until the code
changes. ``--check`` compares instead of writing; tests/test_docs.py does the
same into a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "docs" / "reference"


def generate() -> dict[str, str]:
    """Every reference file by its name inside docs/reference/."""
    from tools.docs_reference import cli_page, model_page, queries_page, vocabularies_page

    files: dict[str, str] = {}
    for name, content in [
        *model_page.pages(),
        *queries_page.pages(),
        *cli_page.pages(),
        *vocabularies_page.pages(),
        *index_page(),
    ]:
        files[name] = content
    return dict(sorted(files.items()))


def index_page() -> list[tuple[str, str]]:
    from tools.docs_reference import markdown as md

    body = (
        "# Reference\n\n"
        "Generated from the code by `python -m tools.docs_reference`; a test regenerates these pages and fails "
        "when they differ from the code, so they describe the coordreg you have.\n\n"
        "- [Data model](model.md): every node label, relationship type and property, and every field of a case "
        "file, with what it means and its type.\n"
        "- [Named queries](queries.md): question, parameters, columns, notes and the Cypher of each.\n"
        "- [Command line](cli.md): every command with its arguments and options.\n"
        "- [Vocabularies](vocabularies.md): every term of the open vocabularies and every fixed list, with "
        "English and French labels and definitions; the regions; how a registry adds its own terms and records "
        "renames."
    )
    return [("index.md", md.page(body))]


def write(folder: Path = REFERENCE_DIR) -> list[Path]:
    """Write the pages into ``folder``, removing reference files the code no longer produces."""
    files = generate()
    folder.mkdir(parents=True, exist_ok=True)
    for stale in sorted(folder.iterdir()):
        if stale.is_file() and stale.name not in files:
            stale.unlink()
    written = []
    for name, content in files.items():
        path = folder / name
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write(content)
        written.append(path)
    return written


def differences(folder: Path = REFERENCE_DIR) -> list[str]:
    """What differs between ``folder`` and what the code generates now (empty: they agree)."""
    files = generate()
    found = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    problems = [f"{name}: not generated from the code (remove it)" for name in found if name not in files]
    for name, content in files.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif path.read_text(encoding="utf-8") != content:
            problems.append(f"{name}: differs from what the code generates")
    return problems
