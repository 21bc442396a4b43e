"""The app's practice editor: a form's state to a case file and back, checked by the loader, saved into the store.

The logic runs on the real stores (the mini registry loaded); the form runs under AppTest on the embedded store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from registry.app_support import i18n
from registry.app_support import practice_editor as editor
from registry.errors import CaseValidationError
from registry.export_cases import read_cases
from registry.held_registry import read_held
from registry.loading import load_paths
from registry.schema.model import CaseFile


def _new_draft(held) -> editor.Draft:
    """A small new practice that refers to the mini registry's ministry and source."""
    draft = editor.Draft(practice_id="tst-gamma", title_en="Gamma desk", summary_en="A desk that enrols workers.",
                         countries=["ARG"], regions=["Americas"], source="test-source", locator="Section 3",
                         levels=["meso"])  # fmt: skip
    mechanism = editor.add_mechanism(draft, held)
    mechanism.label = "The desk registers workers"
    mechanism.description_en = "The ministry's desk registers seasonal workers."
    mechanism.levels = ["meso"]
    mechanism.functions = ["registration"]
    mechanism.actors = [editor.MechanismActorRow("tst-ministry", "runs the desk")]
    evidence = editor.add_evidence(draft, held)
    evidence.category = "faster-enrolment"
    evidence.description_en = "Workers are enrolled on the day."
    evidence.mechanism = mechanism.id
    return draft


def test_new_id_is_a_slug_not_taken():
    assert editor.new_id("Caisse d'Épargne Sociale", prefix="bel") == "bel-caisse-d-epargne-sociale"
    assert editor.new_id("x", {"x", "x-2"}) == "x-3"
    assert editor.new_id("!!!") == "item"


def test_place_in_words_counts_from_one():
    assert editor.place_in_words("mechanisms[1] (m) > actors[0]") == "mechanism 2 (m) > actor 1"


def test_a_new_draft_is_a_valid_case_file_that_refers_to_the_registry(mini_store):
    held = read_held(mini_store)
    draft = _new_draft(held)
    assert [p for p in editor.check_draft(draft, held) if p.severity == "error"] == []
    case = CaseFile.model_validate(editor.case_data(draft))
    assert case.practice is not None and case.practice.title.original == "Gamma desk"
    assert case.actors == []  # the ministry is the registry's: referred to, not declared again
    assert case.mechanisms[0].id.startswith("tst-gamma-")
    assert case.level_claims[0].levels == ["meso"] and case.level_claims[0].source == "test-source"
    assert case.evidence[0].source == "test-source" and case.evidence[0].locator == "Section 3"
    assert yaml.safe_load(editor.draft_yaml(draft))["practice"]["id"] == "tst-gamma"


def test_check_draft_gives_the_loaders_messages_in_words(mini_store):
    held = read_held(mini_store)
    draft = _new_draft(held)
    draft.mechanisms[0].functions = []
    draft.mechanisms[0].actors = [editor.MechanismActorRow("tst-ministri", "runs the desk")]
    draft.countries = ["XYZ"]
    problems = [p for p in editor.check_draft(draft, held) if p.severity == "error"]
    text = " | ".join(f"{p.place}: {p.field}: {p.message}" for p in problems)
    assert "XYZ" in text and "is not an ISO 3166" in text
    assert "mechanism 1" in text and "functions" in text
    assert all("draft" not in p.file and "/tmp" not in p.place for p in problems)
    # A reference to an unknown actor comes once the model is right, with the loader's "did you mean".
    draft.countries, draft.mechanisms[0].functions = ["ARG"], ["registration"]
    problems = [p for p in editor.check_draft(draft, held) if p.severity == "error"]
    assert len(problems) == 1
    assert "tst-ministri" in problems[0].message and "tst-ministry" in problems[0].message
    assert problems[0].place.startswith("mechanism 1")


def test_a_new_practice_may_not_take_an_id_the_registry_holds(mini_store):
    held = read_held(mini_store)
    draft = _new_draft(held)
    draft.practice_id = "tst-alpha"
    problems = [p for p in editor.check_draft(draft, held) if p.severity == "error"]
    assert any("already holds a practice 'tst-alpha'" in p.message for p in problems)
    with pytest.raises(CaseValidationError):
        editor.save_draft(mini_store, draft, held)
    titles = mini_store.read("MATCH (p:Practice {id: $id}) RETURN p.title AS t", {"id": "tst-alpha"}).frame
    assert list(titles["t"]) == ["Alpha practice"]  # nothing written


