"""Keep the interface's gettext catalogs up to date: ``registry/locale/coordreg.pot`` and each language's ``.po``.

    python -m tools.i18n_catalog update
    python -m tools.i18n_catalog add KEY "English text" ["Texte français"]
    python -m tools.i18n_catalog remove KEY

Each interface string has a key, the name the code asks for (``tr("matrix_totals", practices=3)``). In the
catalogs the key is the message's context (``msgctxt``) and the English text its ``msgid``, so a translator
reads English, as with any gettext project, and a code change that keeps the key never loses a translation.

``update`` reads the template, finds where the code uses each key (the ``#:``
lines a translator's editor shows), copies the named queries' titles, questions and parameter lines from their
headers (keys ``query:NAME:…``), and merges the template into each language's catalog the way
``pybabel update`` does: a new string arrives untranslated, a string whose English changed comes back
``fuzzy`` with its old translation, for review. ``add`` puts a new string into the template (and, given one,
its French) and then updates; ``remove`` takes a string the code no longer asks for out of the template and
every catalog, refusing while a source file still uses its key. tests/test_french_coverage.py fails while any
string lacks a French entry, or is asked for nowhere.
"""

from __future__ import annotations

import argparse
import ast
import functools
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "registry" / "locale"
DOMAIN = "coordreg"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
TRANSLATED = ("fr",)
#: Where the interface asks for its strings: the app's entry, its pages, the modules that build their texts and
#: the command line.
SOURCE_GLOBS = ("app_streamlit.py", "app_pages/*.py", "registry/app_support/*.py", "registry/cli/*.py")
#: The functions whose first argument is a key: ``tr(key, **values)`` in the pages, ``t(key, lang, **values)``,
#: and ``say(key, english, **values)`` in the command line.
KEYWORDS = {"tr", "t", "say"}
WIDTH = 116


def catalog_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def write(path: Path, catalog: Catalog) -> None:
    """Write a catalog; the file is replaced only when its text changes (no churn from a run that changed nothing)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_output=False, include_previous=False)
    data = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def source_files() -> Iterator[Path]:
    for pattern in SOURCE_GLOBS:
        yield from sorted(ROOT.glob(pattern))


@functools.cache
def _parsed_sources() -> tuple[tuple[str, tuple[ast.AST, ...]], ...]:
    """Each source file (its path from the root) with the nodes of its syntax tree, parsed once per run: the
    unused-key check asks ``possible_uses`` for every key of the template (parsing every file each time took
    23 s)."""
    return tuple(
        (path.relative_to(ROOT).as_posix(), tuple(ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path)))))
        for path in source_files()
    )


def _keys(argument: ast.expr) -> list[str]:
    """``"key"``, or both keys of ``"a" if … else "b"`` (a key built at run time has no one place)."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return [argument.value]
    if isinstance(argument, ast.IfExp):
        return _keys(argument.body) + _keys(argument.orelse)
    return []


def key_locations() -> dict[str, list[tuple[str, int]]]:
    """Each key written in the sources, with the files and lines that use it. A walk of the syntax tree rather
    than Babel's extractor, which reads a key as a message and joins ``"a" if … else "b"`` into one text."""
    found: dict[str, list[tuple[str, int]]] = {}
    for relative, nodes in _parsed_sources():
        for node in nodes:
            if isinstance(node, ast.Call) and node.args:
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if name in KEYWORDS:
                    for key in _keys(node.args[0]):
                        found.setdefault(key, []).append((relative, node.lineno))
    return {key: sorted(places) for key, places in found.items()}


#: The named queries' texts a person reads (title, question, each parameter's line) are catalog strings too,
#: keyed ``query:NAME:title``, ``query:NAME:question`` and ``query:NAME:param:PARAM``; the header stays the
#: English original, and ``update`` copies it into the template.
QUERY_PREFIX = "query:"


def query_texts() -> dict[str, tuple[str, str]]:
    """Each user-facing built-in query's texts by key, with the file the English comes from."""
    from registry.cli.querying import INTERNAL_PREFIXES
    from registry.queries.library import list_queries

    found: dict[str, tuple[str, str]] = {}
    for name, query in sorted(list_queries(include_user=False).items()):
        if name.startswith(INTERNAL_PREFIXES) or query.error is not None:
            continue
        where = f"cypher/{name}.cypher"
        header = query.header
        found[f"{QUERY_PREFIX}{name}:title"] = (header.title, where)
        found[f"{QUERY_PREFIX}{name}:question"] = (header.question, where)
        for param in header.parameters:
            if param.doc:
                found[f"{QUERY_PREFIX}{name}:param:{param.name}"] = (param.doc, where)
    return found


