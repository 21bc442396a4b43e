"""Training: a guided tour to project in a workshop, and a self-check exercise.

The tour's step is in the URL (``?step=meso``, ``?step=arg-intercosecha``), so a trainer can open a step
directly; presenter mode (``?present=1``) hides the menu, enlarges the text and takes ← and → for the steps.
"""

from __future__ import annotations

import random

import networkx as nx
import streamlit as st

from app_pages.common import answer_once, fitted_table, frame, header, kept, lang, link, link_to, table_page, tr
from app_pages.network_parts import centrality_table
from registry.app_support import actor_view, network_view, training, views
from registry.app_support.i18n import level_short, localized, network_legend_names, network_page_text, option_formatter

#: The matrix's width in the tour's left column at 1280 px.
TOUR_MATRIX_PX = 390
#: Projected at 1024×768: no menu, larger type, the page's full width.
PRESENTER_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 1rem 2rem 2rem; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: 1.25rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.4rem; }
[data-testid="stMainBlockContainer"] h4 { font-size: 1.5rem; }
</style>"""

L = lang()  # the interface language of this run
deep = link()
presenting = st.toggle(tr("presenter"), value=deep.get("present") == "1", key="tour_present", help=tr("presenter_help"))
if presenting:
    st.html(PRESENTER_CSS)
    st.query_params["present"] = "1"
else:
    st.query_params.pop("present", None)
header("training_title", None if presenting else "training_intro")

levels = frame("app_levels")
titles_frame = frame("app_practice_titles")
titles = views.title_lookup(titles_frame, L)
matrix = frame("typology_matrix")
steps = training.tour_steps(levels, titles_frame)

# A step named in the URL (a shared link, the browser's back button) wins over the step of this session, except
# on a run that Previous or Next asked for: its URL may still name the step before the last one (the click left
# the browser before the last run's new URL reached it, as when ← → are pressed quickly on a slow server), and
# taking it would move the tour back.
wanted = training.step_of(steps, deep.get("step"))
moved = st.session_state.pop("_tour_moved", False)
if wanted is not None and not moved and st.session_state.get("_synced_step") != deep.get("step"):
    st.session_state["tour_step"] = wanted


def move(delta: int) -> None:
    st.session_state["tour_step"] = training.clamp(st.session_state.get("tour_step", 0) + delta, steps)
    st.session_state["_tour_moved"] = True


def network_page(graph: nx.MultiGraph, height: int, keep: frozenset[str] = frozenset()) -> str:
    # A level of a registry of thousands of actors is drawn by its largest ones, the ``keep`` ones always.
    graph = actor_view.with_tooltips(actor_view.most_important(graph, keep=set(keep)), L)
    return network_view.render_html(
        graph,
        network_page_text(L, tr("nav_network")),
        legend=network_view.legend_items(graph, network_legend_names(L)),
        height=height,
    )


def level_network_page(level: str, height: int) -> str:
    """A level step's drawing, kept per registry version, level and language: at 10,000 practices a level's ties
    took seconds and ~130 MiB to read and measure, on every run of the step."""

    def build() -> str:
        ties = answer_once("actor_network", level=level)
        # actor_centrality's measures of the same ties (its own projection would run the same Cypher again).
        measures = centrality_table(ties)
        # The ties among the actors drawn only (a level of 10,000 practices holds tens of thousands).
        drawn = actor_view.largest_actors(ties, measures, "betweenness")
        return network_page(actor_view.display_graph(ties, measures, L, tooltips=False, among=drawn), height)

    return kept("tour_level_network", build, level=level, lang=L, height=height)


def practice_lesson(practice: str) -> None:
    """The practice's mechanisms in three columns, one per level: actors, why at that level, and where."""
    levels_table = frame("practice_levels", practice=practice)
    descriptions = {str(r["mechanism_id"]): r for r in views.records(frame("app_level_exercise"))}
    lessons = training.practice_lessons(levels_table, descriptions, frame("practice_sources", practice=practice),
                                        frame("practice_claims", practice=practice), L)  # fmt: skip
    st.markdown(f"**{tr('tour_lesson')}**")
    for level, column in zip(views.LEVELS, st.columns(len(views.LEVELS)), strict=True):
        with column.container(border=True):
            st.markdown(f"#### {level_short(level, L)}")
            for lesson in lessons.get(level, []):
                mark = f" {views.INFERRED_MARK}" if lesson.inferred else ""
                st.markdown(f"**{views.md(lesson.label)}**{mark}")
                if lesson.actors:
                    st.caption(tr("tour_actors", actors=views.md(", ".join(lesson.actors))))
                if lesson.also:
                    st.caption(tr("tour_also", levels=", ".join(level_short(other, L) for other in lesson.also)))
                st.markdown(views.md(lesson.reason))
                if lesson.locator:
                    st.caption(tr("tour_where", locator=views.md(lesson.locator)))
            if level not in lessons:
                st.caption(tr("tour_no_mechanism"))