def test_saving_a_new_practice_loads_it_with_a_new_actor_and_source(mini_store):
    held = read_held(mini_store)
    draft = _new_draft(held)
    actor = editor.add_actor(draft, held, "Seasonal Workers' Union", "trade-union", "ARG")
    source = editor.add_source(draft, held, "A field report on the Gamma desk.", "Gamma Institute", 2023,
                               "https://example.org/gamma")  # fmt: skip
    assert actor.id == "arg-seasonal-workers-union" and source.id.startswith("gamma-institute-2023")
    draft.mechanisms[0].actors.append(editor.MechanismActorRow(actor.id, "refers its members"))
    draft.evidence[0].source, draft.evidence[0].locator = source.id, "page 4"
    preview = editor.preview_draft(mini_store, draft, held)
    assert preview is not None
    added = {(c["kind"], c["id"]) for c in preview if c["action"] == "added"}
    assert {("practice", "tst-gamma"), ("actor", actor.id), ("source", source.id)} <= added
    assert not [c for c in preview if c["action"] != "added"]  # a new practice changes nothing already there
    saved = editor.save_draft(mini_store, draft, held)
    assert saved.practice_id == "tst-gamma" and saved.report.practices_written == 1
    assert saved.shown == "cases/tst-gamma.yaml" and saved.case_file is not None
    assert CaseFile.model_validate(yaml.safe_load(saved.case_file.read_text())) == CaseFile.model_validate(
        editor.case_data(draft)
    )
    rows = mini_store.read(
        "MATCH (:Practice {id: $id})-[:HAS_MECHANISM]->(m:Mechanism)-[:INVOLVES]->(a:Actor) RETURN a.id AS actor "
        "ORDER BY actor",
        {"id": "tst-gamma"},
    ).frame
    assert list(rows["actor"]) == ["arg-seasonal-workers-union", "tst-ministry"]
    cited = mini_store.read("MATCH (:Evidence {practice_id: $id})-[:CITES]->(s:Source) RETURN s.url AS url",
                            {"id": "tst-gamma"}).frame  # fmt: skip
    assert list(cited["url"]) == ["https://example.org/gamma"]


def test_editing_keeps_what_the_form_does_not_show_and_replaces_the_practice(mini_store):
    before = next(c for c in read_cases(mini_store).practices if c.owner == "tst-alpha")
    held = read_held(mini_store)
    draft = editor.draft_from_case(before)
    assert draft.editing == "tst-alpha" and draft.mechanisms and draft.title_en == "Alpha practice"
    draft.title_en = "Alpha practice, renamed"
    draft.mechanisms[0].label = "A new label"
    assert [p for p in editor.check_draft(draft, held) if p.severity == "error"] == []
    editor.save_draft(mini_store, draft, held)
    after = next(c for c in read_cases(mini_store).practices if c.owner == "tst-alpha")
    assert after.practice is not None and after.practice.title.en == "Alpha practice, renamed"
    assert after.mechanisms[0].label == "A new label"
    # Everything else is as it was: the other claims, the evidence's figures, the actors the file declares.
    assert after.level_claims == before.level_claims
    assert after.evidence == before.evidence
    assert after.actors == before.actors and after.agreements == before.agreements
    assert after.mechanisms[1:] == before.mechanisms[1:]
    assert after.practice.populations == before.practice.populations  # type: ignore[union-attr]


# ---- the form, under AppTest on the real store (the app seeds it with the seed registry) ----------------

APP = Path(__file__).resolve().parents[1] / "app_streamlit.py"
EDITOR_PAGE = "app_pages/practice_editor.py"


@pytest.fixture
def editor_app(store):
    """The editor's page of an app whose store is this test's own graph, holding the seed registry (loaded
    here: the app seeds a store only the first time it opens it in a process, and Neo4j's scratch graph is
    the same store from one test to the next)."""
    from test_app import app_environment

    load_paths(store)
    with app_environment(store):
        at = AppTest.from_file(str(APP), default_timeout=180)
        at.query_params["lang"] = "en"
        at.run()
        at.switch_page(EDITOR_PAGE).run()
        assert not at.exception, [e.value for e in at.exception]
        yield at


def _widget(widgets, suffix: str):
    """The one widget of the form's mechanism whose key ends in ``suffix``."""
    found = [w for w in widgets if str(w.key).startswith("ed_m_") and str(w.key).endswith(suffix)]
    assert len(found) == 1, [w.key for w in widgets]
    return found[0]


def _fill_new_practice(at: AppTest) -> None:
    at.text_input(key="ed_title_en").set_value("Editor test desk").run()
    at.text_area(key="ed_summary_en").set_value("A one-stop desk written in the app's editor.").run()
    at.multiselect(key="ed_countries").set_value(["BRA"]).run()
    at.multiselect(key="ed_regions").set_value(["Americas"]).run()
    at.selectbox(key="ed_source").set_value("issa-americas-article").run()
    at.text_input(key="ed_locator").set_value("Section 3").run()
    at.multiselect(key="ed_levels").set_value(["meso"]).run()
    at.button(key="ed_add_mechanism").click().run()
    _widget(at.text_input, "_label").set_value("The desk enrols workers").run()
    _widget(at.multiselect, "_levels").set_value(["meso"]).run()
    _widget(at.multiselect, "_functions").set_value(["registration"]).run()
    _widget(at.text_area, "_description_en").set_value("The ILO advises the desk.").run()
    _widget(at.multiselect, "_actors").set_value(["int-ilo"]).run()
    _widget(at.text_input, "_role_int-ilo").set_value("advises the desk").run()


