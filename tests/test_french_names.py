"""French names of actors, mechanisms and agreements (issue 17): the French name from the case files in French
mode, the English one marked "(EN)" where a case file gives none, and English mode unchanged.

Expectations come from the seed case files (each actor's, mechanism's and agreement's ``other_languages`` entry in
``fr``), never from hand-written pairs; the store-reading tests run on both stores.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import open_graph
from test_app import app_environment, open_app, table_with, texts

from loaders import read_bundle
from registry.app_support import (
    actor_view,
    analysis_views,
    i18n,
    id_picker,
    overlap_view,
    practice_views,
    training,
    views,
)
from registry.app_support.names import EN_MARK, actor_name, actor_short, french_acronym, french_name, local_name
from registry.loading import seed_registry_path
from registry.queries.library import run_named_query

INTERCOSECHA = "arg-intercosecha"


@pytest.fixture(scope="module")
def seed_bundle():
    bundle, problems = read_bundle([seed_registry_path()])
    assert not [p for p in problems if p.severity == "error"]
    return bundle


def _fr(actor) -> str:
    """The actor's French name as its case file gives it, or ""."""
    return next((n.text for n in actor.other_languages if n.language == "fr"), "")


def _row(actor) -> dict[str, object]:
    """The actor as a query row holds it (the Actor node keeps other names as "fr: …" strings)."""
    return {"name": actor.name, "acronym": actor.acronym, "other_languages": [str(n) for n in actor.other_languages]}


def _actors(bundle) -> dict[str, object]:
    return {a.id: a for a in bundle.all_actors()}


def test_the_seed_gives_french_names_and_leaves_some_actors_without(seed_bundle):
    actors = _actors(seed_bundle)
    named = [a for a in actors.values() if _fr(a)]
    assert named and len(named) < len(actors)  # both branches below are exercised by real data
    # The ISSA and the ILO carry their French acronyms in their French names.
    assert french_acronym(_fr(actors["int-issa"])) == "AISS"
    assert french_acronym(_fr(actors["int-ilo"])) == "OIT"


def test_every_seed_actor_is_named_in_french_or_marked_en(seed_bundle):
    for actor in _actors(seed_bundle).values():
        row = _row(actor)
        assert french_name(row["other_languages"]) == _fr(actor)
        if _fr(actor):
            assert actor_name(row, "fr") == _fr(actor), actor.id
            assert EN_MARK not in actor_name(row, "fr") and EN_MARK not in actor_short(row, "fr"), actor.id
        else:
            assert actor_name(row, "fr") == actor.name + EN_MARK, actor.id
        # English mode is unchanged: the English name, the acronym first, never a mark.
        assert actor_name(row, "en") == actor.name
        assert actor_short(row, "en") == (actor.acronym or actor.name)
        assert EN_MARK not in actor_name(row, "en") + actor_short(row, "en")


def test_a_french_acronym_replaces_the_english_one_only_in_french(seed_bundle):
    for actor in _actors(seed_bundle).values():
        row = _row(actor)
        acronym_fr = french_acronym(_fr(actor))
        if acronym_fr:
            assert actor_short(row, "fr") == acronym_fr
        elif actor.acronym:
            assert actor_short(row, "fr") == actor.acronym
        else:
            assert actor_short(row, "fr") == actor_name(row, "fr")


def test_a_missing_or_empty_french_entry_is_no_french_name():
    assert french_name(None) == ""
    assert french_name(float("nan")) == ""
    assert french_name(["nl: Rijksdienst", "fr:   "]) == ""
    assert french_name(["nl: Rijksdienst", "fr: Office national"]) == "Office national"
    # "(Centre de Turin)" is part of a name, not an acronym.
    assert french_acronym("Centre international de formation de l'OIT (Centre de Turin)") == ""


# ---- what the stores return, as the pages show it ---------------------------------------------------------------


def test_practice_actor_table_uses_the_stored_french_names(seed_store, seed_bundle):
    actors = _actors(seed_bundle)
    for practice in (f.case.practice.id for f in seed_bundle.practices):
        frame = run_named_query(seed_store, "app_practice_actors", {"practice": practice}).frame
        for lang in ("fr", "en"):
            table = practice_views.actors_table(frame, lang)
            for ident, short, name in zip(
                table["id"], table[i18n.t("col_actor", lang)], table[i18n.t("col_name", lang)], strict=True
            ):
                actor = actors[ident]
                assert name == actor_name(_row(actor), lang)
                assert short == actor_short(_row(actor), lang)
                if lang == "en":
                    assert EN_MARK not in name


