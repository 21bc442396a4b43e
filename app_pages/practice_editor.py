"""Practice editor: a form for a new practice, or for the practice in the URL (``?practice=ID``).

The form's state is a ``practice_editor.Draft`` kept in the session; every run
copies the widgets into it and checks it with the loader's own checks, so
problems show as the researcher types. "Save" shows what would change, and a
second click writes the case through ``load_paths`` (nothing is written while
the draft has an error). Actors and sources are picked from the registry.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pycountry
import streamlit as st

from app_pages.common import clear_results, get_store, guarded, header, lang, link, report, tr
from app_pages.signin import write_gate
from registry.app_support import practice_editor as editor
from registry.app_support.i18n import kind_label, level_short
from registry.app_support.labels import country_name, spaced
from registry.app_support.safe_text import md
from registry.errors import CaseValidationError, CoordregError
from registry.export_cases import read_cases
from registry.held_registry import read_held
from registry.schema.regions import REGIONS
from registry.schema.vocabulary import ACTOR_KINDS, ACTOR_SCOPES, FUNCTION_IDS, LEVEL_IDS

DRAFT, FOR, HELD, CONFIRM, SAVED = "_editor_draft", "_editor_for", "_editor_held", "_editor_confirm", "_editor_saved"
L = lang()
store = get_store()
editing = link().get("practice", "")
header("editor_title_edit" if editing else "editor_title_new", "editor_intro")
if not write_gate("editor_action"):
    st.stop()


def _fresh_draft() -> editor.Draft:
    if not editing:
        return editor.Draft()
    case = next((c for c in guarded(lambda: read_cases(store)).practices if c.owner == editing), None)
    if case is None:
        st.error(tr("editor_no_practice", practice=md(editing)))
        st.stop()
    return editor.draft_from_case(case)


# A new target (another practice, or a new one) starts a new draft; the widgets of the last one are forgotten.
if st.session_state.get(FOR) != editing or DRAFT not in st.session_state:
    for key in [k for k in st.session_state if str(k).startswith("ed_")]:
        del st.session_state[key]
    st.session_state[HELD] = guarded(lambda: read_held(store))
    st.session_state[DRAFT] = _fresh_draft()
    st.session_state[FOR] = editing
    st.session_state.pop(CONFIRM, None)
draft: editor.Draft = st.session_state[DRAFT]
held = st.session_state[HELD]

saved = st.session_state.pop(SAVED, None)
if saved:
    st.success(tr("editor_saved", practice=md(saved["practice"]), where=md(saved["where"] or tr("editor_no_folder"))))
    st.page_link(
        "app_pages/practices.py",
        label=tr("editor_open_saved"),
        icon=":material/list_alt:",
        query_params={"practice": saved["practice"], "lang": L},
    )

actors = editor.actor_choices(held, draft)
sources = editor.source_choices(held, draft)
agreements = editor.agreement_choices(held, draft)
# Option labels fixed in this run's language: a format function may be called after the run (AppTest does).
LABELS = {s: tr(f"status_{s}") for s in ("stated", "inferred")} | {
    k: tr(f"editor_kind_{k}") for k in ("benefit", "cost")
}
SAME_SOURCE = tr("editor_same_source")
COUNTRIES = sorted((c.alpha_3 for c in pycountry.countries), key=lambda code: country_name(code, L).lower())


def row(spec: int | list[int]) -> list[Any]:
    return list(st.columns(spec))


def name_of(choices: dict[str, str]) -> Any:
    return lambda ident: choices.get(ident, ident)


def picked(options: list[str], chosen: list[str]) -> list[str]:
    """The options, and any chosen id they lack (an id the registry no longer holds is shown all the same)."""
    return list(options) + [c for c in chosen if c not in options]


# ---- the practice ------------------------------------------------------------------------------

with st.container(border=True):
    st.subheader(tr("editor_practice"))
    draft.title_en = st.text_input(tr("editor_title_en"), draft.title_en, key="ed_title_en")
    draft.title_fr = st.text_input(tr("editor_title_fr"), draft.title_fr, key="ed_title_fr")
    cols = row([3, 1])
    draft.title_original = cols[0].text_input(
        tr("editor_title_original"), draft.title_original, key="ed_title_original", placeholder=draft.title_en
    )
    draft.title_language = cols[1].text_input(
        tr("editor_title_language"), draft.title_language, max_chars=2, key="ed_title_language"
    )
    draft.summary_en = st.text_area(tr("editor_summary_en"), draft.summary_en, key="ed_summary_en")
    draft.summary_fr = st.text_area(tr("editor_summary_fr"), draft.summary_fr, key="ed_summary_fr")
    cols = row(2)
    draft.countries = cols[0].multiselect(
        tr("editor_countries"),
        picked(COUNTRIES, draft.countries),
        default=draft.countries,
        key="ed_countries",
        format_func=lambda code: f"{country_name(code, L)} · {code}",
    )
    draft.regions = cols[1].multiselect(
        tr("editor_regions"), sorted(set(REGIONS) | set(draft.regions)), default=draft.regions, key="ed_regions"
    )
    collections = sorted(held.slugs.get("collection", set()) | {draft.collection, editor.DEFAULT_COLLECTION})
    cols = row(2)
    chosen_collection = cols[0].selectbox(
        tr("editor_collection"),
        collections,
        key="ed_collection",
        index=collections.index(draft.collection),
        accept_new_options=True,
    )
    draft.collection = editor.as_slug(str(chosen_collection or editor.DEFAULT_COLLECTION))
    if editing:
        cols[1].text_input(tr("editor_id"), draft.practice_id, disabled=True, key="ed_id_fixed")
    else:
        typed = cols[1].text_input(tr("editor_id"), key="ed_id", placeholder=tr("editor_id_placeholder"))
        draft.practice_id = editor.as_slug(typed) if typed.strip() else editor.suggested_id(draft, held)
        cols[1].caption(tr("editor_id_caption", id=md(draft.practice_id)))
    draft.documented_by = st.multiselect(
        tr("editor_documented_by"),
        picked(list(actors), draft.documented_by),
        default=draft.documented_by,
        format_func=name_of(actors),
        key="ed_documented_by",
        placeholder=tr("editor_search"),
    )
    editor.renumbered(draft, held)

# ---- where it is described, and its levels ------------------------------------------------------------


def source_picker(label: str, current: str, key: str, *, optional: bool = False, container: Any = st) -> str:
    options = ([""] if optional else []) + list(sources) + ([current] if current and current not in sources else [])
    index = options.index(current) if current in options else (0 if optional else None)
    chosen = container.selectbox(
        label,
        options,
        index=index,
        key=key,
        placeholder=tr("editor_search"),
        format_func=lambda s: sources.get(s, s) if s else SAME_SOURCE,
    )
    return str(chosen or "")


with st.container(border=True):
    st.subheader(tr("editor_source"))
    cols = row([3, 2])
    draft.source = source_picker(tr("editor_source_pick"), draft.source, "ed_source", container=cols[0])
    draft.locator = cols[1].text_input(
        tr("editor_locator"), draft.locator, key="ed_locator", placeholder=tr("editor_locator_placeholder")
    )
    with st.expander(tr("editor_new_source")):
        citation = st.text_input(tr("editor_source_citation"), key="ed_new_source_citation")
        cols = row([2, 1, 2])
        publisher = cols[0].text_input(tr("editor_source_publisher"), key="ed_new_source_publisher")
        year = cols[1].number_input(tr("editor_source_year"), 1880, 2100, value=None, step=1, key="ed_new_source_year")
        url = cols[2].text_input(tr("editor_source_url"), key="ed_new_source_url", placeholder="https://")
        if st.button(
            tr("editor_add_source"), key="ed_add_source", disabled=not (citation.strip() and publisher.strip())
        ):
            added = editor.add_source(draft, held, citation, publisher, int(year) if year else None, url)
            draft.source = draft.source or added.id
            st.session_state.pop("ed_source", None)
            st.rerun()
    for new_source in draft.new_sources:
        st.caption(tr("editor_declared_source", source=md(sources.get(new_source.id, new_source.id))))
    st.markdown(f"**{tr('editor_levels')}**")
    cols = row([2, 1])
    draft.levels = cols[0].multiselect(
        tr("editor_levels_pick"),
        list(LEVEL_IDS),
        default=draft.levels,
        format_func=lambda lv: level_short(lv, L),
        key="ed_levels",
    )
    draft.levels_status = cols[1].radio(
        tr("editor_levels_status"),
        ["stated", "inferred"],
        horizontal=True,
        index=0 if draft.levels_status == "stated" else 1,
        key="ed_levels_status",
        format_func=LABELS.__getitem__,
    )
    if draft.levels_status == "inferred":
        draft.levels_rationale = st.text_area(
            tr("editor_levels_rationale"), draft.levels_rationale, key="ed_levels_rationale"
        )

# ---- mechanisms ------------------------------------------------------------------------------------

functions = sorted(set(FUNCTION_IDS) | set(held.terms.get("function", {})))
st.subheader(tr("editor_mechanisms"))
for number, mechanism in enumerate(list(draft.mechanisms), start=1):
    k = f"ed_m_{mechanism.form_key}"
    with st.container(border=True):
        head = row([5, 1])
        if head[1].button(tr("editor_remove"), key=f"{k}_remove"):
            draft.mechanisms.remove(mechanism)
            st.rerun()
        mechanism.label = st.text_input(tr("editor_mechanism_label"), mechanism.label, key=f"{k}_label")
        # Drawn above the label's field, with the label just typed.
        head[0].markdown(f"**{tr('editor_mechanism_n', n=number)}** · {md(mechanism.label or mechanism.id)}")
        cols = row(2)
        mechanism.levels = cols[0].multiselect(
            tr("editor_mechanism_levels"),
            list(LEVEL_IDS),
            default=mechanism.levels,
            format_func=lambda lv: level_short(lv, L),
            key=f"{k}_levels",
        )
        mechanism.functions = cols[1].multiselect(
            tr("editor_mechanism_functions"),
            picked(functions, mechanism.functions),
            default=mechanism.functions,
            format_func=spaced,
            key=f"{k}_functions",
        )
        mechanism.description_en = st.text_area(
            tr("editor_description_en"), mechanism.description_en, key=f"{k}_description_en", height=80
        )
        chosen_actors = st.multiselect(
            tr("editor_mechanism_actors"),
            picked(list(actors), [r.actor for r in mechanism.actors]),
            format_func=name_of(actors),
            default=[r.actor for r in mechanism.actors],
            key=f"{k}_actors",
            placeholder=tr("editor_search"),
        )
        roles = {r.actor: r.role for r in mechanism.actors}
        mechanism.actors = []
        for actor in chosen_actors:
            role = st.text_input(
                tr("editor_actor_role", actor=md(actors.get(actor, actor))),
                roles.get(actor, ""),
                key=f"{k}_role_{actor}",
            )
            mechanism.actors.append(editor.MechanismActorRow(actor, role))
        mechanism.agreements = st.multiselect(
            tr("editor_mechanism_agreements"),
            picked(list(agreements), mechanism.agreements),
            default=mechanism.agreements,
            format_func=name_of(agreements),
            key=f"{k}_agreements",
            placeholder=tr("editor_search"),
        )
        cols = row([3, 2])
        mechanism.source = source_picker(
            tr("editor_cited_source"), mechanism.source, f"{k}_source", optional=True, container=cols[0]
        )
        mechanism.locator = cols[1].text_input(tr("editor_locator"), mechanism.locator, key=f"{k}_locator")
if st.button(tr("editor_add_mechanism"), key="ed_add_mechanism", icon=":material/add:"):
    editor.add_mechanism(draft, held)
    st.rerun()

with st.expander(tr("editor_new_actor"), expanded=False):
    st.caption(tr("editor_new_actor_caption"))
    cols = row([3, 2, 2, 2])
    actor_name = cols[0].text_input(tr("editor_actor_name"), key="ed_new_actor_name")
    actor_kind = cols[1].selectbox(
        tr("editor_actor_kind"),
        sorted(ACTOR_KINDS, key=lambda kd: kind_label(kd, L)),
        format_func=lambda kd: kind_label(kd, L),
        key="ed_new_actor_kind",
    )
    actor_scope = cols[2].selectbox(
        tr("editor_actor_scope"),
        list(ACTOR_SCOPES),
        index=ACTOR_SCOPES.index("national"),
        format_func=spaced,
        key="ed_new_actor_scope",
    )
    actor_country = cols[3].selectbox(
        tr("editor_actor_country"),
        ["", *COUNTRIES],
        key="ed_new_actor_country",
        format_func=lambda c: country_name(c, L) if c else "—",
    )
    if st.button(tr("editor_add_actor"), key="ed_add_actor", disabled=not actor_name.strip()):
        new_actor = editor.add_actor(draft, held, actor_name, str(actor_kind), str(actor_country or ""))
        new_actor.scope = str(actor_scope)
        st.rerun()
for new_actor in list(draft.new_actors):
    cols = row([5, 1])
    cols[0].caption(
        tr(
            "editor_declared_actor",
            actor=md(actors.get(new_actor.id, new_actor.id)),
            kind=md(kind_label(new_actor.kind, L)),
        )
    )
    if cols[1].button(tr("editor_remove"), key=f"ed_a_{new_actor.form_key}_remove"):
        draft.new_actors.remove(new_actor)
        st.rerun()

# ---- evidence ---------------------------------------------------------------------------------------

st.subheader(tr("editor_evidence"))
categories = sorted(held.slugs.get("evidence-category", set()) | {e.category for e in draft.evidence if e.category})
mechanism_ids = [m.id for m in draft.mechanisms]
for number, item in enumerate(list(draft.evidence), start=1):
    k = f"ed_e_{item.form_key}"
    with st.container(border=True):
        head = row([5, 1])
        head[0].markdown(f"**{tr('editor_evidence_n', n=number)}**")
        if head[1].button(tr("editor_remove"), key=f"{k}_remove"):
            draft.evidence.remove(item)
            st.rerun()
        cols = row([1, 2, 2])
        item.kind = cols[0].radio(
            tr("editor_evidence_kind"),
            ["benefit", "cost"],
            horizontal=True,
            key=f"{k}_kind",
            index=0 if item.kind == "benefit" else 1,
            format_func=LABELS.__getitem__,
        )
        category = cols[1].selectbox(
            tr("editor_evidence_category"),
            categories,
            key=f"{k}_category",
            index=categories.index(item.category) if item.category in categories else None,
            accept_new_options=True,
            format_func=spaced,
            placeholder=tr("editor_category_placeholder"),
        )
        item.category = editor.as_slug(str(category)) if category else ""
        options = ["", *mechanism_ids]
        item.mechanism = str(
            cols[2].selectbox(
                tr("editor_evidence_mechanism"),
                options,
                key=f"{k}_mechanism",
                index=options.index(item.mechanism) if item.mechanism in options else 0,
                format_func=lambda m: next((x.label or m for x in draft.mechanisms if x.id == m), "—") if m else "—",
            )
            or ""
        )
        item.description_en = st.text_area(
            tr("editor_description_en"), item.description_en, key=f"{k}_description_en", height=80
        )
        cols = row([3, 2])
        item.source = source_picker(
            tr("editor_cited_source"), item.source, f"{k}_source", optional=True, container=cols[0]
        )
        item.locator = cols[1].text_input(tr("editor_locator"), item.locator, key=f"{k}_locator")
if st.button(tr("editor_add_evidence"), key="ed_add_evidence", icon=":material/add:"):
    editor.add_evidence(draft, held)
    st.rerun()

# ---- checks, preview, save ------------------------------------------------------------------------

st.divider()
problems = editor.check_draft(draft, held)
errors = [p for p in problems if p.severity == "error"]
if problems:
    st.markdown(f"**{tr('editor_problems', errors=len(errors), warnings=len(problems) - len(errors))}**")
    for problem in problems:
        where = " — ".join(md(part) for part in (problem.place, problem.field) if part)
        text = f"{where}: {md(problem.message)}" if where else md(problem.message)
        (st.error if problem.severity == "error" else st.warning)(text)
else:
    st.success(tr("editor_ready"))
with st.expander(tr("editor_yaml")):
    st.code(editor.draft_yaml(draft), language="yaml")

actions = row(2)
if actions[0].button(tr("editor_save"), type="primary", key="ed_save", disabled=bool(errors)):
    st.session_state[CONFIRM] = True
if errors:
    st.session_state.pop(CONFIRM, None)
    st.caption(tr("editor_fix_first"))
if st.session_state.get(CONFIRM) and not errors:
    with st.container(border=True):
        st.markdown(f"**{tr('editor_preview')}**")
        changes = guarded(lambda: editor.preview_draft(store, draft, held))
        if changes is None:
            st.caption(tr("editor_fix_first"))
        elif not changes:
            st.info(tr("editor_no_change"))
        else:
            table = pd.DataFrame(
                [
                    {
                        tr("editor_col_action"): tr(f"editor_action_{c['action']}"),
                        tr("editor_col_kind"): c["kind"],
                        tr("editor_col_id"): c["id"],
                        tr("editor_col_fields"): ", ".join(str(f["field"]) for f in c.get("fields") or []),
                    }
                    for c in changes
                ]
            )
            st.dataframe(table, hide_index=True, key="ed_preview_table")
        if st.button(tr("editor_confirm"), type="primary", key="ed_confirm"):
            try:
                result = editor.save_draft(store, draft, held)
            except CaseValidationError as exc:
                st.error(tr("editor_refused", errors=len(exc.problems)))
                for problem in exc.problems:
                    st.error(md(str(problem.message)))
            except CoordregError as exc:
                report(exc)
            else:
                clear_results()
                for key in [k for k in st.session_state if str(k).startswith("ed_")]:
                    del st.session_state[key]
                for key in (DRAFT, FOR, HELD, CONFIRM):
                    st.session_state.pop(key, None)
                st.session_state[SAVED] = {"practice": result.practice_id, "where": result.shown}
                st.query_params["practice"] = result.practice_id
                st.rerun()
if actions[1].button(tr("editor_discard"), key="ed_discard"):
    for key in (DRAFT, CONFIRM):
        st.session_state.pop(key, None)
    st.rerun()