def _sync_queries(template: Catalog) -> None:
    """The template's query texts made the headers' own: new ones added, changed ones replaced (their French
    then comes back fuzzy), those of a query no longer there removed."""
    current = query_texts()
    held = {message.context: message for message in template if message.id and message.context}
    for key, message in held.items():
        if key.startswith(QUERY_PREFIX) and (key not in current or current[key][0] != message.id):
            template.delete(message.id, context=key)
    for key, (english, where) in current.items():
        if key in held and held[key].id == english:
            continue
        name = key.split(":")[1]
        notes = [f"Named query {name}: its {key.split(':', 2)[2].replace(':', ' ')}"]
        template.add(english, "", locations=[(where, 1)], auto_comments=notes, context=key)


def update() -> None:
    """Refresh the template's source references and query texts, then merge it into every language's catalog."""
    template = read(TEMPLATE)
    locations = key_locations()
    for message in template:
        if message.id and message.context and not message.context.startswith(QUERY_PREFIX):
            message.locations = locations.get(message.context, [])
    _sync_queries(template)
    write(TEMPLATE, template)
    for lang in TRANSLATED:
        catalog = read(catalog_path(lang), locale=lang)
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()  # a string the template no longer has is gone; git keeps the history
        write(catalog_path(lang), catalog)


def add(key: str, english: str, french: str | None) -> None:
    template = read(TEMPLATE)
    if any(message.context == key for message in template if message.id):
        raise SystemExit(f"'{key}' is in the catalog already; edit its entry in {TEMPLATE.relative_to(ROOT)}")
    flags = ["python-brace-format"] if "{" in english else []
    template[english] = Message(english, "", flags=flags, context=key)
    write(TEMPLATE, template)
    if french is not None:
        catalog = read(catalog_path("fr"), locale="fr")
        catalog[english] = Message(english, french, flags=flags, context=key)
        write(catalog_path("fr"), catalog)
    update()


def possible_uses(key: str) -> list[tuple[str, int]]:
    """Where the sources may ask for ``key`` without a ``tr("key")`` call: the key as a string anywhere (a table
    of keys), a string ending in ``_`` the key starts with (``"aspect_" + name``), or an f-string that starts as
    the key does (``f"nav_{page}"`` for ``nav_data``)."""
    found: list[tuple[str, int]] = []
    for relative, nodes in _parsed_sources():
        for node in nodes:
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                # the key itself, or a prefix keys are built from ("aspect_" + name, QUALIFIER_PREFIX)
                if node.value == key or (node.value.endswith("_") and key.startswith(node.value)):
                    found.append((relative, node.lineno))
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                start = str(node.values[0].value)
                if start and key.startswith(start) and len(node.values) > 1:
                    found.append((relative, node.lineno))
    return sorted(found)


def unused_keys() -> list[str]:
    """The template's interface keys no source file asks for, in any of the ways ``possible_uses`` knows."""
    used = key_locations()
    keys = [message.context for message in read(TEMPLATE) if message.id and message.context]
    return [key for key in keys if not key.startswith(QUERY_PREFIX) and key not in used and not possible_uses(key)]


def remove(key: str) -> None:
    if key.startswith(QUERY_PREFIX):
        raise SystemExit(f"'{key}' comes from a named query's header: change the header, then run update")
    places = possible_uses(key)
    if places:
        where = ", ".join(f"{path}:{line}" for path, line in places[:3])
        raise SystemExit(f"'{key}' is still used ({where}); remove those uses first")
    template = read(TEMPLATE)
    held = [message for message in template if message.id and message.context == key]
    if not held:
        raise SystemExit(f"'{key}' is in no catalog; `python -m tools.i18n_catalog update` lists none to remove")
    template.delete(held[0].id, context=key)
    write(TEMPLATE, template)
    update()  # each language's catalog loses the entry as the template did


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="refresh source references and merge the template into each catalog")
    adding = commands.add_parser("add", help="add a new interface string (then update)")
    adding.add_argument("key", help="the name the code uses, e.g. history_title")
    adding.add_argument("english")
    adding.add_argument("french", nargs="?", default=None)
    removing = commands.add_parser("remove", help="remove a string no source file uses any more (then update)")
    removing.add_argument("key")
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    elif args.command == "remove":
        remove(args.key)
    else:
        add(args.key, args.english, args.french)
    written = [TEMPLATE, *(catalog_path(lang) for lang in TRANSLATED)]
    print("up to date: " + ", ".join(str(path.relative_to(ROOT)) for path in written), file=sys.stderr)


if __name__ == "__main__":
    main()
