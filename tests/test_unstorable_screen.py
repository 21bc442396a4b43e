"""The quick screen before the field-by-field check of values no store can hold (registry/loading.py).

The screen may send a case to the walk for nothing, never let a fault through: each fault, anywhere in a case,
makes it say True, and a clean case makes it say False (else the speed-up would be lost)."""

from __future__ import annotations

import gc
import math

import pytest

from loaders import read_bundle
from registry.errors import CoordregError
from registry.loading import _may_hold_unstorable, _unstorable, load_paths, seed_registry_path
from registry.schema.model import CaseFile


@pytest.fixture(scope="module")
def seed_cases() -> list[CaseFile]:
    bundle, problems = read_bundle([seed_registry_path()])
    assert not [p for p in problems if p.severity == "error"]
    return [located.case for located in bundle.files]


def test_clean_cases_pass_the_screen_and_the_walk_agrees(seed_cases: list[CaseFile]) -> None:
    assert len(seed_cases) > 20
    for case in seed_cases:
        assert not list(_unstorable(case, []))
        assert not _may_hold_unstorable(case)


def _with_figure(cases: list[CaseFile]) -> CaseFile:
    return next(c for c in cases if c.practice is not None and any(e.figures for e in c.evidence))


@pytest.mark.parametrize("fault", ["nan", "inf", "-inf", "nul", "surrogate"])
def test_each_fault_deep_in_a_case_is_caught(seed_cases: list[CaseFile], fault: str) -> None:
    case = _with_figure(seed_cases).model_copy(deep=True)
    evidence = next(e for e in case.evidence if e.figures)
    figure = evidence.figures[0]
    if fault in {"nan", "inf", "-inf"}:
        figure.value = float(fault)
        assert not math.isfinite(figure.value)
    elif fault == "nul":
        figure.unit = "per\x00son"
    else:
        figure.unit = "per\ud800son"
    assert _may_hold_unstorable(case)
    found = list(_unstorable(case, []))
    assert len(found) == 1
    assert found[0][1] in {"value", "unit"}


def test_a_text_that_only_looks_like_a_nul_escape_is_walked_and_passes(seed_cases: list[CaseFile]) -> None:
    case = _with_figure(seed_cases).model_copy(deep=True)
    next(e for e in case.evidence if e.figures).figures[0].unit = "per \\u0000 person"
    assert _may_hold_unstorable(case)  # sent to the walk, which finds nothing wrong
    assert not list(_unstorable(case, []))


def test_a_load_pauses_the_collector_and_turns_it_on_again(store) -> None:  # type: ignore[no-untyped-def]
    """load_paths runs with the cycle collector off (a speed-up at 10,000 cases) and leaves it as it found it,
    also when the load fails; the app and the CLI run on after a load."""
    seen: list[bool] = []
    assert gc.isenabled()
    load_paths(store, [seed_registry_path()], on_progress=lambda done, total: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()
    with pytest.raises(CoordregError):
        load_paths(store, [seed_registry_path() / "no-such-folder"])
    assert gc.isenabled()
