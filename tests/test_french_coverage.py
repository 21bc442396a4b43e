"""Every interface string has its French, read from the gettext catalogs as a translator's tools read them.

The catalogs (registry/locale) are the only home of the interface's texts: the template ``coordreg.pot``
(English msgids, keys as msgctxt) and ``fr/LC_MESSAGES/coordreg.po``. A string without a French entry, an
entry still marked fuzzy, a French text whose ``{placeholders}`` differ from the English, or a key the code
asks for that no catalog holds, fails here, each named.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from registry import locale
from registry.app_support import i18n

ROOT = Path(__file__).resolve().parent.parent
#: Where the interface asks for its strings by key: tr(key, …) in the pages, t(key, lang, …) in the helpers.
#: say(key, english, …) in the command line (registry/cli/language.py).
CLI_SOURCES = sorted((ROOT / "registry" / "cli").glob("*.py"))
SOURCES = [ROOT / "app_streamlit.py", *sorted((ROOT / "app_pages").glob("*.py")),
           *sorted((ROOT / "registry" / "app_support").glob("*.py")), *CLI_SOURCES]  # fmt: skip
KEYWORDS = {"tr", "t", "say"}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _forms(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


@pytest.fixture(scope="module")
def template():
    return locale.read_catalog(None)


@pytest.fixture(scope="module")
def french():
    return locale.read_catalog("fr")


def _messages(catalog) -> dict[str, object]:
    return {message.context: message for message in catalog if message.id}


def test_every_template_string_has_a_key_and_english(template):
    keys = [message.context for message in template if message.id]
    assert keys and all(keys), "every message is found by its key (msgctxt)"
    assert len(keys) == len(set(keys)), sorted(key for key in keys if keys.count(key) > 1)
    for message in template:
        if message.id:
            assert all(form.strip() for form in _forms(message.id)), message.context


def test_every_string_has_a_french_entry_that_is_not_fuzzy(template, french):
    translated = _messages(french)
    problems = []
    for key, message in _messages(template).items():
        entry = translated.get(key)
        if entry is None:
            problems.append(f"{key}: no entry in fr/LC_MESSAGES/coordreg.po")
        elif _forms(entry.id) != _forms(message.id):
            problems.append(f"{key}: the French translates an older English text ({entry.id!r})")
        elif entry.fuzzy:
            problems.append(f"{key}: marked fuzzy (to review)")
        elif len(_forms(entry.string)) != french.num_plurals and message.pluralizable:
            problems.append(f"{key}: {len(_forms(entry.string))} plural forms, French has {french.num_plurals}")
        elif not all(form.strip() for form in _forms(entry.string)):
            problems.append(f"{key}: an empty French text")
    assert not problems, "\n".join(problems)
    assert set(translated) <= set(_messages(template)), "French entries the template no longer has"


def test_french_placeholders_are_the_english_ones(french):
    problems = []
    for message in french:
        if not message.id:
            continue
        english = set().union(*map(_placeholders, _forms(message.id)))
        for form in _forms(message.string):
            if _placeholders(form) != english:
                problems.append(f"{message.context}: {sorted(_placeholders(form))} in {form!r}, not {sorted(english)}")
    assert not problems, "\n".join(problems)


def test_the_catalogs_kept_in_the_cache_folder_read_back_as_the_catalogs_themselves(tmp_path, monkeypatch):
    """The app and French commands read the catalogs from a JSON file in the user's cache folder (Babel costs a
    third of a second each start): what that file gives is what the .po files say, plural rules included."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def fresh() -> tuple[dict[str, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]], dict[str, str]]:
        locale.entries.cache_clear()
        locale._PLURALS.clear()
        read = {key: (entry.english, dict(entry.translated)) for key, entry in locale.entries().items()}
        return read, dict(locale._PLURALS)

    try:
        from_files = fresh()
        (kept,) = (tmp_path / "coordreg").glob("catalog-fr-*.json")
        from_cache = fresh()
        assert from_cache == from_files and len(from_files[0]) > 500
        assert from_files[1]["fr"] == locale.read_catalog("fr").plural_expr
        kept.write_text('{"plural": "(n > 1)", "entries": {"x": 3}}', encoding="utf-8")  # damaged: read past
        assert fresh() == from_files
    finally:
        locale.entries.cache_clear()
        locale._PLURALS.clear()


def test_plural_rules_read_from_the_catalogs():
    assert locale.plural_rule("fr")(0) == 0 and locale.plural_rule("fr")(1) == 0 and locale.plural_rule("fr")(2) == 1
    assert locale.plural_rule("en")(1) == 0 and locale.plural_rule("en")(0) == 1
    assert i18n.t("matrix_totals", "fr", practices=1) == "1 pratique correspond"
    assert i18n.t("matrix_totals", "fr", practices=4) == "4 pratiques correspondent"
    assert i18n.t("matrix_totals", "en", practices=1) == "1 practice matches"
    assert i18n.t("matrix_totals", "en", practices=0) == "0 practices match"


