"""The model diagram: an SVG written from the schema, byte for byte the same on every run.

Labels sit at fixed places chosen so that no line crosses a box; a label the
schema gains later goes in a spare row at the bottom, so the picture never
silently loses it. ``CITES`` relationships to ``Source`` are not drawn one by
one (seven lines converging on one box would hide everything else): each
label that has them carries a § mark, and the caption says what it means.
A relationship from a label to itself (an actor ``PART_OF`` another) is a
loop under its box, the loops side by side.
The file needs no script, font or stylesheet from anywhere.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from registry.schema.graph import NODE_LABELS, RELATIONSHIPS

WIDTH = 1060
HEIGHT = 580
BOX_W = 130
BOX_H = 36

# Centres of the boxes: practice on top, what it owns in the middle row, what they point at below.
PLACES: dict[str, tuple[int, int]] = {
    "Instrument": (170, 60),
    "Practice": (600, 60),
    "Benefit": (960, 60),
    "LevelClaim": (90, 240),
    "Evidence": (270, 240),
    "Mechanism": (480, 240),
    "Agreement": (880, 240),
    "Level": (90, 420),
    "Function": (330, 420),
    "Population": (620, 420),
    "Actor": (880, 420),
    "Source": (600, 530),
}
SPARE_ROW_Y = 530
CITED = "Source"
# Where a relationship's name sits along its line (0 = start, 1 = end), when the middle is crowded.
LABEL_AT: dict[tuple[str, str, str], float] = {
    ("Practice", "TARGETS", "Population"): 0.85,
    ("Practice", "DOCUMENTED_BY", "Actor"): 0.72,
    ("Practice", "HAS_CLAIM", "LevelClaim"): 0.72,
    ("Practice", "HAS_EVIDENCE", "Evidence"): 0.4,
    ("Mechanism", "USES", "Agreement"): 0.42,
    ("Mechanism", "INVOLVES", "Actor"): 0.6,
    ("Mechanism", "REACHES", "Population"): 0.35,
    ("Mechanism", "AT_LEVEL", "Level"): 0.35,
}


def _places() -> dict[str, tuple[int, int]]:
    places = {label: PLACES[label] for label in NODE_LABELS if label in PLACES}
    spare = [label for label in NODE_LABELS if label not in PLACES]
    for index, label in enumerate(spare):
        places[label] = (90 + index * (BOX_W + 30), SPARE_ROW_Y)
    return places


def _border(centre: tuple[float, float], towards: tuple[float, float]) -> tuple[float, float]:
    """Where the line from ``centre`` to ``towards`` leaves the box around ``centre``."""
    dx, dy = towards[0] - centre[0], towards[1] - centre[1]
    if dx == 0 and dy == 0:
        return centre
    scale = min(
        (BOX_W / 2 + 2) / abs(dx) if dx else math.inf,
        (BOX_H / 2 + 2) / abs(dy) if dy else math.inf,
    )
    return centre[0] + dx * scale, centre[1] + dy * scale


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


LOOP_SPACING = 80  # between the centres of two loops under one box
LOOP_DEPTH = 48  # how far below the box a loop reaches


def _loop(centre: tuple[int, int], index: int, rel_type: str) -> tuple[str, str]:
    """A loop under the box at ``centre`` (the ``index``-th of that box), and its name under it."""
    mid = centre[0] - LOOP_SPACING / 2 + index * LOOP_SPACING
    bottom = centre[1] + BOX_H / 2 + 2
    start, end = mid - 15, mid + 15
    path = (
        f'<path d="M {_n(start)} {_n(bottom)} C {_n(start - 20)} {_n(bottom + LOOP_DEPTH)} '
        f'{_n(end + 20)} {_n(bottom + LOOP_DEPTH)} {_n(end)} {_n(bottom)}" fill="none" stroke="#555" '
        'stroke-width="1.4" marker-end="url(#arrow)"/>'
    )
    name = (
        f'<text x="{_n(mid)}" y="{_n(bottom + LOOP_DEPTH + 8)}" font-size="11" text-anchor="middle" fill="#1a237e" '
        f'stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(rel_type)}</text>'
    )
    return path, name


def svg() -> str:
    places = _places()
    cites = {s for s, t, d in RELATIONSHIPS if t == "CITES" and d == CITED}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        'role="img" aria-labelledby="model-title" font-family="sans-serif">',
        '<title id="model-title">coordreg graph model: node labels and relationship types</title>',
        "<defs>",
        '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker>',
        "</defs>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    names = []
    loops: dict[str, int] = {}
    for rel in RELATIONSHIPS:
        source, rel_type, target = rel
        if rel_type == "CITES" and target == CITED:
            continue
        if source == target:
            index = loops[source] = loops.get(source, -1) + 1
            line, name = _loop(places[source], index, rel_type)
            out.append(line)
            names.append(name)
            continue
        a, b = places[source], places[target]
        start, end = _border(a, b), _border(b, a)
        out.append(
            f'<line x1="{_n(start[0])}" y1="{_n(start[1])}" x2="{_n(end[0])}" y2="{_n(end[1])}" '
            'stroke="#555" stroke-width="1.4" marker-end="url(#arrow)"/>'
        )
        at = LABEL_AT.get(rel, 0.5)
        x, y = start[0] + (end[0] - start[0]) * at, start[1] + (end[1] - start[1]) * at
        names.append(
            f'<text x="{_n(x)}" y="{_n(y - 4)}" font-size="11" text-anchor="middle" fill="#1a237e" '
            f'stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(rel_type)}</text>'
        )
    out += names  # names over every line, so no line strikes through one
    for label in NODE_LABELS:
        x, y = places[label]
        fill = "#e8eaf6" if label != CITED else "#fff8e1"
        out.append(
            f'<rect x="{_n(x - BOX_W / 2)}" y="{_n(y - BOX_H / 2)}" width="{BOX_W}" height="{BOX_H}" rx="6" '
            f'fill="{fill}" stroke="#3949ab" stroke-width="1.5"/>'
        )
        mark = " §" if label in cites else ""
        out.append(
            f'<text x="{_n(x)}" y="{_n(y + 5)}" font-size="14" text-anchor="middle" fill="#000">'
            f"{escape(label)}{mark}</text>"
        )
    if CITED in places:
        x, y = places[CITED]
        out.append(
            f'<text x="{_n(x)}" y="{_n(y + BOX_H / 2 + 16)}" font-size="11" text-anchor="middle" fill="#333">'
            "§ = has CITES relationships to Source, each with the locator of the fact</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
