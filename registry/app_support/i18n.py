"""The explorer's interface in English and French.

Interface strings live here, each with both languages side by side so a
missing translation is visible in review (and a test checks none is empty
and both take the same ``{placeholders}``). Registry content that has both
languages (``summary_en``/``summary_fr`` …) is chosen with ``localized``.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from typing import Any

from registry.schema.vocabulary import ACTOR_KIND

LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}

LEVEL_SHORT: dict[str, tuple[str, str]] = {
    "macro": ("Macro", "Macro"),
    "meso": ("Meso", "Méso"),
    "micro": ("Micro", "Micro"),
}

# Labels of the kinds of actor come with the vocabulary itself (registry/schema/vocabulary.py).
KIND_LABELS: dict[str, tuple[str, str]] = {term.term: (term.en, term.fr) for term in ACTOR_KIND.terms}

# key: (English, French)
STRINGS: dict[str, tuple[str, str]] = {
    # --- frame, menu, errors
    "language": ("Language", "Langue"),
    "nav_overview": ("Overview", "Vue d'ensemble"),
    "nav_practices": ("Practices", "Pratiques"),
    "nav_network": ("Actor network", "Réseau d'acteurs"),
    "nav_overlaps": ("Overlaps & duplication", "Chevauchements et doublons"),
    "nav_cost_benefit": ("Cost–benefit", "Coûts et bénéfices"),
    "nav_console": ("Cypher console", "Console Cypher"),
    "nav_training": ("Training", "Formation"),
    "nav_data": ("Data", "Données"),
    "store_caption": ("Store: {store}", "Base : {store}"),
    "store_unavailable": (
        "The graph store cannot be reached just now. Reload this page in a moment; if it still fails, tell whoever "
        "runs this app (they can run `coordreg status` on the server, whose log says more).",
        "La base de graphes est injoignable pour l'instant. Rechargez la page dans un moment ; si l'échec persiste, "
        "prévenez la personne qui gère cette application (elle peut lancer `coordreg status` sur le serveur, dont "
        "le journal en dit plus).",
    ),
    "unexpected_error": (
        "Something went wrong ({message}). Nothing was changed; please report it.",
        "Un incident est survenu ({message}). Rien n'a été modifié ; merci de le signaler.",
    ),
    # --- who may write (registry/app_support/access.py)
    "access_title": ("Editing", "Modifications"),
    "access_read_only": (
        "Visitors can read everything here; importing files and saving or deleting queries need you to sign in.",
        "Tout se consulte librement ; importer des fiches, enregistrer ou supprimer des requêtes demandent de se "
        "connecter.",
    ),
    "access_off": (
        "Editing is off on this server: it is reachable from other machines and no sign-in is configured. "
        "Whoever runs it can set COORDREG_APP_TOKEN, or configure `[auth]` in .streamlit/secrets.toml, and restart.",
        "Les modifications sont désactivées sur ce serveur : il est joignable depuis d'autres machines et aucune "
        "connexion n'est configurée. La personne qui le gère peut définir COORDREG_APP_TOKEN, ou configurer `[auth]` "
        "dans .streamlit/secrets.toml, puis le redémarrer.",
    ),
    "access_token": ("Editor token", "Jeton d'édition"),
    "access_unlock": ("Unlock editing", "Déverrouiller"),
    "access_wrong_token": ("That token is not the right one.", "Ce jeton n'est pas le bon."),
    "access_unlocked": (
        "Editing is unlocked for this session.",
        "Les modifications sont possibles pour cette session.",
    ),
    "access_lock": ("Lock again", "Reverrouiller"),
    "access_login": ("Sign in", "Se connecter"),
    "access_login_with": ("Sign in with {provider}", "Se connecter avec {provider}"),
    "access_logout": ("Sign out", "Se déconnecter"),
    "access_signed_in": ("Signed in as {who}.", "Connecté en tant que {who}."),
    "access_not_a_writer": (
        "Signed in as {who}, who is not among this server's editors: you can read only.",
        "Connecté en tant que {who}, qui ne figure pas parmi les éditeurs de ce serveur : lecture seule.",
    ),
    "write_locked": (
        "Sign in (in the sidebar) to {action}.",
        "Connectez-vous (dans le volet latéral) pour {action}.",
    ),
    "write_off": ("{action}: editing is off on this server.", "{action} : modifications désactivées sur ce serveur."),
    "action_import": ("validate or import case files", "valider ou importer des fiches"),
    "action_save_query": ("save or delete queries", "enregistrer ou supprimer des requêtes"),
    "share_link": ("Link to this view", "Lien vers cette vue"),
    "all": ("All", "Tous"),
    "required": ("required", "obligatoire"),
    # --- shared columns
    "col_practice": ("Practice", "Pratique"),
    "col_practices": ("Practices", "Pratiques"),
    "col_countries": ("Countries", "Pays"),
    "col_country": ("Country", "Pays"),
    "col_collection": ("Collection", "Collection"),
    "col_conflict": ("Conflict", "Conflit"),
    "col_levels": ("Levels", "Niveaux"),
    "col_level": ("Level", "Niveau"),
    "col_locator": ("Where in the source", "Où dans la source"),
    "col_mechanism": ("Mechanism", "Mécanisme"),
    "col_mechanisms": ("Mechanisms", "Mécanismes"),
    "col_actor": ("Actor", "Acteur"),
    "col_actors": ("Actors", "Acteurs"),
    "col_agreements": ("Agreements", "Accords"),
    "col_functions": ("Functions", "Fonctions"),
    "col_kind": ("Kind", "Type"),
    "col_degree": ("Ties", "Liens"),
    "col_betweenness": ("Betweenness", "Intermédiarité"),
    "col_weight": ("Weight", "Poids"),
    "col_severity": ("Severity", "Gravité"),
    "col_file": ("File", "Fichier"),
    "col_place": ("Place", "Emplacement"),
    "col_field": ("Field", "Champ"),
    "col_message": ("Problem", "Problème"),
    "no_level": ("no level (agreement only)", "sans niveau (accord seulement)"),
    "severity_error": ("error", "erreur"),
    "severity_warning": ("warning", "avertissement"),
    # --- filters
    "filter_collection": ("Collection", "Collection"),
    "filter_country": ("Country", "Pays"),
    "filter_level": ("Level", "Niveau"),
    "filter_levels_all": ("Involving all of these levels", "Couvrant tous ces niveaux"),
    "choose_levels": ("Any level", "Tout niveau"),
    "filter_kind": ("Actor kind", "Type d'acteur"),
    "filter_practice": ("Practice", "Pratique"),
    # --- overview
    "overview_title": ("Multilevel coordination in social security", "La coordination multiniveau en sécurité sociale"),
    "overview_intro": (
        "A registry of coordination practices: who works with whom, at which level — macro (strategic), meso "
        "(operational) or micro (service delivery) — through which agreements, and with what effect.",
        "Un registre de pratiques de coordination : qui travaille avec qui, à quel niveau — macro (stratégique), "
        "méso (opérationnel) ou micro (fourniture des services) —, par quels accords et avec quels effets.",
    ),
    "matrix_title": ("Typology matrix", "Matrice typologique"),
    "matrix_caption": (
        "As Table 2 of the ISSA Americas article: ● marks a level a source states the practice involves, ○ one only "
        "an analyst infers; ⚠ marks a practice whose sources disagree — its claims and their locators are listed "
        "below.",
        "Comme le tableau 2 de l'article de l'AISS sur les Amériques : ● marque un niveau qu'une source attribue à la "
        "pratique, ○ un niveau seulement déduit par un analyste ; ⚠ signale des sources en désaccord — leurs "
        "affirmations et leurs emplacements sont listés plus bas.",
    ),
    "matrix_totals": ("{practices} practice(s) match", "{practices} pratique(s) correspondent"),
    "matrix_first_rows": (
        "Showing the first {shown} of {total} practices: narrow them with the filters above, or show them all.",
        "Les {shown} premières pratiques sur {total} sont affichées : affinez avec les filtres ci-dessus, ou "
        "affichez-les toutes.",
    ),
    "matrix_show_all": ("Show all {total} practices", "Afficher les {total} pratiques"),
    "open_practice": ("Open a practice", "Ouvrir une pratique"),
    "choose_practice": ("Choose a practice…", "Choisir une pratique…"),
    "go_practice": ("Practice page", "Fiche de la pratique"),
    "go_network": ("Its actors on the network", "Ses acteurs sur le réseau"),
    "conflicts_title": ("Conflicting level claims", "Affirmations contradictoires sur les niveaux"),
    "conflicts_caption": (
        "The passages below assign different levels to the same practice; each row says where to read it.",
        "Les passages ci-dessous attribuent des niveaux différents à une même pratique ; chaque ligne indique où "
        "les lire.",
    ),
    "conflicts_first": (
        "{shown} of {total} practices with conflicting claims are listed; choose another one below.",
        "{shown} pratiques sur {total} ayant des affirmations contradictoires sont listées ; choisissez-en une autre "
        "ci-dessous.",
    ),
    "conflicts_other": (
        "Another practice with conflicting claims",
        "Une autre pratique aux affirmations contradictoires",
    ),
    "conflicts_none": ("No conflicting claims among the practices shown.", "Aucune contradiction parmi ces pratiques."),
    # --- network
    "network_title": ("Actor network", "Réseau d'acteurs"),
    "network_intro": (
        "Two actors are tied when they are party to the same agreement or take part in the same mechanism. "
        "Colour: kind of actor; line: level of the tie; size: the centrality measure chosen.",
        "Deux acteurs sont liés s'ils sont parties au même accord ou prennent part au même mécanisme. "
        "Couleur : type d'acteur ; trait : niveau du lien ; taille : la mesure de centralité choisie.",
    ),
    "size_by": ("Size by", "Taille selon"),
    "measure_betweenness": ("Betweenness", "Intermédiarité"),
    "measure_weighted_degree": ("Weighted ties", "Liens pondérés"),
    "measure_degree": ("Number of ties", "Nombre de liens"),
    "focus_actor": ("Focus on an actor", "Centrer sur un acteur"),
    "whole_network": ("Whole network", "Tout le réseau"),
    "hops": ("Steps around it", "Pas autour de lui"),
    "network_counts": ("{actors} actor(s), {ties} tie(s)", "{actors} acteur(s), {ties} lien(s)"),
    "download_html": ("Standalone HTML", "HTML autonome"),
    "download_graphml": ("GraphML", "GraphML"),
    "png_hint": (
        "PNG: use the “Download PNG” button above the drawing.",
        "PNG : bouton « Télécharger en PNG » au-dessus du dessin.",
    ),
    "go_console_actor": ("Query this actor in the console", "Interroger cet acteur dans la console"),
    "actors_table": ("Actors as a table", "Les acteurs en tableau"),
    "net_png": ("Download PNG", "Télécharger en PNG"),
    "net_fit": ("Fit to view", "Tout afficher"),
    "net_empty": ("Nothing to draw: no tie matches these filters.", "Rien à dessiner : aucun lien ne correspond."),
    # --- console
    "console_title": ("Cypher console", "Console Cypher"),
    "console_intro": (
        "Read-only: queries that would change the registry, load files or call procedures are refused before they "
        "reach the store. Start from a named query or write your own.",
        "En lecture seule : les requêtes qui modifieraient le registre, chargeraient des fichiers ou appelleraient "
        "des procédures sont refusées avant d'atteindre la base. Partez d'une requête nommée ou écrivez la vôtre.",
    ),
    "named_queries": ("Named queries", "Requêtes nommées"),
    "choose_query": ("Query", "Requête"),
    "saved": ("saved", "enregistrée"),
    "query_notes": ("How to read the answer", "Comment lire la réponse"),
    "run_named": ("Run", "Exécuter"),
    "copy_to_editor": ("Copy into the editor", "Copier dans l'éditeur"),
    "show_cypher": ("Cypher", "Cypher"),
    "editor": ("Editor", "Éditeur"),
    "editor_label": ("Cypher (read-only)", "Cypher (lecture seule)"),
    "row_cap": ("Row cap", "Lignes au plus"),
    "time_limit": ("Time limit (s)", "Durée maximale (s)"),
    "run_editor": ("Run query", "Exécuter la requête"),
    "save_query": ("Save this query to my library", "Enregistrer cette requête dans ma bibliothèque"),
    "save_name": ("Name", "Nom"),
    "save_name_help": (
        "lowercase letters, digits and _ (e.g. my_actors)",
        "lettres minuscules, chiffres et _ (par ex. mes_acteurs)",
    ),
    "save_description": ("Description", "Description"),
    "save_title": ("Title", "Titre"),
    "save_title_help": (
        "A few words, listed with the named queries: 'Actors of two practices'.",
        "Quelques mots, affichés dans la liste des requêtes : « Acteurs de deux pratiques ».",
    ),
    "save_question": ("Question it answers", "Question à laquelle elle répond"),
    "save_question_help": (
        "One sentence a colleague reads before running it: 'Which actors take part in both practices?'",
        "Une phrase qu'un collègue lit avant de l'exécuter : « Quels acteurs participent aux deux pratiques ? »",
    ),
    "param_in_cypher": ("In Cypher: \\${name}", "En Cypher : \\${name}"),
    "pick_one": ("Choose or type an id", "Choisissez ou tapez un identifiant"),
    "pick_any": ("Any (no filter)", "Tous (sans filtre)"),
    "schema_title": (
        "Graph schema: {labels} labels · {types} relationship types · {keys} property keys",
        "Schéma du graphe : {labels} étiquettes · {types} types de relations · {keys} propriétés",
    ),
    "schema_labels": ("Labels", "Étiquettes"),
    "schema_relationships": ("Relationships", "Relations"),
    "schema_properties": ("Properties", "Propriétés"),
    "schema_label": ("Label", "Étiquette"),
    "schema_pattern": ("Pattern", "Motif"),
    "schema_owner": ("On", "Sur"),
    "schema_key": ("Property", "Propriété"),
    "schema_count": ("Count", "Nombre"),
    "save": ("Save", "Enregistrer"),
    "saved_as": (
        "Saved as '{name}'; it is now in the list of named queries.",
        "Enregistrée sous « {name} » ; elle figure désormais parmi les requêtes nommées.",
    ),
    "delete_query": ("Delete this saved query", "Supprimer cette requête enregistrée"),
    "delete_confirm": ("Yes, delete '{name}'", "Oui, supprimer « {name} »"),
    "deleted": ("Deleted '{name}'.", "« {name} » a été supprimée."),
    "broken": ("broken", "illisible"),
    "broken_query": (
        "This saved query cannot be read, so it cannot run: {message} Delete it, or mend its file.",
        "Cette requête enregistrée est illisible et ne peut pas s'exécuter : {message} Supprimez-la ou réparez son "
        "fichier.",
    ),
    "refused": ("Refused: {message}", "Refusée : {message}"),
    "from_editor": ("editor", "éditeur"),
    "result_summary": (
        "**{rows}** row(s) in {ms} ms ({source})",
        "**{rows}** ligne(s) en {ms} ms ({source})",
    ),
    "truncated": (
        "Only the first {cap} rows are shown: the result was truncated.",
        "Seules les {cap} premières lignes sont affichées : le résultat a été tronqué.",
    ),
    "tab_table": ("Table", "Tableau"),
    "why_macro": (
        "Strategic: it decides who does what in the system",
        "Stratégique : il fixe qui fait quoi dans le système",
    ),
    "why_meso": (
        "Operational: a shared tool or procedure keeps programmes working together",
        "Opérationnel : un outil ou une procédure commune fait travailler les programmes ensemble",
    ),
    "why_micro": (
        "Service delivery: front-line work links services for the people served",
        "Fourniture de services : le travail de terrain relie les services pour les personnes",
    ),
    "why_inferred": (
        "Inferred by an analyst, no source states it: {rationale}",
        "Déduit par un analyste, aucune source ne l'affirme : {rationale}",
    ),
    "tour_lesson": ("Its mechanisms, level by level", "Ses mécanismes, niveau par niveau"),
    "tour_actors": ("Actors: {actors}", "Acteurs : {actors}"),
    "tour_where": ("Source: {locator}", "Source : {locator}"),
    "tour_no_mechanism": ("No mechanism at this level.", "Aucun mécanisme à ce niveau."),
    "tour_also": ("Works at several levels: also {levels}", "Agit à plusieurs niveaux : aussi {levels}"),
    "tour_matrix_rows": ("Rows {first}–{last} of {total}", "Lignes {first} à {last} sur {total}"),
    "presenter": ("Presenter mode", "Mode présentation"),
    "presenter_help": (
        "Hides the menu and enlarges the text for a projector; the ← and → keys go back and forth.",
        "Masque le menu et agrandit le texte pour un projecteur ; les touches ← et → avancent et reculent.",
    ),
    "exercise_reason": ("Why: {reason}", "Pourquoi : {reason}"),
    "exercise_passage": ("Source passage: {locator}", "Passage de la source : {locator}"),
    "filter_practices": ("Practices (one or several)", "Pratiques (une ou plusieurs)"),
    "whole_registry": ("The whole registry", "Tout le registre"),
    "shared_actors": (
        "{count} actor(s) take part in more than one of the chosen practices (ringed in the drawing): {actors}",
        "{count} acteur(s) participent à plusieurs des pratiques choisies (cerclés sur le dessin) : {actors}",
    ),
    "no_shared_actors": (
        "The chosen practices share no actor.",
        "Les pratiques choisies n'ont aucun acteur en commun.",
    ),
    "network_reading": (
        "larger names for more central actors; zoom in to read the others",
        "noms plus grands pour les acteurs plus centraux ; zoomez pour lire les autres",
    ),
    "download_network": ("This network, as filtered", "Ce réseau, tel que filtré"),
    "download_png_slide": ("PNG for a slide", "PNG pour une diapositive"),
    "download_png_help": (
        "1920×1080, with the title, the legend and where the data comes from.",
        "1920×1080, avec le titre, la légende et la provenance des données.",
    ),
    "download_gexf_help": (
        "For Gephi: the same positions, colours and sizes.",
        "Pour Gephi : mêmes positions, couleurs et tailles.",
    ),
    "source_line": (
        "Source: coordreg {version} registry of multilevel coordination practices (ISSA and ILO cases), {date}",
        "Source : registre coordreg {version} des pratiques de coordination multiniveau (cas AISS et OIT), {date}",
    ),
    "filter_collection_short": ("collection", "collection"),
    "filter_country_short": ("country", "pays"),
    "filter_level_short": ("level", "niveau"),
    "filter_actor_kind_short": ("actors", "acteurs"),
    "col_shared_by_all": ("Shared", "Commun"),
    "net_shared": ("Shared by the chosen practices", "Commun aux pratiques choisies"),
    "col_jurisdiction": ("Where", "Où"),
    "jurisdiction_same_jurisdiction": ("Same jurisdiction", "Même juridiction"),
    "jurisdiction_similar_elsewhere": ("Alike, elsewhere", "Semblables, ailleurs"),
    "hit_actor": ("Actor", "Acteur"),
    "hit_agreement": ("Agreement", "Accord"),
    "hit_mechanism": ("Mechanism", "Mécanisme"),
    "hit_level": ("Level", "Niveau"),
    "hit_function": ("Function", "Fonction"),
    "hit_population": ("Population", "Population"),
    "hit_benefit": ("Benefit", "Prestation"),
    "hit_source": ("Source", "Source"),
    "hit_instrument": ("Instrument", "Instrument"),
    "cited_practice": ("The practice", "La pratique"),
    "cited_mechanism": ("Mechanism", "Mécanisme"),
    "cited_agreement": ("Agreement", "Accord"),
    "cited_evidence": ("Cost or benefit", "Coût ou bénéfice"),
    "cited_level_claim": ("Level claim", "Niveaux affirmés"),
    "cited_actor": ("Actor", "Acteur"),
    "answer_below": ("{rows} row(s): the answer is below.", "{rows} ligne(s) : la réponse est plus bas."),
    # --- a failed console query, in words (registry/app_support/query_help.py)
    "help_where": ("(line {line}, column {column})", "(ligne {line}, colonne {column})"),
    "help_syntax": ("The store cannot read the query {where}", "La base ne parvient pas à lire la requête {where}"),
    "help_expected": (
        "It expected {expected}, but found {found}.",
        "Elle attendait {expected}, mais a trouvé {found}.",
    ),
    "help_end_of_query": ("the end of the query", "la fin de la requête"),
    "help_did_you_mean": ("Did you mean {word}?", "Vouliez-vous écrire {word} ?"),
    "help_missing": ("No value for {names}", "Aucune valeur pour {names}"),
    "help_missing_how": (
        "Fill in the field above the Run button, or take the parameter out of the query.",
        "Remplissez le champ au-dessus du bouton Exécuter, ou retirez le paramètre de la requête.",
    ),
    "help_unknown_function": ("There is no function {name}() {where}", "La fonction {name}() n'existe pas {where}"),
    "help_function_neo4j": (
        "The embedded store (FalkorDB) knows fewer functions than Neo4j. If Neo4j has this one, run coordreg on a "
        "Neo4j server.",
        "La base intégrée (FalkorDB) connaît moins de fonctions que Neo4j. Si Neo4j possède celle-ci, lancez "
        "coordreg sur un serveur Neo4j.",
    ),
    "help_run_on_neo4j": ("coordreg on a Neo4j server", "coordreg sur un serveur Neo4j"),
    "help_undefined": ("{name} is not defined {where}", "{name} n'est pas défini {where}"),
    "help_undefined_how": (
        "Name it first in MATCH, UNWIND or WITH, and carry it through every WITH that follows.",
        "Nommez-le d'abord dans MATCH, UNWIND ou WITH, et transmettez-le par chaque WITH qui suit.",
    ),
    "help_unsupported_headline": (
        "The embedded store (FalkorDB) cannot run this {where}",
        "La base intégrée (FalkorDB) ne sait pas exécuter ceci {where}",
    ),
    "help_other": ("The store rejected the query.", "La base a refusé la requête."),
    "help_dialect": (
        "Neo4j's {construct} does not run on the embedded store.",
        "Neo4j accepte {construct}, pas la base intégrée.",
    ),
    "help_neo4j_form": ("On Neo4j", "Sur Neo4j"),
    "help_embedded_form": ("The same question on the embedded store", "La même question sur la base intégrée"),
    "help_rewritten": ("Your query, rewritten for the embedded store", "Votre requête, réécrite pour la base intégrée"),
    "help_needs_neo4j": (
        "Where only Neo4j will do, run coordreg on a Neo4j server.",
        "Là où seul Neo4j convient, lancez coordreg sur un serveur Neo4j.",
    ),
    "help_and_more": ("and {count} more", "et {count} autres"),
    "help_or": ("or", "ou"),
    "help_store_message": ("The store's own message", "Le message de la base"),
    "tab_graph": ("Graph", "Graphe"),
    "no_graph": (
        "This result holds no nodes or relationships to draw; return nodes (e.g. RETURN a) to see a graph.",
        "Ce résultat ne contient ni nœud ni relation à dessiner ; renvoyez des nœuds (par ex. RETURN a) pour voir "
        "un graphe.",
    ),
    # --- data
    "data_title": ("Data", "Données"),
    "data_intro": (
        "Check case files before loading them, load them, and take the registry away in any format the command "
        "line offers.",
        "Vérifiez des fiches avant de les charger, chargez-les, et emportez le registre dans tous les formats de "
        "la ligne de commande.",
    ),
    "import_title": ("Validate or import case files", "Valider ou importer des fiches"),
    "import_caption": (
        "YAML case files or the spreadsheet template (.xlsx), at most {mb} MB each. Nothing is written unless every "
        "file is valid (or you choose to load the valid ones).",
        "Fiches YAML ou modèle de tableur (.xlsx), {mb} Mo au plus chacune. Rien n'est écrit tant qu'un fichier est "
        "invalide (sauf si vous choisissez de charger les fichiers valides).",
    ),
    "upload_label": ("Case files", "Fiches"),
    "keep_going": (
        "Load the valid files even if others have errors",
        "Charger les fichiers valides malgré les erreurs",
    ),
    "keep_going_help": (
        "Files with errors, and files that depend on them, are left out.",
        "Les fichiers en erreur, et ceux qui en dépendent, sont laissés de côté.",
    ),
    "validate": ("Validate", "Valider"),
    "import": ("Import", "Importer"),
    "validate_ok": (
        "Valid: {files} file(s), {practices} practice(s), {warnings} warning(s).",
        "Valide : {files} fichier(s), {practices} pratique(s), {warnings} avertissement(s).",
    ),
    "validate_errors": (
        "{errors} error(s) and {warnings} warning(s): see the table.",
        "{errors} erreur(s) et {warnings} avertissement(s) : voir le tableau.",
    ),
    "import_refused": (
        "{errors} error(s): nothing was written. Fix them, or tick “load the valid files”.",
        "{errors} erreur(s) : rien n'a été écrit. Corrigez-les, ou cochez « charger les fichiers valides ».",
    ),
    "import_done": (
        "Loaded {practices} practice(s) from {files} file(s).",
        "{practices} pratique(s) chargée(s) depuis {files} fichier(s).",
    ),
    "import_skipped": ("Left out: {file}", "Laissé de côté : {file}"),
    "template_title": ("The blank template", "Le modèle vierge"),
    "template_caption": (
        "The spreadsheet to fill in, as `coordreg template` writes it: a README, drop-down lists for every "
        "vocabulary, and the actors and sources this registry holds, to refer to by id.",
        "Le tableur à remplir, tel que l'écrit `coordreg template` : un README, des listes déroulantes pour "
        "chaque vocabulaire, et les acteurs et sources que contient ce registre, à citer par leur identifiant.",
    ),
    "template_download": ("Download the template (.xlsx)", "Télécharger le modèle (.xlsx)"),
    "export_title": ("Export the registry", "Exporter le registre"),
    "export_caption": (
        "The same exports as `coordreg export`; YAML and CSV come as a zip of files.",
        "Les mêmes exports que `coordreg export` ; YAML et CSV arrivent dans une archive zip.",
    ),
    "export_missing": (
        "Exports are not available in this installation.",
        "Les exports ne sont pas disponibles dans cette installation.",
    ),
    "export_help_yaml": ("One case file per practice (zip)", "Une fiche par pratique (zip)"),
    "export_help_csv": ("One CSV table per kind of node and relationship (zip)", "Un CSV par type (zip)"),
    "export_help_json": ("Every node and relationship, as JSON", "Tous les nœuds et relations, en JSON"),
    "export_help_graphml": ("For Gephi, yEd, Cytoscape …", "Pour Gephi, yEd, Cytoscape…"),
    "export_help_gexf": ("For Gephi", "Pour Gephi"),
    "export_help_cypher": ("Statements that rebuild the graph", "Instructions qui reconstruisent le graphe"),
    "export_help_xlsx": ("The spreadsheet template, filled", "Le modèle de tableur, rempli"),
    # --- training
    "training_title": ("Training", "Formation"),
    "training_intro": (
        "A guided tour to project in a workshop — the three levels, then each practice as an example — and a "
        "short exercise to check what stuck.",
        "Une visite guidée à projeter en atelier — les trois niveaux, puis chaque pratique en exemple — et un court "
        "exercice pour vérifier ce qui a été retenu.",
    ),
    "tour_tab": ("Guided tour", "Visite guidée"),
    "exercise_tab": ("Self-check", "Auto-évaluation"),
    "previous": ("◀ Previous", "◀ Précédent"),
    "next": ("Next ▶", "Suivant ▶"),
    "step_of": ("Step {step} of {steps}", "Étape {step} sur {steps}"),
    "level_counts": (
        "The registry records {mechanisms} mechanism(s) at this level, in {practices} practice(s).",
        "Le registre compte {mechanisms} mécanisme(s) à ce niveau, dans {practices} pratique(s).",
    ),
    "tour_level_network": ("Ties made at the {level} level", "Liens noués au niveau {level}"),
    "tour_levels": ("**Levels:** {levels}", "**Niveaux :** {levels}"),
    "tour_practice_network": ("Its actors in the whole network", "Ses acteurs dans l'ensemble du réseau"),
    "exercise_intro": (
        "At which level does each of these mechanisms coordinate? Choose one per mechanism, then check: the "
        "answers come from the registry itself.",
        "À quel niveau chacun de ces mécanismes coordonne-t-il ? Choisissez-en un par mécanisme, puis vérifiez : "
        "les réponses viennent du registre lui-même.",
    ),
    "exercise_new": ("New set of mechanisms", "Nouvelle série de mécanismes"),
    "exercise_question": ("Level", "Niveau"),
    "exercise_check": ("Check my answers", "Vérifier mes réponses"),
    "exercise_score": ("{right} of {total} right", "{right} bonne(s) réponse(s) sur {total}"),
    "exercise_right": ("{number}. Right: {level}.", "{number}. Exact : {level}."),
    "exercise_wrong": (
        "{number}. You chose {chosen}; the registry records it at {level}.",
        "{number}. Vous avez choisi {chosen} ; le registre le classe au niveau {level}.",
    ),
    "exercise_unanswered": (
        "{number}. No answer; the registry records it at {level}.",
        "{number}. Pas de réponse ; le registre le classe au niveau {level}.",
    ),
    "exercise_source": (
        "Each mechanism's level is the one its case file records, with the source passage it rests on.",
        "Le niveau de chaque mécanisme est celui qu'enregistre sa fiche, avec le passage de la source qui le fonde.",
    ),
    # --- overlaps
    "overlaps_title": ("Overlaps & duplication", "Chevauchements et doublons"),
    "overlaps_intro": (
        "Which practices are in real contact (an institution or agreement in common) and which only look alike; "
        "where the same function or benefit reaches the same people through more than one channel in one country; "
        "and which actors bridge levels and practices.",
        "Quelles pratiques sont en contact réel (une institution ou un accord en commun) et lesquelles se "
        "ressemblent seulement ; là où une même fonction ou prestation atteint les mêmes personnes par plusieurs "
        "canaux dans un même pays ; et les acteurs qui relient niveaux et pratiques.",
    ),
    "tab_overlap": ("Practice overlap", "Chevauchement des pratiques"),
    "tab_duplication": ("Function & benefit duplication", "Doublons de fonctions et de prestations"),
    "tab_bridging": ("Bridging actors", "Acteurs passerelles"),
    "overlap_caption": (
        "Pairs of practices with something in common, the strongest evidence of real contact first. **Score**: each "
        "institution or agreement the two share adds 1 point plus its rarity (the fewer practices it appears in, the "
        "more it adds: about 1 for one that half the practices share, nearly 3 for one that 2 practices in 30 share); "
        "the functions and populations they share add less than 1 point together. So a pair sharing an institution "
        "always ranks above pairs that share only functions or populations. **Why** lists what they share, with "
        "what each adds, largest first. **Where**: the same jurisdiction when they act in a common country; alike, "
        "elsewhere, when they are similar but act in different countries (that is not duplication). "
        "**Similarity** is the plain share of all they have in common (Jaccard index), for comparison.",
        "Paires de pratiques ayant quelque chose en commun, les indices de contact réel les plus forts d'abord. "
        "**Score** : chaque institution ou accord que les deux partagent ajoute 1 point plus sa rareté (moins il y a "
        "de pratiques où il figure, plus il compte : environ 1 pour un élément que la moitié des pratiques partagent, "
        "près de 3 pour un élément que 2 pratiques sur 30 partagent) ; les fonctions et populations communes "
        "ajoutent ensemble moins d'un point. Une paire qui partage une institution passe donc toujours avant les "
        "paires qui ne partagent que des fonctions ou des populations. **Pourquoi** énumère ce qu'elles partagent, "
        "avec ce que chaque élément ajoute, du plus grand au plus petit. **Où** : même juridiction quand elles "
        "agissent dans un pays commun ; semblables, ailleurs, quand elles se ressemblent mais agissent dans des pays "
        "différents (ce n'est pas un doublon). La **similarité** est la simple part de ce qu'elles ont en commun "
        "(indice de Jaccard), pour comparaison.",
    ),
    "overlap_with": ("Overlapping with", "En chevauchement avec"),
    "any_practice": ("Any practice", "Toute pratique"),
    "col_score": ("Score", "Score"),
    "col_why": ("Why", "Pourquoi"),
    "score_help": (
        "Evidence of real contact: 1 + rarity for each shared institution or agreement, under 1 point for shared "
        "functions and populations together.",
        "Indice de contact réel : 1 + rareté par institution ou accord commun, moins d'un point pour les fonctions "
        "et populations communes réunies.",
    ),
    "why_help": (
        "What the two share, each with what it adds to the score, largest first.",
        "Ce que les deux partagent, chaque élément avec ce qu'il ajoute au score, du plus grand au plus petit.",
    ),
    "why_kind_actor": ("actor", "acteur"),
    "why_kind_agreement": ("agreement", "accord"),
    "why_kind_function": ("function", "fonction"),
    "why_kind_population": ("population", "population"),
    "overlap_matrix": ("Score matrix", "Matrice des scores"),
    "overlap_matrix_caption": (
        "Each pair's score, practices by short title on both axes; darker is stronger evidence of contact; 0 means "
        "nothing shared.",
        "Le score de chaque paire, pratiques par titre abrégé sur les deux axes ; plus foncé = indice de contact plus "
        "fort ; 0 = rien en commun.",
    ),
    "duplication_caption": (
        "Within one country only: two programmes can do the same work for the same people only where both act "
        '(schemes of different countries appear as "alike, elsewhere" among the overlaps). Candidates for a '
        "person to judge, not proven duplicates.",
        "Dans un même pays seulement : deux programmes ne font le même travail pour les mêmes personnes que là où "
        "tous deux agissent (des dispositifs de pays différents figurent parmi les chevauchements comme "
        "« semblables, ailleurs »). Des pistes à examiner, pas des doublons avérés.",
    ),
    "function_duplication": (
        "The same function for the same population, by more than one actor or programme",
        "Une même fonction pour une même population, assurée par plusieurs acteurs ou programmes",
    ),
    "benefit_duplication": (
        "The same benefit delivered to the same population by several practices",
        "Une même prestation servie à une même population par plusieurs pratiques",
    ),
    "bridging_caption": (
        "Actors that work at more than one level or in more than one practice.",
        "Les acteurs présents à plusieurs niveaux ou dans plusieurs pratiques.",
    ),
    "min_practices": ("In at least this many practices", "Dans au moins ce nombre de pratiques"),
    "go_network_actor": ("This actor on the network", "Cet acteur sur le réseau"),
    "nothing_found": ("Nothing found for this selection.", "Rien pour cette sélection."),
    "col_practice_a": ("Practice A", "Pratique A"),
    "col_practice_b": ("Practice B", "Pratique B"),
    "col_shared_actors": ("Shared actors", "Acteurs communs"),
    "col_populations": ("Populations", "Populations"),
    "col_similarity": ("Similarity (Jaccard)", "Similarité (Jaccard)"),
    "col_function": ("Function", "Fonction"),
    "col_population": ("Population", "Population"),
    "col_scope": ("Where", "Où"),
    "scope_across": ("across practices", "entre pratiques"),
    "scope_within": ("within a practice", "dans une pratique"),
    "col_carriers": ("Carried by", "Assurée par"),
    "col_benefit": ("Benefit", "Prestation"),
    "col_practice_count": ("Number of practices", "Nombre de pratiques"),
    "col_name": ("Name", "Nom"),
    "col_bridges": ("Bridges", "Relie"),
    "bridges_levels": ("levels", "des niveaux"),
    "bridges_practices": ("practices", "des pratiques"),
    "bridges_levels_and_practices": ("levels and practices", "des niveaux et des pratiques"),
    # --- cost-benefit
    "cost_benefit_title": ("Cost–benefit", "Coûts et bénéfices"),
    "cost_benefit_intro": (
        "Each practice's coordination complexity beside the costs and benefits its sources record.",
        "La complexité de coordination de chaque pratique, en regard des coûts et bénéfices que ses sources "
        "rapportent.",
    ),
    "proxy_caveat": (
        "Complexity here is a proxy — counts of actors, agreements, levels and mechanisms — not a price: the "
        "sources give no money amounts for coordination itself, and a practice with no recorded cost may simply "
        "have had none written down.",
        "La complexité est ici une approximation — nombre d'acteurs, d'accords, de niveaux et de mécanismes — et "
        "non un prix : les sources ne chiffrent pas la coordination elle-même, et une pratique sans coût "
        "enregistré peut simplement n'en avoir aucun de documenté.",
    ),
    "complexity_measure": ("Complexity measured by", "Complexité mesurée par"),
    "measure_actors": ("Actors", "Acteurs"),
    "measure_agreements": ("Agreements", "Accords"),
    "measure_levels": ("Levels", "Niveaux"),
    "measure_mechanisms": ("Mechanisms", "Mécanismes"),
    "measure_cross_level_actors": ("Actors at several levels", "Acteurs à plusieurs niveaux"),
    "evidence_cost": ("costs", "coûts"),
    "evidence_benefit": ("benefits", "bénéfices"),
    "evidence_items": ("Evidence items recorded", "Éléments de preuve enregistrés"),
    "col_evidence": ("Evidence", "Preuve"),
    "col_categories": ("Categories", "Catégories"),
    "col_costs": ("Costs", "Coûts"),
    "col_benefits": ("Benefits", "Bénéfices"),
    "col_figures": ("Figures", "Chiffres"),
    "cost_chart_caption": (
        "One point per practice and kind of evidence; the number beside a point is the practice's row in the table "
        "below. Hover a point for the practice and its categories.",
        "Un point par pratique et par type de preuve ; le numéro près d'un point renvoie à la ligne de la pratique "
        "dans le tableau ci-dessous. Survolez un point pour la pratique et ses catégories.",
    ),
    # --- practices
    "practices_title": ("Practices", "Pratiques"),
    "practices_intro": (
        "Find a practice by name, id, country, collection or level; read it as its source lays it out; compare two.",
        "Trouvez une pratique par nom, identifiant, pays, collection ou niveau ; lisez-la telle que sa source la "
        "présente ; comparez-en deux.",
    ),
    "search_label": ("Search", "Rechercher"),
    "search_placeholder": (
        "a title, an actor, an acronym, a practice's id… (accents and case do not matter)",
        "un titre, un acteur, un sigle, l'identifiant d'une pratique… (accents et majuscules indifférents)",
    ),
    "other_matches": (
        "{count} other match(es): actors, agreements …",
        "{count} autre(s) résultat(s) : acteurs, accords…",
    ),
    "original_title": ("Original title: {title}", "Titre original : {title}"),
    "documented_by": ("documented by {who}", "documentée par {who}"),
    "go_console_practice": ("Its table in the console", "Son tableau dans la console"),
    "go_matrix": ("On the matrix", "Sur la matrice"),
    "tab_mechanisms": ("Mechanisms by level", "Mécanismes par niveau"),
    "tab_actors": ("Actors", "Acteurs"),
    "tab_agreements": ("Agreements", "Accords"),
    "tab_evidence": ("Costs & benefits", "Coûts et bénéfices"),
    "tab_sources": ("Claims & sources", "Affirmations et sources"),
    "mechanisms_caption": (
        "As the practice's own table in the source: at each level, the mechanisms with their actors and agreements.",
        "Comme le tableau de la pratique dans la source : à chaque niveau, les mécanismes avec leurs acteurs et "
        "accords.",
    ),
    "functions_line": ("**Functions:** {functions}", "**Fonctions :** {functions}"),
    "populations_line": ("**Populations:** {populations}", "**Populations :** {populations}"),
    "benefits_line": ("**Benefits:** {benefits}", "**Prestations :** {benefits}"),
    "no_agreements": (
        "No agreement is recorded for this practice.",
        "Aucun accord n'est enregistré pour cette pratique.",
    ),
    "no_evidence": (
        "The sources record no cost or benefit for this practice.",
        "Les sources ne rapportent ni coût ni bénéfice pour cette pratique.",
    ),
    "claims_title": ("Which levels the sources assign, and where", "Niveaux attribués par les sources, et où"),
    "sources_title": ("Sources, with the place of each fact", "Sources, avec l'emplacement de chaque fait"),
    "compare_title": ("Two practices side by side", "Deux pratiques côte à côte"),
    "compare_first": ("First practice", "Première pratique"),
    "compare_second": ("Second practice", "Seconde pratique"),
    "col_match": ("Found in", "Trouvé dans"),
    "col_description": ("Description", "Description"),
    "col_roles": ("Roles", "Rôles"),
    "col_agreement": ("Agreement", "Accord"),
    "col_year": ("Year", "Année"),
    "col_purpose": ("Purpose", "Objet"),
    "col_parties": ("Parties", "Parties"),
    "col_category": ("Category", "Catégorie"),
    "col_status": ("Status", "Statut"),
    "status_stated": ("stated", "explicite"),
    "status_inferred": ("inferred", "déduite"),
    "col_rationale": ("Why inferred", "Pourquoi déduite"),
    "col_source": ("Source", "Source"),
    "col_cited_for": ("Supports", "Appuie"),
    "col_aspect": ("Aspect", "Aspect"),
    "col_shared": ("In both", "En commun"),
    "aspect_title": ("Title", "Titre"),
    "aspect_countries": ("Countries", "Pays"),
    "aspect_collection": ("Collection", "Collection"),
    "aspect_claimed_levels": ("Levels claimed", "Niveaux affirmés"),
    "aspect_mechanism_levels": ("Levels of its mechanisms", "Niveaux de ses mécanismes"),
    "aspect_actors": ("Actors", "Acteurs"),
    "aspect_agreements": ("Agreements", "Accords"),
    "aspect_functions": ("Functions", "Fonctions"),
    "aspect_populations": ("Populations", "Populations"),
    "aspect_benefits": ("Benefits", "Prestations"),
    "aspect_cost_evidence": ("Costs recorded", "Coûts rapportés"),
    "aspect_benefit_evidence": ("Benefits recorded", "Bénéfices rapportés"),
    # --- overview metrics
    "metric_practices": ("Practices", "Pratiques"),
    "metric_countries": ("Countries", "Pays"),
    "metric_actors": ("Actors", "Acteurs"),
    "metric_agreements": ("Agreements", "Accords"),
    "metric_mechanisms": ("Mechanisms", "Mécanismes"),
    "metric_evidence": ("Costs & benefits", "Coûts et bénéfices"),
    "metric_sources": ("Sources", "Sources"),
    # --- practice editor (app_pages/practice_editor.py)
    "editor_nav": ("Practice editor", "Éditeur de pratique"),
    "editor_new": ("New practice", "Nouvelle pratique"),
    "editor_edit": ("Edit this practice", "Modifier cette pratique"),
    "editor_title_new": ("New practice", "Nouvelle pratique"),
    "editor_title_edit": ("Edit a practice", "Modifier une pratique"),
    "editor_intro": (
        "Fill in the practice as its source describes it. It is checked as you type, with the messages "
        "`coordreg validate` gives; nothing is saved until it passes. Actors and sources are picked from the "
        "registry.",
        "Décrivez la pratique comme sa source la décrit. Elle est vérifiée à mesure, avec les messages de "
        "`coordreg validate` ; rien n'est enregistré tant qu'elle n'est pas valide. Acteurs et sources se "
        "choisissent dans le registre.",
    ),
    "editor_action": ("add or edit practices", "ajouter ou modifier des pratiques"),
    "editor_no_practice": (
        "The registry holds no practice '{practice}'.",
        "Le registre ne contient aucune pratique « {practice} ».",
    ),
    "editor_practice": ("The practice", "La pratique"),
    "editor_title_en": ("Title in English", "Titre en anglais"),
    "editor_title_fr": ("Title in French (optional)", "Titre en français (facultatif)"),
    "editor_title_original": (
        "Title in the source's language (empty: the English title)",
        "Titre dans la langue de la source (vide : le titre anglais)",
    ),
    "editor_title_language": ("Its language (en, fr …)", "Sa langue (en, fr …)"),
    "editor_summary_en": ("Summary in English", "Résumé en anglais"),
    "editor_summary_fr": ("Summary in French (optional)", "Résumé en français (facultatif)"),
    "editor_countries": ("Countries", "Pays"),
    "editor_regions": ("Regions", "Régions"),
    "editor_collection": ("Collection", "Collection"),
    "editor_id": ("Id", "Identifiant"),
    "editor_id_placeholder": ("made from the title", "tiré du titre"),
    "editor_id_caption": ("It will be saved as {id}.", "Elle sera enregistrée sous {id}."),
    "editor_documented_by": (
        "Documented by (optional: who describes it)",
        "Documentée par (facultatif : qui la décrit)",
    ),
    "editor_search": ("Type to search the registry", "Tapez pour chercher dans le registre"),
    "editor_source": ("Source and levels", "Source et niveaux"),
    "editor_source_pick": ("Source that describes the practice", "Source qui décrit la pratique"),
    "editor_locator": ("Where in the source (page, section, table)", "Où dans la source (page, section, tableau)"),
    "editor_locator_placeholder": ("e.g. page 12, Table 2", "p. ex. page 12, tableau 2"),
    "editor_new_source": ("A source the registry does not hold yet", "Une source que le registre n'a pas encore"),
    "editor_source_citation": ("Full citation", "Référence complète"),
    "editor_source_publisher": ("Publisher", "Éditeur"),
    "editor_source_year": ("Year", "Année"),
    "editor_source_url": ("Web address (optional)", "Adresse web (facultative)"),
    "editor_add_source": ("Add this source", "Ajouter cette source"),
    "editor_declared_source": ("New source: {source}", "Nouvelle source : {source}"),
    "editor_same_source": ("(the practice's source and place)", "(la source et l'endroit de la pratique)"),
    "editor_cited_source": ("Source", "Source"),
    "editor_levels": ("Levels the source gives the practice", "Niveaux que la source donne à la pratique"),
    "editor_levels_pick": ("Levels", "Niveaux"),
    "editor_levels_status": ("The source", "La source"),
    "editor_levels_rationale": (
        "Why you infer these levels (the source does not state them)",
        "Pourquoi vous déduisez ces niveaux (la source ne les donne pas)",
    ),
    "editor_mechanisms": ("Mechanisms", "Mécanismes"),
    "editor_mechanism_n": ("Mechanism {n}", "Mécanisme {n}"),
    "editor_mechanism_label": ("What it does (one line)", "Ce qu'il fait (une ligne)"),
    "editor_mechanism_levels": ("Its levels", "Ses niveaux"),
    "editor_mechanism_functions": ("Its functions", "Ses fonctions"),
    "editor_mechanism_actors": ("Actors involved", "Acteurs impliqués"),
    "editor_mechanism_agreements": ("Agreements it uses (optional)", "Accords qu'il utilise (facultatif)"),
    "editor_actor_role": ("Role of {actor}", "Rôle de {actor}"),
    "editor_description_en": ("Description in English", "Description en anglais"),
    "editor_add_mechanism": ("Add a mechanism", "Ajouter un mécanisme"),
    "editor_remove": ("Remove", "Retirer"),
    "editor_new_actor": ("An actor the registry does not hold yet", "Un acteur que le registre n'a pas encore"),
    "editor_new_actor_caption": (
        "Search the actors first: an actor declared twice splits the network. A new actor is cited with the "
        "practice's source.",
        "Cherchez d'abord parmi les acteurs : un acteur déclaré deux fois coupe le réseau. Un nouvel acteur "
        "est cité avec la source de la pratique.",
    ),
    "editor_actor_name": ("Name", "Nom"),
    "editor_actor_kind": ("Kind", "Type"),
    "editor_actor_scope": ("Scope", "Portée"),
    "editor_actor_country": ("Country", "Pays"),
    "editor_add_actor": ("Add this actor", "Ajouter cet acteur"),
    "editor_declared_actor": ("New actor: {actor} ({kind})", "Nouvel acteur : {actor} ({kind})"),
    "editor_evidence": ("Costs and benefits", "Coûts et bénéfices"),
    "editor_evidence_n": ("Cost or benefit {n}", "Coût ou bénéfice {n}"),
    "editor_evidence_kind": ("It is a", "C'est un"),
    "editor_kind_benefit": ("benefit", "bénéfice"),
    "editor_kind_cost": ("cost", "coût"),
    "editor_evidence_category": ("Category", "Catégorie"),
    "editor_category_placeholder": ("pick one, or type a new one", "choisissez-en une, ou tapez-en une nouvelle"),
    "editor_evidence_mechanism": ("Of the mechanism (optional)", "Du mécanisme (facultatif)"),
    "editor_add_evidence": ("Add a cost or benefit", "Ajouter un coût ou un bénéfice"),
    "editor_problems": (
        "To fix before saving: {errors} error(s), {warnings} warning(s)",
        "À corriger avant d'enregistrer : {errors} erreur(s), {warnings} avertissement(s)",
    ),
    "editor_ready": ("The practice is valid and can be saved.", "La pratique est valide et peut être enregistrée."),
    "editor_yaml": ("The case file it will save", "La fiche qui sera enregistrée"),
    "editor_save": ("Save", "Enregistrer"),
    "editor_fix_first": ("Fix the errors above to save.", "Corrigez les erreurs ci-dessus pour enregistrer."),
    "editor_discard": ("Start again", "Recommencer"),
    "editor_preview": ("What saving changes in the registry", "Ce que l'enregistrement change dans le registre"),
    "editor_no_change": ("Saving changes nothing.", "L'enregistrement ne change rien."),
    "editor_col_action": ("Change", "Changement"),
    "editor_col_kind": ("What", "Quoi"),
    "editor_col_id": ("Id", "Identifiant"),
    "editor_col_fields": ("Fields", "Champs"),
    "editor_action_added": ("added", "ajouté"),
    "editor_action_changed": ("changed", "modifié"),
    "editor_action_removed": ("removed", "retiré"),
    "editor_confirm": ("Confirm and save", "Confirmer et enregistrer"),
    "editor_refused": (
        "The registry refused the practice ({errors} error(s)); nothing was saved.",
        "Le registre a refusé la pratique ({errors} erreur(s)) ; rien n'a été enregistré.",
    ),
    "editor_saved": (
        "Saved {practice}. Its case file in the registry folder: {where}.",
        "{practice} est enregistrée. Sa fiche dans le dossier du registre : {where}.",
    ),
    "editor_no_folder": ("none (no registry folder here)", "aucune (pas de dossier de registre ici)"),
    "editor_open_saved": ("Open the saved practice", "Ouvrir la pratique enregistrée"),
    # --- Data page: the change preview, the registry folder's history (issue 14, registry folder)
    "replace_label": (
        "Let these files change what the registry already holds",
        "Autoriser ces fichiers à modifier ce que le registre contient déjà",
    ),
    "replace_help": (
        "Without it, a file that declares an actor, source … the registry holds with other content is refused.",
        "Sans cela, un fichier qui déclare un acteur, une source … du registre avec un autre contenu est refusé.",
    ),
    "preview_title": ("What this import would change", "Ce que cet import changerait"),
    "preview_counts": (
        "{added} added, {changed} changed, {removed} removed.",
        "{added} ajouté(s), {changed} modifié(s), {removed} retiré(s).",
    ),
    "preview_validate_first": (
        "Validate first: Import writes the changes Validate lists.",
        "Validez d'abord : Importer écrit les changements que Valider affiche.",
    ),
    "preview_col_action": ("Change", "Changement"),
    "preview_col_kind": ("What", "Quoi"),
    "preview_col_id": ("Id", "Identifiant"),
    "preview_col_field": ("Field", "Champ"),
    "preview_col_old": ("Before", "Avant"),
    "preview_col_new": ("After", "Après"),
    "preview_action_added": ("added", "ajouté"),
    "preview_action_changed": ("changed", "modifié"),
    "preview_action_removed": ("removed", "retiré"),
    "import_kept": (
        "Kept in the registry folder as a new version: {added} added, {changed} changed, {removed} removed.",
        "Conservé dans le dossier du registre comme nouvelle version : {added} ajouté(s), {changed} modifié(s), "
        "{removed} retiré(s).",
    ),
    "history_title": ("History", "Historique"),
    "history_caption": (
        "Each load, import or edit is a version of the registry, kept with its case files in the registry folder.",
        "Chaque chargement, import ou modification est une version du registre, conservée avec ses fiches dans "
        "le dossier du registre.",
    ),
    "history_none": ("No version is recorded yet.", "Aucune version n'est encore enregistrée."),
    "history_show": ("Show what a version changed", "Voir ce qu'une version a changé"),
    "history_col_version": ("Version", "Version"),
    "history_col_when": ("When (UTC)", "Quand (UTC)"),
    "history_col_registry_version": ("Registry version", "Version du registre"),
    "history_col_files": ("Files", "Fichiers"),
    "history_col_added": ("Added", "Ajoutés"),
    "history_col_changed": ("Changed", "Modifiés"),
    "history_col_removed": ("Removed", "Retirés"),
    "history_col_practices": ("Practices (+ ~ −)", "Pratiques (+ ~ −)"),
    # The researcher's way from a pair of overlapping practices to the network of both.
    "overlap_pair": ("A pair to draw on the network", "Une paire à dessiner sur le réseau"),
    "go_network_pair": (
        "Both practices on the network, their shared actors ringed",
        "Les deux pratiques sur le réseau, leurs acteurs communs cerclés",
    ),
    # What the embedded store's parser says it expected, in the console's words (query_help.expected_phrase);
    # the English is the parser's own.
    "parser_a_clause": ("a clause", "une clause"),
    "parser_call_clause": ("call clause", "une clause CALL"),
    "parser_a_float": ("a float", "un nombre décimal"),
    "parser_an_integer": ("an integer", "un nombre entier"),
    "parser_string": ('"...string..."', "un texte entre guillemets"),
    "parser_a_function_name": ("a function name", "un nom de fonction"),
    "parser_a_label": ("a label", "une étiquette"),
    "parser_a_parameter": ("a parameter", "un paramètre"),
    "parser_a_property_name": ("a property name", "un nom de propriété"),
    "parser_a_relationship_type": ("a relationship type", "un type de relation"),
    "parser_an_identifier": ("an identifier", "un identifiant"),
}


def t(key: str, lang: str, **values: Any) -> str:
    """The interface string ``key`` in ``lang`` (English when ``lang`` is unknown)."""
    english, french = STRINGS[key]
    text = french if lang == "fr" else english
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def localized(record: Mapping[str, Any], base: str, lang: str) -> str:
    """``base_fr`` or ``base_en`` of a record, whichever the language asks for, falling back on the other."""
    order = (f"{base}_{lang}", f"{base}_en", f"{base}_fr", base)
    for key in order:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def level_short(level: str, lang: str) -> str:
    names = LEVEL_SHORT.get(level)
    if names is None:
        return level
    return names[1] if lang == "fr" else names[0]


def kind_label(kind: str, lang: str) -> str:
    names = KIND_LABELS.get(kind)
    if names is None:
        return kind
    return names[1] if lang == "fr" else names[0]


def option_formatter(
    lang: str, *, kind: str | None = None, names: Mapping[str, str] | None = None, empty: str = "all"
) -> Callable[[Any], str]:
    """A ``format_func`` for a choice widget, with the language fixed now.

    ``""`` (the "no filter" option) reads ``t(empty)``; ``kind`` = "level",
    "actor_kind", "measure", "collection" or "country" translates ids;
    otherwise ``names`` maps ids to labels. Fixing the language when the widget is built matters: a widget's
    format function may be called again outside the script run.
    """
    empty_label = t(empty, lang)
    table = dict(names or {})

    def label(value: Any) -> str:
        if value in (None, ""):
            return empty_label
        text = str(value)
        if kind == "level":
            return level_short(text, lang)
        if kind == "actor_kind":
            return kind_label(text, lang)
        if kind == "measure":
            return t(f"measure_{text}", lang)
        if kind in {"collection", "country"}:
            from registry.app_support.labels import collection_name, country_name

            return collection_name(text, lang) if kind == "collection" else country_name(text, lang)
        return table.get(text, text)

    return label


def network_legend_names(lang: str) -> dict[str, str]:
    """Legend names for actor kinds, their families (``family:NAME``), levels and shared actors."""
    from registry.app_support.network_style import FAMILIES, family_name

    names = {kind: kind_label(kind, lang) for kind in KIND_LABELS}
    names.update({level: level_short(level, lang) for level in LEVEL_SHORT})
    names.update({f"family:{family}": family_name(family, lang) for family in FAMILIES})
    names["shared"] = t("net_shared", lang)
    return names


def network_page_text(lang: str, title: str) -> Any:
    from registry.app_support.network_view import PageText

    return PageText(title=title, png=t("net_png", lang), fit=t("net_fit", lang), empty=t("net_empty", lang), lang=lang)