def _key_arguments(tree: ast.AST) -> list[tuple[ast.expr, int]]:
    """The first argument of every call to tr(…) or t(…) (``i18n.t`` too), with its line."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name in KEYWORDS:
                found.append((node.args[0], node.lineno))
    return found


def _literal_keys(argument: ast.expr) -> list[str]:
    """``"key"``, or both keys of ``"a" if … else "b"``; nothing for a key built at run time."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return [argument.value]
    if isinstance(argument, ast.IfExp):
        return _literal_keys(argument.body) + _literal_keys(argument.orelse)
    return []


def _built_prefix(argument: ast.expr) -> str | None:
    """The fixed start of a key built at run time: ``f"measure_{name}"`` or ``"aspect_" + name``."""
    if isinstance(argument, ast.JoinedStr) and argument.values and isinstance(argument.values[0], ast.Constant):
        return str(argument.values[0].value)
    if isinstance(argument, ast.BinOp) and isinstance(argument.left, ast.Constant):
        return str(argument.left.value)
    return None


def _scan() -> tuple[dict[str, list[str]], set[str]]:
    """The keys written in the sources (with where), and the prefixes of keys built at run time."""
    used: dict[str, list[str]] = {}
    prefixes: set[str] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for argument, line in _key_arguments(tree):
            for key in _literal_keys(argument):
                used.setdefault(key, []).append(f"{path.relative_to(ROOT)}:{line}")
            prefix = _built_prefix(argument)
            if prefix:
                prefixes.add(prefix)
    return used, prefixes


def test_every_key_the_interface_asks_for_is_in_the_catalogs(template):
    used, _ = _scan()
    # The extractor must see the pages' strings, or this test would pass on nothing.
    assert {"language", "nav_overview", "matrix_totals"} <= set(used), sorted(used)[:20]
    held = set(_messages(template))
    missing = {key: where for key, where in used.items() if key not in held}
    assert not missing, "\n".join(f"{key} (used at {', '.join(where)})" for key, where in sorted(missing.items()))


def _literal_values(field: str) -> set[str]:
    """The values a Figure field allows, read from the model's annotation (so a new value needs its words)."""
    import typing

    from registry.schema.model import Figure

    found = set()
    for arg in typing.get_args(Figure.model_fields[field].annotation):
        found |= {value for value in typing.get_args(arg) if isinstance(value, str)}
    assert found, field
    return found


def test_keys_built_at_run_time_are_in_the_catalogs(template):
    """A few keys are made from a value (``t(f"measure_{name}", lang)``): each such family has strings."""
    from registry.schema.vocabulary import LEVEL_IDS

    held = set(_messages(template))
    assert {f"level_short_{level}" for level in LEVEL_IDS} <= held
    # A figure's qualifier and status read as words in each language ("plus de … (2020, observé)").
    assert {f"figure_qualifier_{value}" for value in _literal_values("qualifier")} <= held
    assert {f"figure_status_{value}" for value in _literal_values("status")} <= held
    _, prefixes = _scan()
    assert prefixes, "the scan finds the keys built at run time"
    for prefix in sorted(prefixes):
        assert any(key.startswith(prefix) for key in held), f"no catalog key starts with {prefix!r}"


def test_no_interface_dictionary_is_left_in_python():
    source = (ROOT / "registry" / "app_support" / "i18n.py").read_text(encoding="utf-8")
    assert not re.search(r'^\s*"[a-z_]+": \(\s*$|^\s*"[a-z_]+": \("', source, re.MULTILINE), "a string table in i18n.py"


def test_every_named_query_a_person_reads_has_its_texts_in_the_catalogs(template):
    """Titles, questions and parameter lines of the user-facing built-in queries: the headers are the English
    original, the template holds them as they are now (``python -m tools.i18n_catalog update`` copies them), and
    the test above holds each to its French."""
    from registry.cli.querying import INTERNAL_PREFIXES
    from registry.queries.library import list_queries

    held = _messages(template)
    problems, checked = [], 0
    for name, query in list_queries(include_user=False).items():
        if name.startswith(INTERNAL_PREFIXES):
            continue
        header = query.header
        texts = [("title", header.title), ("question", header.question)]
        texts += [(f"param:{param.name}", param.doc) for param in header.parameters if param.doc]
        for part, english in texts:
            checked += 1
            message = held.get(f"query:{name}:{part}")
            if message is None or message.id != english:
                problems.append(f"query:{name}:{part}: the template does not hold the header's text {english!r}")
    assert checked > 40 and not problems, "\n".join(problems)