def test_actor_lookup_network_and_documented_by_say_aiss_in_french(seed_store, seed_bundle):
    actors = _actors(seed_bundle)
    listed = run_named_query(seed_store, "actor_list").frame
    french, english = views.actor_lookup(listed, "fr"), views.actor_lookup(listed, "en")
    assert french["int-issa"] == "AISS" and english["int-issa"] == "ISSA"
    assert french["int-ilo"] == "OIT" and english["int-ilo"] == "ILO"
    for ident, actor in actors.items():
        assert french[ident] == actor_short(_row(actor), "fr")

    ties = run_named_query(seed_store, "actor_network").frame
    centrality = run_named_query(seed_store, "actor_centrality").frame
    graph = actor_view.display_graph(ties, centrality, "fr")
    assert graph.number_of_nodes() > 0
    for node, attrs in graph.nodes(data=True):
        assert attrs["name"] == actor_name(_row(actors[node]), "fr")
        assert attrs["label"] == actor_short(_row(actors[node]), "fr")
    for node, attrs in actor_view.display_graph(ties, centrality, "en").nodes(data=True):
        assert attrs["name"] == actors[node].name and EN_MARK not in attrs["label"]

    detail = run_named_query(seed_store, "practice_detail", {"practice": INTERCOSECHA}).frame
    row = views.records(detail)[0]
    assert re.search(r"\bISSA\b", practice_views.facts_line(row, "en"))
    shown = practice_views.facts_line(row, "fr")
    assert "AISS" in shown and not re.search(r"\bISSA\b", shown)


# ---- the Practices page ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def names_app_graph(request, backend: str, coordreg_home: Path) -> Iterator[object]:
    """The app's own graph, on each store; the app seeds it on its first run."""
    graph = open_graph(request, backend, f"frnames_{os.getpid()}" if backend == "falkordb" else "app")
    with app_environment(graph):
        yield graph
    graph.wipe()
    graph.close()


def _table_cells(at) -> list[str]:
    """Every cell and row label of every table and dataframe on the page, as text, but the sources' citations:
    a citation is quoted as the document gives it ("International Social Security Association (ISSA). …")."""
    citations = {i18n.t("col_source", lang) for lang in ("en", "fr")}
    cells = []
    for element in [*at.dataframe, *at.table]:
        frame = element.value
        cells += [str(v) for v in frame.index]
        cells += [str(v) for col in frame.columns if col not in citations for v in frame[col]]
    return cells


def test_practices_page_in_french_names_actors_in_french_and_the_issa_aiss(names_app_graph, seed_bundle):
    case = next(f.case for f in seed_bundle.practices if f.case.practice.id == INTERCOSECHA)
    involved = {ma.actor for m in case.mechanisms for ma in m.actors}
    actors = _actors(seed_bundle)
    with_french = sorted(i for i in involved if _fr(actors[i]))
    assert with_french  # the article names some of Intercosecha's actors in French

    at = open_app("practices", lang="fr", practice=INTERCOSECHA)
    table = table_with(at, "id", i18n.t("col_roles", "fr"))
    shown = dict(zip(table["id"], table[i18n.t("col_name", "fr")], strict=True))
    for ident in involved:
        expected = _fr(actors[ident]) or actors[ident].name + EN_MARK
        assert shown[ident] == expected, ident
    page = texts(at) + "\n".join(_table_cells(at))
    # The facts line names the ISSA as documenter, and the evidence locators cite its publications.
    assert "AISS" in texts(at) and "AISS" in "\n".join(_table_cells(at))
    # Its mechanisms and agreements by their French names (the article gives each one).
    cells = set(_table_cells(at))
    french = [_local(m, m.label, "fr") for m in case.mechanisms] + [_local(g, g.title, "fr") for g in case.agreements]
    assert set(french) <= cells, set(french) - cells
    assert not {m.label for m in case.mechanisms} & cells
    assert not re.search(r"\bISSA\b", page), re.findall(r".{0,200}\bISSA\b.{0,80}", page)

    at = open_app("practices", lang="en", practice=INTERCOSECHA)
    table = table_with(at, "id", i18n.t("col_roles", "en"))
    assert dict(zip(table["id"], table[i18n.t("col_name", "en")], strict=True)) == {i: actors[i].name for i in involved}
    page = texts(at) + "\n".join(_table_cells(at))
    assert re.search(r"\bISSA\b", page) and EN_MARK not in page and "AISS" not in page


