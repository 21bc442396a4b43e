"""The `coordreg` CLI speaks French when asked: ``--lang fr``, ``COORDREG_LANG=fr`` or a French locale.

Its messages come from the same gettext catalogs as the app (registry/cli/language.py); English stays the
default and stays as it was. Commands that read a store run against a real one, on both backends.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import MINI_REGISTRY, graph_env

from registry.cli import main

#: An environment that says nothing about the language, whatever the machine running the tests says.
NEUTRAL = {"COORDREG_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


@pytest.fixture(autouse=True)
def _cache_of_its_own(tmp_path, monkeypatch):
    """French commands keep the catalogs' texts in the user's cache folder: here a folder of the test's own."""
    from registry.cli.language import translations

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    translations.cache_clear()
    yield
    translations.cache_clear()


def _invoke(*args: str, env: dict[str, str | None] | None = None):
    return CliRunner().invoke(main, list(args), env={**NEUTRAL, "COLUMNS": "200", **(env or {})}, prog_name="coordreg")


def test_queries_in_french_from_the_option_the_variable_or_the_locale():
    english = _invoke("queries", "--format", "table")
    assert english.exit_code == 0, english.output
    assert english.output.split()[:4] == ["name", "title", "parameters", "source"]
    assert "Typology matrix" in english.output and "built-in" in english.output
    for how in (
        {"args": ("--lang", "fr"), "env": {}},
        {"args": (), "env": {"COORDREG_LANG": "fr"}},
        {"args": (), "env": {"LANG": "fr_FR.UTF-8"}},
        {"args": (), "env": {"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}},
    ):
        french = _invoke(*how["args"], "queries", "--format", "table", env=how["env"])
        assert french.exit_code == 0, (how, french.output)
        assert french.output.split()[:4] == ["nom", "titre", "paramètres", "origine"], how
        assert "Matrice typologique" in french.output and "intégrée" in french.output, how
        assert "practice (obligatoire)" in french.output, how


def test_the_option_wins_over_the_variable_and_the_variable_over_the_locale():
    english = _invoke("queries", "--format", "table").output
    assert _invoke("--lang", "en", "queries", "--format", "table", env={"COORDREG_LANG": "fr"}).output == english
    assert _invoke("queries", "--format", "table", env={"COORDREG_LANG": "en", "LANG": "fr_FR.UTF-8"}).output == english
    # LC_ALL comes first, as POSIX reads the locale: a C locale there keeps English whatever LANG says.
    assert _invoke("queries", "--format", "table", env={"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}).output == english
    refused = _invoke("--lang", "de", "status")
    assert refused.exit_code == 2 and "'de' is not one of 'en', 'fr'" in refused.output


def test_machine_formats_keep_their_column_names_in_french():
    rows = _invoke("--lang", "fr", "queries", "--format", "tsv").output.splitlines()
    assert rows[0] == "name\ttitle\tparameters\tsource"
    assert any(line.startswith("typology_matrix\tMatrice typologique\t") for line in rows)
    # A column may be named by its French heading too.
    chosen = _invoke("--lang", "fr", "queries", "--columns", "titre,nom", "--format", "tsv").output.splitlines()
    assert chosen[0] == "title\tname" and "Matrice typologique\ttypology_matrix" in chosen


def test_describe_in_french():
    done = _invoke("--lang", "fr", "describe", "practice_levels")
    assert done.exit_code == 0, done.output
    assert done.output.startswith("practice_levels: Tableau des niveaux d'une pratique\n")
    assert "\nQuestion : Que dit le tableau" in done.output
    assert "\nParamètres :\n  practice (string, obligatoire) : L'identifiant de la pratique" in done.output
    assert "\nS'exécute sur : falkordb, neo4j\n" in done.output


def test_refused_parameters_are_explained_in_french():
    bad = _invoke("--lang", "fr", "query", "practice_levels", "--param", "practice")
    assert bad.exit_code == 2
    assert "Usage : coordreg query [OPTIONS] NAME" in bad.output
    assert "Essayez « coordreg query -h » pour l'aide." in bad.output
    assert "Erreur : Valeur invalide pour --param : « practice » n'est pas de la forme clé=valeur" in bad.output
    timeout = _invoke("--lang", "fr", "cypher", "RETURN 1", "--timeout", "nan", env={"COORDREG_LANG": "fr"})
    assert timeout.exit_code == 2
    assert "Valeur invalide pour '--timeout' : donnez un nombre de secondes entre 0,001 et" in timeout.output
    missing = _invoke("export", env={"COORDREG_LANG": "fr"})
    assert missing.exit_code == 2 and "Erreur : Il manque l'option '--format'." in missing.output
    unknown = _invoke("--lang", "fr", "describe", "typology_matrx")
    assert unknown.exit_code == 1
    assert unknown.output == (
        "erreur : il n'y a pas de requête nommée « typology_matrx » ; vouliez-vous dire « typology_matrix » ? "
        "`coordreg queries --all` les liste\n"
    )
    # click's own reasons, in French too.
    choice = _invoke("--lang", "fr", "queries", "--format", "xml")
    assert "Erreur : Valeur invalide pour '--format' : 'xml' ne fait pas partie de 'table', 'tsv'," in choice.output
    number = _invoke("--lang", "fr", "cypher", "RETURN 1", "--limit", "abc")
    assert "Erreur : Valeur invalide pour '--limit' : 'abc' n'est pas un nombre entier." in number.output
    assert "0 n'est pas dans l'intervalle x>=1." in _invoke("--lang", "fr", "generate", "--practices", "0",
                                                           "--out", "nowhere").output  # fmt: skip
    assert (
        "Erreur : Commande inconnue : 'stauts'. Vouliez-vous dire 'status' ?"
        in _invoke("--lang", "fr", "stauts").output
    )
    assert "Erreur : Option inconnue : --bogus" in _invoke("--lang", "fr", "load", "--bogus").output
    # The same refusals in English are click's own words, as before.
    assert "Error: Invalid value for '--format': 'xml' is not one of" in _invoke("queries", "--format", "xml").output
    english = _invoke("query", "practice_levels", "--param", "practice")
    assert "Error: Invalid value for --param: 'practice' is not key=value" in english.output


def test_status_load_and_history_in_french_on_a_real_store(store, tmp_path):
    env = graph_env(store)
    folder = tmp_path / "registry-folder"
    loaded = _invoke("--lang", "fr", "load", str(MINI_REGISTRY), "--registry-folder", str(folder), "--no-snapshot",
                     env=env)  # fmt: skip
    assert loaded.exit_code == 0, loaded.output
    counts = store.counts()
    assert loaded.output.startswith("2 pratique(s) chargée(s) depuis ")
    assert f"; le registre contient {counts['nodes']} nœuds et {counts['relationships']} relations." in loaded.output
    assert "(voir `coordreg history`)" in loaded.output
    status = _invoke("status", env={**env, "COORDREG_LANG": "fr"})
    assert status.exit_code == 0, status.output
    assert status.output.splitlines()[-2:] == [f"nœuds : {counts['nodes']}", f"relations : {counts['relationships']}"]
    where = status.output.splitlines()[0]
    assert where.startswith(("FalkorDB embarqué, graphe « ", "Neo4j à ")), where
    assert where.endswith(", aucun port TCP)") or where.endswith(f"base « {store.database} »"), where
    english = _invoke("status", env=env)
    assert english.output.splitlines()[-2:] == [
        f"nodes: {counts['nodes']}",
        f"relationships: {counts['relationships']}",
    ]
    history = _invoke("--lang", "fr", "history", "--registry-folder", str(folder), "--format", "table", env=env)
    assert history.exit_code == 0, history.output
    assert history.output.split()[:5] == ["version", "date", "version", "du", "registre"]
    changes = _invoke("--lang", "fr", "history", "--show", "1", "--registry-folder", str(folder), "--format", "table",
                      env=env)  # fmt: skip
    assert changes.output.split()[:6] == ["action", "type", "id", "champ", "avant", "après"], changes.output
    empty = _invoke("--lang", "fr", "history", "--registry-folder", str(tmp_path / "none"), env=env)
    assert "n'enregistre encore aucune version : chargez d'abord un fichier." in empty.output


@pytest.mark.parametrize("lang_args", [("--lang", "fr"), ()])
def test_an_empty_answer_says_so_in_french(store, lang_args):
    env = {**graph_env(store), "COORDREG_LANG": "fr"}
    done = _invoke(*lang_args, "cypher", "MATCH (n:Nothing) RETURN n.id AS id", "--format", "table", env=env)
    assert done.exit_code == 0, done.output
    assert done.output == "(aucune ligne) colonnes : id\n"


def test_help_in_french():
    english = _invoke("--help").output
    assert _invoke("--lang", "en", "--help").output == english
    assert (
        english.startswith("Usage: coordreg [OPTIONS] COMMAND [ARGS]...") and "Show this message and exit." in english
    )
    french = _invoke("--lang", "fr", "--help").output
    assert french.startswith("Usage : coordreg [OPTIONS] COMMAND [ARGS]...")
    assert "\nOptions :\n" in french and "\nCommandes :\n" in french and "Afficher ce message et quitter." in french
    assert "\n  status    Quelle base, où, et combien de nœuds" in french
    cypher = _invoke("cypher", "--help", env={"COORDREG_LANG": "fr"}).output
    assert "Exécuter une requête Cypher en lecture seule (les écritures sont refusées)." in cypher
    assert "[par défaut : 5000]" in " ".join(cypher.split())
    load = _invoke("--lang", "fr", "load", "--help").output
    assert "Les fichiers sont aussi conservés dans le dossier du registre" in load
    assert "Vider d'abord le registre, puis charger." in load


def test_a_load_shows_its_progress_in_french_in_a_terminal(store, coordreg_home):
    import os

    from test_cli_output import _load_with_stderr

    env = {**os.environ, "COORDREG_HOME": str(coordreg_home), **graph_env(store), "COORDREG_LANG": "fr"}
    stdout, drawn = _load_with_stderr(env, terminal=True)
    assert stdout.startswith("2 pratique(s) chargée(s) depuis 3 fichier(s) ;"), stdout
    assert "vérification des fichiers de cas" in drawn and "écriture" in drawn and "restant" in drawn, drawn
