"""Training: a guided tour to project in a workshop, and a self-check exercise."""

from __future__ import annotations

import random

import networkx as nx
import streamlit as st

from app_pages.common import fitted_table, frame, header, lang, link_to, tr
from registry.app_support import actor_view, network_view, training, views
from registry.app_support.i18n import level_short, localized, network_legend_names, network_page_text, option_formatter

#: The matrix's width in the tour's left column at 1280 px.
TOUR_MATRIX_PX = 390

header("training_title", "training_intro")
L = lang()  # the interface language of this run

levels = frame("app_levels")
titles_frame = frame("app_practice_titles")
titles = views.title_lookup(titles_frame, L)
matrix = frame("typology_matrix")
steps = training.tour_steps(levels, titles_frame)


def move(delta: int) -> None:
    st.session_state["tour_step"] = training.clamp(st.session_state.get("tour_step", 0) + delta, steps)


def draw_network(graph: nx.MultiGraph, height: int = 460) -> None:
    st.iframe(
        network_view.render_html(
            graph,
            network_page_text(L, tr("nav_network")),
            legend=network_view.legend_items(graph, network_legend_names(L)),
            height=height,
        ),
        height="content",
    )


tour, exercise = st.tabs([tr("tour_tab"), tr("exercise_tab")])

with tour:
    index = training.clamp(st.session_state.get("tour_step", 0), steps)
    step = steps[index]
    nav = st.columns([1, 3, 1])
    nav[0].button(tr("previous"), on_click=move, args=(-1,), disabled=index == 0, key="tour_previous",
                  use_container_width=True)  # fmt: skip
    nav[1].progress((index + 1) / len(steps), text=tr("step_of", step=index + 1, steps=len(steps)))
    nav[2].button(tr("next"), on_click=move, args=(1,), disabled=index == len(steps) - 1, key="tour_next",
                  use_container_width=True)  # fmt: skip

    # Beside a network: the title and the levels only (countries and collection are on the overview).
    table = views.matrix_table(matrix, titles, L).drop(columns=[tr("col_countries"), tr("col_collection")])
    if step.kind == "level":
        name, definition = training.level_text(levels, step.id, L)
        st.header(views.md(name))
        st.markdown(f"#### {views.md(definition)}")
        row = levels[levels["level"] == step.id].iloc[0]
        st.caption(tr("level_counts", mechanisms=int(row["mechanisms"]), practices=int(row["practices"])))
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{tr('matrix_title')}**")
            fitted_table(
                table, tr("col_practice"), views.level_columns(L), key="tour_matrix", fixed=views.mark_widths(L),
                shown=table.style.apply(lambda _: views.matrix_styles(table, L, highlight_level=step.id), axis=None),
                page_px=TOUR_MATRIX_PX, max_height=560,
            )  # fmt: skip
        with right:
            st.markdown(f"**{tr('tour_level_network', level=level_short(step.id, L))}**")
            ties = frame("actor_network", level=step.id)
            draw_network(actor_view.display_graph(ties, frame("actor_centrality", level=step.id), L))
    else:
        detail = frame("practice_detail", practice=step.id)
        record = (views.records(detail) or [{}])[0]
        st.header(views.md(titles.get(step.id, step.id)))
        involved = matrix[matrix["practice_id"] == step.id]
        if len(involved):
            marks = [level_short(v, L) for v in views.LEVELS if bool(involved.iloc[0][v])]
            st.markdown(tr("tour_levels", levels=", ".join(marks) or "—"))
        st.markdown(views.md(localized(record, "summary", L)))
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{tr('matrix_title')}**")
            fitted_table(
                table, tr("col_practice"), views.level_columns(L), key="tour_matrix", fixed=views.mark_widths(L),
                shown=table.style.apply(lambda _: views.matrix_styles(table, L, highlight_practice=step.id), axis=None),
                page_px=TOUR_MATRIX_PX, max_height=560,
            )  # fmt: skip
        with right:
            st.markdown(f"**{tr('tour_practice_network')}**")
            everyone = actor_view.display_graph(frame("actor_network"), frame("actor_centrality"), L)
            mine = actor_view.actors_in(frame("actor_network", practice=step.id))
            draw_network(actor_view.highlight(everyone, mine))
        link_to("practices", tr("go_practice"), practice=step.id)

with exercise:
    st.markdown(tr("exercise_intro"))
    st.session_state.setdefault("exercise_seed", random.SystemRandom().randrange(1_000_000))
    if st.button(tr("exercise_new"), key="exercise_new"):
        st.session_state["exercise_seed"] = random.SystemRandom().randrange(1_000_000)
        st.session_state.pop("exercise_checked", None)
    items = training.exercise_items(frame("app_level_exercise"), st.session_state["exercise_seed"])
    answers: dict[str, str | None] = {}
    with st.form("exercise_form"):
        for number, item in enumerate(views.records(items), start=1):
            practice_title = titles.get(item["practice_id"], item["practice_id"])
            st.markdown(f"**{number}\\. {views.md(item['label'])}** — _{views.md(practice_title)}_")
            st.caption(views.md(training.exercise_hint(localized(item, "description", L))))
            answers[item["mechanism_id"]] = st.radio(
                tr("exercise_question"), list(views.LEVELS), index=None, horizontal=True,
                format_func=option_formatter(L, kind="level"),
                key=f"exercise_{st.session_state['exercise_seed']}_{item['mechanism_id']}",
            )  # fmt: skip
        checked = st.form_submit_button(tr("exercise_check"))
    if checked:
        st.session_state["exercise_checked"] = True
    if st.session_state.get("exercise_checked"):
        feedback = training.mark(items, answers)
        right_count, total = training.score(feedback)
        st.subheader(tr("exercise_score", right=right_count, total=total))
        for number, result in enumerate(feedback, start=1):
            answer = level_short(result.answer, L)
            if result.correct:
                st.success(tr("exercise_right", number=number, level=answer), icon=":material/check_circle:")
            elif result.chosen is None:
                st.info(tr("exercise_unanswered", number=number, level=answer), icon=":material/remove:")
            else:
                st.error(tr("exercise_wrong", number=number, chosen=level_short(result.chosen, L),
                            level=answer), icon=":material/cancel:")  # fmt: skip
        st.caption(tr("exercise_source"))