def test_overlap_table_names_shared_actors_in_french(seed_store, seed_bundle):
    actors = _actors(seed_bundle)
    overlap = run_named_query(seed_store, "practice_overlap").frame
    listed = run_named_query(seed_store, "actor_list").frame
    relabels = views.actor_relabels(listed, "fr")
    assert relabels and all(
        actor_short(_row(actors[i]), "en") in relabels for i in actors if french_acronym(_fr(actors[i]))
    )
    table = overlap_view.overlap_table(overlap, {}, "fr", views.actor_lookup(listed, "fr"), relabels)
    french_labels = {actor_short(_row(a), "fr") for a in actors.values()}
    named = []
    for why in table[i18n.t("col_why", "fr")]:
        for reason in why.split(overlap_view.REASON_SEPARATOR):
            found = re.match(r"^(?P<name>.*) \((?P<kind>[^,]+), ", reason)
            if found and found["kind"] == i18n.t("why_kind_actor", "fr"):
                named.append(found["name"])
    assert named and set(named) <= french_labels
    expected = {
        ", ".join(actor_short(_row(actors[str(a)]), "fr") for a in shared) for shared in overlap["shared_actors"]
    }
    assert set(table[i18n.t("col_shared_actors", "fr")]) == expected


def test_mechanism_tables_name_each_actor_in_french(seed_store, seed_bundle):
    actors = _actors(seed_bundle)
    checked = 0
    for case in (f.case for f in seed_bundle.practices):
        levels = run_named_query(seed_store, "practice_levels", {"practice": case.practice.id}).frame
        for lang in ("fr", "en"):
            involved = {_local(m, m.label, lang): sorted({ma.actor for ma in m.actors}) for m in case.mechanisms}
            for table in practice_views.mechanisms_by_level(levels, {}, lang).values():
                for label, shown in zip(
                    table[i18n.t("col_mechanism", lang)], table[i18n.t("col_actors", lang)], strict=True
                ):
                    assert shown == ", ".join(actor_short(_row(actors[i]), lang) for i in involved[label])
                    checked += 1
    assert checked


# ---- mechanisms and agreements -----------------------------------------------------------------------------------

#: The seed article written in French (the ISSA's good practices in the Americas): its mechanisms and agreements
#: carry French names; the ILO's English report does not, so its cases show the "(EN)" mark in French.
FRENCH_ARTICLE = "issa-americas"


def _local(item, english: str, lang: str) -> str:
    """A mechanism's label or an agreement's title in ``lang``, from its case file."""
    french = next((n.text for n in item.other_languages if n.language == "fr"), "")
    if lang != "fr":
        return english
    return french or english + EN_MARK


def _cases(bundle, collection: str | None = None):
    return [f.case for f in bundle.practices if collection is None or f.case.practice.collection == collection]


def test_the_french_article_names_its_mechanisms_and_agreements_in_french(seed_bundle):
    article = _cases(seed_bundle, FRENCH_ARTICLE)
    items = [*(m for c in article for m in c.mechanisms), *(g for c in article for g in c.agreements)]
    assert items and all(_local(i, "", "fr") for i in items)  # every one has its French name
    others = [m for c in _cases(seed_bundle) if c.practice.collection != FRENCH_ARTICLE for m in c.mechanisms]
    assert others and all(_local(m, m.label, "fr") == m.label + EN_MARK for m in others)


def test_local_name_marks_english_only_in_french():
    assert local_name("Joint planning", ["fr: Planification conjointe"], "fr") == "Planification conjointe"
    assert local_name("Joint planning", ["fr: Planification conjointe"], "en") == "Joint planning"
    assert local_name("Joint planning", ["es: Planificación conjunta"], "fr") == "Joint planning" + EN_MARK
    assert local_name("Joint planning", None, "fr") == "Joint planning" + EN_MARK
    assert local_name(None, [], "fr") == ""  # nothing to show is not an English text