def test_a_query_text_is_french_only_while_it_translates_the_header():
    from registry.queries.library import get_query

    header = get_query("typology_matrix").header
    assert i18n.query_text("typology_matrix", "title", header.title, "fr") == "Matrice typologique"
    assert i18n.query_text("typology_matrix", "title", header.title, "en") == header.title
    # A header changed since it was translated (or a saved query of the same name) shows its own text.
    assert i18n.query_text("typology_matrix", "title", "Level matrix", "fr") == "Level matrix"
    assert i18n.query_text("no_such_query", "title", "Mine", "fr") == "Mine"


def _cli_messages() -> list[tuple[ast.Call, str]]:
    """Every ``say(…)`` call of the command line, with where it is."""
    found = []
    for path in CLI_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say":
                found.append((node, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def test_every_cli_message_is_the_catalogs_english_and_has_french(template, french):
    """The CLI passes each message's English beside its key (so English needs no catalog): that English must
    be the template's msgid, or the French shown would translate another text, and the French must be there."""
    calls = _cli_messages()
    assert len(calls) > 80, "the scan finds the CLI's messages"
    held, translated = _messages(template), _messages(french)
    problems = []
    for call, where in calls:
        if len(call.args) != 2 or not all(isinstance(arg, ast.Constant) for arg in call.args):
            problems.append(f"{where}: say(key, english) takes the key and the English as written literals")
            continue
        key, english = (arg.value for arg in call.args)
        if not key.startswith("cli_"):
            problems.append(f"{where}: the key {key!r} does not start with cli_")
        elif key not in held:
            problems.append(f"{where}: {key} is in no catalog (python -m tools.i18n_catalog add {key} …)")
        elif held[key].id != english:
            problems.append(f"{where}: {key} says {english!r} here but {held[key].id!r} in the catalog")
        elif key not in translated or not translated[key].string or translated[key].fuzzy:
            problems.append(f"{where}: {key} has no French")
        else:
            named = {keyword.arg for keyword in call.keywords}
            if _placeholders(english) != named:
                problems.append(f"{where}: {key} fills {sorted(named)}, its text has {sorted(_placeholders(english))}")
    assert not problems, "\n".join(problems)


def test_the_cli_speaks_the_french_of_the_catalogs(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from registry.cli import main
    from registry.cli.language import say, translated, translations

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # the catalogs' texts are kept there, not in the home
    translations.cache_clear()

    assert translated("cli_status_nodes", "nodes: {nodes}", "fr") == "nœuds : {nodes}"
    # An English text the catalog does not hold (changed in the code, not yet in the catalog) is shown as it is.
    assert translated("cli_status_nodes", "node count: {nodes}", "fr") == "node count: {nodes}"
    assert say("cli_status_nodes", "nodes: {nodes}", nodes=3) in {"nodes: 3", "nœuds : 3"}
    done = CliRunner().invoke(main, ["--lang", "fr", "describe", "no_such"], env={"COORDREG_LANG": None})
    assert done.exit_code == 1 and done.output.startswith("erreur : il n'y a pas de requête nommée « no_such »")


def test_every_cli_help_text_has_its_french(template, french):
    """`coordreg --help` and each command's: every docstring and option help is a catalog string (cli_help_*)
    whose English is the text as it is now, with its French (registry/cli/help_text.py shows it)."""
    import inspect

    import click

    from registry.cli import main

    context = click.Context(main, info_name="coordreg")
    texts: dict[str, str] = {}
    for name, command in [("coordreg", main), *main.commands.items()]:
        if command.help:
            texts[inspect.cleandoc(command.help)] = name
        for param in [*command.params, command.get_help_option(context)]:
            if param is not None and getattr(param, "help", None):
                texts[param.help] = f"{name} {param.name}"
    assert len(texts) > 45, "the walk finds the commands' help"
    held = {message.id: message.context for message in template if (message.context or "").startswith("cli_help_")}
    translated = _messages(french)
    problems = []
    for english, where in sorted(texts.items(), key=lambda item: item[1]):
        key = held.get(english)
        if key is None:
            problems.append(f"{where}: its help {english!r} is in no catalog")
        elif key not in translated or not translated[key].string or translated[key].fuzzy:
            problems.append(f"{where}: {key} has no French")
    assert not problems, "\n".join(problems)


def test_every_interface_string_is_asked_for_somewhere():
    """A string no source file asks for (by its key, a table of keys or a prefix it is built from) is dead
    weight a translator still has to keep up: ``python -m tools.i18n_catalog remove KEY`` takes it out."""
    from tools.i18n_catalog import possible_uses, unused_keys

    assert unused_keys() == []
    assert possible_uses("nav_data") and possible_uses("aspect_actors")  # built keys are found