tour, exercise = st.tabs([tr("tour_tab"), tr("exercise_tab")])

with tour:
    index = training.clamp(st.session_state.get("tour_step", 0), steps)
    step = steps[index]
    st.query_params["step"] = step.id
    st.session_state["_synced_step"] = step.id
    nav = st.columns([1, 3, 1])
    nav[0].button(tr("previous"), on_click=move, args=(-1,), disabled=index == 0, key="tour_previous",
                  use_container_width=True, shortcut="Left")  # fmt: skip
    nav[1].progress((index + 1) / len(steps), text=tr("step_of", step=index + 1, steps=len(steps)))
    nav[2].button(tr("next"), on_click=move, args=(1,), disabled=index == len(steps) - 1, key="tour_next",
                  use_container_width=True, shortcut="Right")  # fmt: skip

    # Beside a network: the title and the levels only (countries and collection are on the overview).
    table = views.matrix_table(matrix, titles, L).drop(columns=[tr("col_countries"), tr("col_collection")])
    network_height = 360 if presenting else 460
    if step.kind == "level":
        name, definition = training.level_text(levels, step.id, L)
        st.header(views.md(name))
        st.markdown(f"#### {views.md(definition)}")
        row = levels[levels["level"] == step.id].iloc[0]
        st.caption(tr("level_counts", mechanisms=int(row["mechanisms"]), practices=int(row["practices"])))
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{tr('matrix_title')}**")
            # A page of the matrix styled, not the whole: a Styler is drawn whole, and styling every row of
            # 10,000 practices took most of the page's time and ~250 MiB of the app's memory.
            rows = table_page(table, key="tour_matrix", name="coordreg-tour-matrix").rows
            fitted_table(
                rows, tr("col_practice"), views.level_columns(L), key="tour_matrix", fixed=views.mark_widths(L),
                shown=rows.style.apply(lambda _: views.matrix_styles(rows, L, highlight_level=step.id), axis=None),
                page_px=TOUR_MATRIX_PX, max_height=network_height + 100,
            )  # fmt: skip
        with right:
            st.markdown(f"**{tr('tour_level_network', level=level_short(step.id, L))}**")
            st.iframe(level_network_page(step.id, network_height), height="content")
    else:
        detail = frame("practice_detail", practice=step.id)
        record = (views.records(detail) or [{}])[0]
        st.header(views.md(titles.get(step.id, step.id)))
        involved = matrix[matrix["practice_id"] == step.id]
        if len(involved):
            marks = [level_short(v, L) for v in views.LEVELS if bool(involved.iloc[0][v])]
            st.markdown(tr("tour_levels", levels=", ".join(marks) or "—"))
        if not presenting:
            st.markdown(views.md(localized(record, "summary", L)))
        practice_lesson(step.id)
        left, right = st.columns(2)
        with left:
            # Only the rows around this practice: it stays in view however far the tour has gone.
            window, first, last = training.matrix_window(table, step.id)
            st.markdown(f"**{tr('matrix_title')}**")
            fitted_table(
                window, tr("col_practice"), views.level_columns(L), key="tour_matrix", fixed=views.mark_widths(L),
                shown=window.style.apply(lambda _: views.matrix_styles(window, L, highlight_practice=step.id),
                                         axis=None),
                page_px=TOUR_MATRIX_PX,
            )  # fmt: skip
            st.caption(tr("tour_matrix_rows", first=first, last=last, total=len(table)))
        with right:
            st.markdown(f"**{tr('tour_practice_network')}**")
            mine = actor_view.actors_in(frame("actor_network", practice=step.id))
            ties, measures = frame("actor_network"), frame("actor_centrality")
            drawn = actor_view.largest_actors(ties, measures, "betweenness", keep=mine)
            everyone = actor_view.display_graph(ties, measures, L, tooltips=False, among=drawn)
            st.iframe(network_page(actor_view.highlight(everyone, mine), network_height, frozenset(mine)),
                      height="content")  # fmt: skip
        link_to("practices", tr("go_practice"), practice=step.id)