def test_the_form_checks_as_you_type_and_saves_nothing_half_done(editor_app, store):
    at = editor_app
    at.text_input(key="ed_title_en").set_value("Half done").run()
    shown = [str(e.value).replace("\\", "") for e in at.error]  # case text is escaped (safe_text.md)
    assert any(line.startswith("practice — countries:") for line in shown), shown
    assert any(line.startswith("practice > summary — en:") for line in shown), shown
    assert any(line.startswith("level claim 1 (half-done-levels) — levels:") for line in shown), shown
    assert at.button(key="ed_save").disabled  # errors: no save
    assert at.caption and any(i18n.t("editor_fix_first", "en") == c.value for c in at.caption)
    held = store.read("MATCH (p:Practice) WHERE p.title = $t RETURN count(p) AS n", {"t": "Half done"}).frame
    assert int(held["n"][0]) == 0


def test_the_form_creates_a_practice_with_a_seed_actor(editor_app, store):
    at = editor_app
    _fill_new_practice(at)
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == []
    assert any(s.value == i18n.t("editor_ready", "en") for s in at.success)
    at.button(key="ed_save").click().run()
    at.button(key="ed_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("bra-editor-test-desk" in s.value.replace("\\", "") for s in at.success), [s.value for s in at.success]
    rows = store.read(
        "MATCH (p:Practice {id: $id})-[:HAS_MECHANISM]->(m:Mechanism)-[r:INVOLVES]->(a:Actor) "
        "RETURN p.title AS title, a.id AS actor, r.role AS role",
        {"id": "bra-editor-test-desk"},
    ).frame
    assert rows.to_dict("records") == [{"title": "Editor test desk", "actor": "int-ilo", "role": "advises the desk"}]
    # The page now edits the saved practice: its form holds what was saved.
    assert at.text_input(key="ed_title_en").value == "Editor test desk"
    # The Overview's matrix (its cached results cleared by the save) lists it.
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Editor test desk" in str(cell) for table in at.dataframe for cell in table.value.to_numpy().ravel())


def test_every_seed_practice_goes_through_the_form_unchanged():
    """A form opened on any practice, saved as it is, writes the case file it was opened on."""
    from loaders import read_bundle
    from registry.loading import seed_registry_path

    bundle, _ = read_bundle([seed_registry_path()])
    for located in bundle.practices:
        again = CaseFile.model_validate(editor.case_data(editor.draft_from_case(located.case)))
        assert again == located.case, located.origin


def test_the_form_edits_a_seed_practice_in_french(store):
    from test_app import app_environment

    load_paths(store)
    with app_environment(store):
        at = AppTest.from_file(str(APP), default_timeout=180)
        at.query_params["lang"] = "fr"
        at.query_params["practice"] = "arg-intercosecha"
        at.run()
        at.switch_page(EDITOR_PAGE).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == i18n.t("editor_title_edit", "fr")
        assert at.text_input(key="ed_id_fixed").value == "arg-intercosecha"
        before = store.read("MATCH (:Practice {id: $id})-[:HAS_MECHANISM]->(m) RETURN count(m) AS n",
                            {"id": "arg-intercosecha"}).frame  # fmt: skip
        at.text_input(key="ed_title_en").set_value("Intercosecha, edited in the app").run()
        assert [e.value for e in at.error] == []
        at.button(key="ed_save").click().run()
        assert at.dataframe  # the change preview
        at.button(key="ed_confirm").click().run()
        assert not at.exception, [e.value for e in at.exception]
    after = store.read("MATCH (p:Practice {id: $id})-[:HAS_MECHANISM]->(m) RETURN p.title AS title, count(m) AS n",
                       {"id": "arg-intercosecha"}).frame  # fmt: skip
    assert list(after["title"]) == ["Intercosecha, edited in the app"]
    assert list(after["n"]) == list(before["n"])


def test_text_typed_in_the_form_is_shown_as_written_never_as_markdown(editor_app):
    at = editor_app
    at.button(key="ed_add_mechanism").click().run()
    hostile = "[click](javascript:alert(1)) **bold** https://example.org"
    _widget(at.text_input, "_label").set_value(hostile).run()
    assert not at.exception, [e.value for e in at.exception]
    header = next(m.value for m in at.markdown if "Mechanism 1" in m.value)
    assert "javascript" in header and "](" not in header and "**bold" not in header and "https://" not in header


def test_on_a_public_server_the_form_needs_the_right_to_write(store, monkeypatch):
    from conftest import graph_env

    from registry.app_support import access

    load_paths(store)
    for key, value in graph_env(store).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv(access.HOST_VARIABLE, "0.0.0.0")  # noqa: S104 - the setting under test, nothing listens
    monkeypatch.delenv(access.TOKEN_VARIABLE, raising=False)
    monkeypatch.delenv(access.WRITERS_VARIABLE, raising=False)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    at.switch_page(EDITOR_PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    action = i18n.t("editor_action", "en")
    assert i18n.t("write_off", "en", action=action[:1].upper() + action[1:]) in [i.value for i in at.info]
    assert not [w for w in at.text_input if str(w.key).startswith("ed_")]  # no form at all