def test_mechanism_and_agreement_tables_use_the_stored_french_names(seed_store, seed_bundle):
    checked = {"mechanism": 0, "agreement": 0, "evidence": 0}
    for case in _cases(seed_bundle):
        practice = case.practice.id
        levels = run_named_query(seed_store, "practice_levels", {"practice": practice}).frame
        agreements = run_named_query(seed_store, "app_practice_agreements", {"practice": practice}).frame
        evidence = run_named_query(seed_store, "practice_evidence", {"practice": practice}).frame
        titles = {g.id: g for g in case.agreements}
        mechanisms = {m.id: m for m in case.mechanisms}
        for lang in ("fr", "en"):
            # The query lists a mechanism's agreements in id order.
            expected_rows = [
                (_local(m, m.label, lang), ", ".join(_local(titles[g], titles[g].title, lang)
                                                     for g in sorted(m.agreements)))
                for m in case.mechanisms if all(g in titles for g in m.agreements)
            ]  # fmt: skip
            shown = [
                (label, used)
                for table in practice_views.mechanisms_by_level(levels, {}, lang).values()
                for label, used in zip(table[i18n.t("col_mechanism", lang)], table[i18n.t("col_agreements", lang)],
                                       strict=True)
            ]  # fmt: skip
            assert set(expected_rows) <= set(shown), practice
            checked["mechanism"] += len(expected_rows)
            if not agreements.empty:
                table = practice_views.agreements_table(agreements, lang)
                wanted = [_local(titles[g], titles[g].title, lang) for g in agreements["agreement_id"] if g in titles]
                assert set(wanted) <= set(table[i18n.t("col_agreement", lang)]), practice
                checked["agreement"] += len(wanted)
            table = practice_views.evidence_table(evidence, lang)
            for ident, label in zip(evidence["mechanism_id"], table[i18n.t("col_mechanism", lang)], strict=True):
                if isinstance(ident, str) and ident in mechanisms:
                    assert label == _local(mechanisms[ident], mechanisms[ident].label, lang)
                    checked["evidence"] += 1
            if lang == "en":
                assert EN_MARK not in "".join(label for label, _ in shown)
    assert all(checked.values()), checked


def test_training_tour_and_exercise_name_mechanisms_and_actors_in_french(seed_store, seed_bundle):
    actors = _actors(seed_bundle)
    case = next(c for c in _cases(seed_bundle) if c.practice.id == INTERCOSECHA)
    mechanisms = {m.id: m for m in case.mechanisms}
    levels = run_named_query(seed_store, "practice_levels", {"practice": INTERCOSECHA}).frame
    sources = run_named_query(seed_store, "practice_sources", {"practice": INTERCOSECHA}).frame
    claims = run_named_query(seed_store, "practice_claims", {"practice": INTERCOSECHA}).frame
    for lang in ("fr", "en"):
        lessons = [x for part in training.practice_lessons(levels, {}, sources, claims, lang).values() for x in part]
        assert lessons
        for lesson in lessons:
            mechanism = mechanisms[lesson.mechanism_id]
            assert lesson.label == _local(mechanism, mechanism.label, lang)
            involved = sorted({ma.actor for ma in mechanism.actors})
            assert lesson.actors == [actor_short(_row(actors[i]), lang) for i in involved]
    exercise = run_named_query(seed_store, "app_level_exercise").frame
    every = {m.id: m for c in _cases(seed_bundle) for m in c.mechanisms}
    for item in views.records(exercise):
        mechanism = every[item["mechanism_id"]]
        assert training.exercise_label(item, "fr") == _local(mechanism, mechanism.label, "fr")
        assert training.exercise_label(item, "en") == mechanism.label


def test_id_picker_names_actors_in_the_interface_language(seed_store, seed_bundle):
    actors = _actors(seed_bundle)
    listed = run_named_query(seed_store, "actor_list").frame
    french = id_picker.choices("actor", "fr", frame=listed)
    english = id_picker.choices("actor", "en", frame=listed)
    assert french["int-issa"].startswith("AISS — ") and english["int-issa"].startswith("ISSA — ")
    for ident, actor in actors.items():
        row = _row(actor)
        assert actor_name(row, "fr") in french[ident] and french[ident].endswith(ident)
        assert actor.name in english[ident] and EN_MARK not in english[ident]


# ---- the compare view, the Cost–benefit page, the Network page -------------------------------------------------


def _other_case(bundle):
    """A seed practice outside the French article with agreements: its names show the "(EN)" mark in French."""
    return next(c for c in _cases(bundle) if c.practice.collection != FRENCH_ARTICLE and c.agreements)


def _compare_cells(table, lang: str, column: str) -> dict[str, str]:
    aspect = table[i18n.t("col_aspect", lang)]
    return {a: str(v) for a, v in zip(aspect, table[column], strict=True)}


def test_compare_view_names_actors_and_agreements_in_french(seed_store, seed_bundle):
    actors = _actors(seed_bundle)
    first = next(c for c in _cases(seed_bundle) if c.practice.id == INTERCOSECHA)
    second = _other_case(seed_bundle)
    compared = run_named_query(seed_store, "compare_practices", {"a": first.practice.id, "b": second.practice.id})
    for lang in ("fr", "en"):
        table = practice_views.comparison_table(compared.frame, lang, "A", "B")
        for case, column in ((first, "A"), (second, "B")):
            cells = _compare_cells(table, lang, column)
            agreements = cells[i18n.t("aspect_agreements", lang)]
            shown_actors = cells[i18n.t("aspect_actors", lang)]
            for g in case.agreements:
                assert _local(g, g.title, lang) in agreements, (case.practice.id, g.id)
            for ident in {ma.actor for m in case.mechanisms for ma in m.actors}:
                assert actor_short(_row(actors[ident]), lang) in shown_actors, (case.practice.id, ident)
            if lang == "en":
                assert EN_MARK not in agreements + shown_actors
        if lang == "fr":
            assert EN_MARK in _compare_cells(table, lang, "B")[i18n.t("aspect_agreements", lang)]
            assert EN_MARK not in _compare_cells(table, lang, "A")[i18n.t("aspect_agreements", lang)]