with exercise:
    st.markdown(tr("exercise_intro"))
    st.session_state.setdefault("exercise_seed", random.SystemRandom().randrange(1_000_000))
    if st.button(tr("exercise_new"), key="exercise_new"):
        st.session_state["exercise_seed"] = random.SystemRandom().randrange(1_000_000)
        st.session_state.pop("exercise_checked", None)
    items = training.exercise_items(frame("app_level_exercise"), st.session_state["exercise_seed"])
    checked = bool(st.session_state.get("exercise_checked"))

    def answer_key(mechanism: object) -> str:
        return f"exercise_{st.session_state['exercise_seed']}_{mechanism}"

    marked = {}
    if checked:
        chosen_now = {str(r["mechanism_id"]): st.session_state.get(answer_key(r["mechanism_id"])) for r in
                      views.records(items)}  # fmt: skip
        marked = {f.mechanism_id: f for f in training.mark(items, chosen_now)}
    answers: dict[str, str | None] = {}
    with st.form("exercise_form"):
        for number, item in enumerate(views.records(items), start=1):
            practice_title = titles.get(item["practice_id"], item["practice_id"])
            question, feedback = st.columns([3, 2], gap="medium")
            with question:
                label = training.exercise_label(item, L)
                st.markdown(f"**{number}\\. {views.md(label)}** — _{views.md(practice_title)}_")
                st.caption(views.md(training.exercise_hint(localized(item, "description", L))))
                answers[item["mechanism_id"]] = st.radio(
                    tr("exercise_question"), list(views.LEVELS), index=None, horizontal=True,
                    format_func=option_formatter(L, kind="level"),
                    key=answer_key(item["mechanism_id"]),
                )  # fmt: skip
            result = marked.get(str(item["mechanism_id"]))
            if result is not None:
                # Beside its question: right or wrong, why the registry says so, and the source passage.
                with feedback:
                    answer = level_short(result.answer, L)
                    if result.correct:
                        st.success(tr("exercise_right", number=number, level=answer), icon=":material/check_circle:")
                    elif result.chosen is None:
                        st.info(tr("exercise_unanswered", number=number, level=answer), icon=":material/remove:")
                    else:
                        st.error(tr("exercise_wrong", number=number, chosen=level_short(result.chosen, L),
                                    level=answer), icon=":material/cancel:")  # fmt: skip
                    st.markdown(tr("exercise_reason", reason=views.md(training.feedback_reason(item, L))))
                    locators = training.mechanism_locators(frame("practice_sources", practice=item["practice_id"]))
                    if locators.get(str(item["mechanism_id"])):
                        st.caption(tr("exercise_passage", locator=views.md(locators[str(item["mechanism_id"])])))
        submitted = st.form_submit_button(tr("exercise_check"))
    if submitted and not checked:
        st.session_state["exercise_checked"] = True
        st.rerun()  # draw the feedback beside each question
    if checked:
        right_count, total = training.score(list(marked.values()))
        st.subheader(tr("exercise_score", right=right_count, total=total))
        st.caption(tr("exercise_source"))