def test_practices_page_compare_view_in_french(names_app_graph, seed_bundle):
    first = next(c for c in _cases(seed_bundle) if c.practice.id == INTERCOSECHA)
    second = _other_case(seed_bundle)
    at = open_app("practices", lang="fr", practice=INTERCOSECHA, compare=second.practice.id)
    table = table_with(at, i18n.t("col_aspect", "fr"), i18n.t("col_shared", "fr"))
    row = next(r for r in views.records(table) if r[i18n.t("col_aspect", "fr")] == i18n.t("aspect_agreements", "fr"))
    cells = " | ".join(str(v) for v in row.values())
    for g in [*first.agreements, *second.agreements]:
        assert _local(g, g.title, "fr") in cells, g.id
    assert not {g.title for g in first.agreements} & set(re.split(r", | \| ", cells))


def _listed(cell: str) -> set[str]:
    return set(cell.split("; ")) if cell else set()


def test_cost_benefit_table_names_mechanisms_and_agreements_in_french(seed_store, seed_bundle):
    profile = run_named_query(seed_store, "cost_benefit").frame
    cases = {c.practice.id: c for c in _cases(seed_bundle)}
    for lang in ("fr", "en"):
        table = analysis_views.cost_benefit_table(profile, {}, lang)
        mechanisms = table[i18n.t("col_mechanisms_listed", lang)]
        agreements = table[i18n.t("col_agreements_listed", lang)]
        for practice, shown_m, shown_g in zip(profile["practice_id"], mechanisms, agreements, strict=True):
            case = cases[practice]
            assert _listed(shown_m) == {_local(m, m.label, lang) for m in case.mechanisms}, practice
            assert {_local(g, g.title, lang) for g in case.agreements} <= _listed(shown_g), practice
        marked = "".join(mechanisms) + "".join(agreements)
        assert (EN_MARK in marked) == (lang == "fr")  # the ILO's cases have no French names


def test_cost_benefit_page_in_french(names_app_graph, seed_bundle):
    at = open_app("cost_benefit", lang="fr")
    table = table_with(at, i18n.t("col_mechanisms_listed", "fr"), i18n.t("col_agreements_listed", "fr"))
    shown = set().union(*(_listed(c) for c in table[i18n.t("col_mechanisms_listed", "fr")]))
    for case in _cases(seed_bundle):
        assert {_local(m, m.label, "fr") for m in case.mechanisms} <= shown, case.practice.id
    article = [m for c in _cases(seed_bundle, FRENCH_ARTICLE) for m in c.mechanisms]
    assert article and not {m.label for m in article} & shown


def _tie_tooltips(graph) -> str:
    return "\n".join(str(attrs["tooltip"]) for _, _, attrs in graph.edges(data=True))


def test_network_ties_name_their_mechanisms_and_agreements_in_french(seed_store, seed_bundle):
    ties = run_named_query(seed_store, "actor_network").frame
    centrality = run_named_query(seed_store, "actor_centrality").frame
    mechanisms = {m.id: m for c in _cases(seed_bundle) for m in c.mechanisms}
    agreements = {g.id: g for c in _cases(seed_bundle) for g in c.agreements}
    for lang in ("fr", "en"):
        for row in views.records(ties):
            shown = _tie_tooltips(actor_view.display_graph(ties[ties["source"] == row["source"]], centrality, lang))
            for ident in row["mechanisms"]:
                assert html.escape(_local(mechanisms[ident], mechanisms[ident].label, lang)) in shown, ident
            for ident in row["agreements"]:
                if ident in agreements:
                    assert html.escape(_local(agreements[ident], agreements[ident].title, lang)) in shown, ident
        tooltips = _tie_tooltips(actor_view.display_graph(ties, centrality, lang))
        assert (EN_MARK in tooltips) == (lang == "fr")
    # Two answers joined (the page's several chosen practices) keep each connector's name beside its id.
    merged = actor_view.merge_ties([ties.iloc[:1], ties.iloc[:1]])
    assert list(merged["mechanism_labels"].iloc[0]) == list(ties["mechanism_labels"].iloc[0])
