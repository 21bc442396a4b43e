"""Hardening, item 4: bad case files. Each gets a clear message naming the file
and the place (and the field where there is one), and nothing is written.

(Spreadsheets have their own tests in tests/test_spreadsheet.py.)
"""

from __future__ import annotations

import random
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from hardening_support import MINI_REGISTRY, graph_checksum, run_cli

from registry.errors import CaseValidationError
from registry.loading import load_paths

pytest_plugins = ["hardening_fixtures"]  # the reliability and synthetic fixtures, shared


class BadFile(NamedTuple):
    name: str
    target: str  # the file of the mini registry it replaces, or a new file's name
    content: Callable[[str, Path], bytes | None]  # (alpha.yaml's text, path) -> bytes, or None if written in place
    place: str  # text the problem's place must contain ("" when the file as a whole is wrong)
    field: str  # the field the problem must name ("" when none)
    words: str  # text the message must contain


def _edit(old: str, new: str) -> Callable[[str, Path], bytes]:
    def apply(alpha: str, _: Path) -> bytes:
        assert old in alpha, old
        return alpha.replace(old, new, 1).encode("utf-8")

    return apply


def _text(text: str) -> Callable[[str, Path], bytes]:
    return lambda _alpha, _path: text.encode("utf-8")


def _sparse(size: int) -> Callable[[str, Path], None]:
    def apply(_alpha: str, path: Path) -> None:
        with open(path, "wb") as handle:
            handle.truncate(size)  # instant: no 50 MB is written to disk

    return apply


def _random_bytes(alphabet: range, size: int = 4096) -> Callable[[str, Path], bytes]:
    generator = random.Random(1234)  # the same garbage every run
    return lambda _alpha, _path: bytes(generator.choice(alphabet) for _ in range(size))


def _zip(_alpha: str, path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")


BILLION_LAUGHS = "\n".join(
    ['lol0: &lol0 "lol"']
    + [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]" for i in range(1, 10)]
    + ["practice: *lol9"]
)

BAD_FILES: tuple[BadFile, ...] = (
    # YAML syntax
    BadFile(
        "unclosed-bracket",
        "alpha.yaml",
        _edit("region: Americas", "region: [Americas"),
        "line ",
        "",
        "YAML syntax error",
    ),
    BadFile("tab-indent", "alpha.yaml", _edit("  region: Americas", "\tregion: Americas"), "line 6", "", "'\\t'"),
    BadFile(
        "unterminated-quote",
        "alpha.yaml",
        _edit("region: Americas", 'region: "Americas'),
        "line ",
        "",
        "YAML syntax error",
    ),
    BadFile(
        "bad-indentation",
        "alpha.yaml",
        _edit("  countries: [ARG]", "     countries: [ARG]"),
        "line 5",
        "",
        "YAML syntax error",
    ),
    BadFile(
        "key-without-colon",
        "alpha.yaml",
        _edit("  region: Americas", "  region Americas\n  x"),
        "line ",
        "",
        "YAML syntax error",
    ),
    # wrong types
    BadFile(
        "years-as-words",
        "alpha.yaml",
        _edit("years: [2015]", "years: [twenty]"),
        "practice > years[0]",
        "years",
        "integer",
    ),
    BadFile(
        # One country without brackets is read as a list of one; a section is not a country.
        "countries-as-a-map",
        "alpha.yaml",
        _edit("countries: [ARG]", "countries: {ARG: 1}"),
        "practice",
        "countries",
        "string",
    ),
    BadFile(
        "list-as-a-map",
        "alpha.yaml",
        _edit("populations: [rural-workers]\n  benefits", "populations: {rural-workers: 1}\n  benefits"),
        "practice",
        "populations",
        "list",
    ),
    BadFile(
        "figure-value-as-text",
        "alpha.yaml",
        _edit("value: 10", "value: ten"),
        "evidence[0] (tst-alpha-ev1) > figures[0]",
        "value",
        "number",
    ),
    BadFile(
        "date-as-year",
        "alpha.yaml",
        _edit("years: [2015]", "years: [2015-01-01]"),
        "practice > years[0]",
        "years",
        "integer",
    ),
    BadFile(
        "unknown-level",
        "alpha.yaml",
        _edit("level: meso", "level: mezzo"),
        "mechanisms[1] (tst-alpha-m2)",
        "level",
        "'meso'",
    ),
    # missing and unknown fields
    BadFile(
        "missing-functions",
        "alpha.yaml",
        _edit("    functions: [joint-planning]\n", ""),
        "mechanisms[0] (tst-alpha-m1)",
        "functions",
        "missing",
    ),
    BadFile(
        "missing-actor-kind",
        "alpha.yaml",
        _edit("    kind: social-security-institution\n", ""),
        "actors[0] (tst-agency)",
        "kinds",
        "missing",
    ),
    BadFile(
        "misspelt-field",
        "alpha.yaml",
        _edit("  region: Americas", "  regoin: Americas"),
        "practice",
        "regoin",
        "not a field",
    ),
    # references and ids
    BadFile(
        "dangling-party",
        "alpha.yaml",
        _edit(
            "{actor: tst-ministry, role: signatory}\n      - {actor: tst-agency",
            "{actor: tst-nobody, role: signatory}\n      - {actor: tst-agency",
        ),
        "agreements",
        "actor",
        "tst-nobody",
    ),
    BadFile(
        "dangling-evidence-mechanism",
        "alpha.yaml",
        _edit("mechanism: tst-alpha-m2\n", "mechanism: tst-alpha-m9\n"),
        "evidence",
        "mechanism",
        "tst-alpha-m9",
    ),
    BadFile(
        "dangling-source",
        "alpha.yaml",
        _edit('{source: test-source, locator: "Section 2"}', '{source: no-such-source, locator: "Section 2"}'),
        "practice",
        "source",
        "no-such-source",
    ),
    BadFile(
        "duplicate-mechanism-id",
        "alpha.yaml",
        _edit("id: tst-alpha-m2", "id: tst-alpha-m1"),
        "mechanisms",
        "id",
        "tst-alpha-m1",
    ),
    BadFile(
        "duplicate-actor-across-files",
        "gamma.yaml",
        lambda a, p: (
            b"actors:\n  - {id: tst-agency, name: Again, kind: ministry, scope: national,"
            b" cited: [{source: test-source, locator: Section 9}]}\n"
        ),
        "actors",
        "id",
        "already used in",
    ),
    BadFile(
        "duplicate-top-level-key",
        "alpha.yaml",
        lambda a, p: (a + "practice:\n  id: again\n").encode(),
        "line ",
        "",
        "appears twice",
    ),
    BadFile(
        "duplicate-nested-key",
        "alpha.yaml",
        _edit("    level: macro\n", "    level: macro\n    level: meso\n"),
        "line ",
        "",
        "'level' appears twice",
    ),
    # size, bytes, encodings
    BadFile("fifty-megabytes", "huge.yaml", _sparse(50 * 1024 * 1024), "", "", "52.4 MB"),
    BadFile("binary-garbage", "garbage.yaml", _random_bytes(range(256)), "", "", "not a text file"),
    BadFile("high-bytes-garbage", "garbage.yaml", _random_bytes(range(128, 256)), "line 1, column", "", "not UTF-8"),
    BadFile(
        "png-image", "picture.yaml", lambda a, p: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "", "", "not a text file"
    ),
    BadFile("zip-archive", "workbook.yaml", _zip, "", "", "not a text file"),
    BadFile(
        "latin-1-accents",
        "alpha.yaml",
        lambda a, p: a.replace("Pratique Alpha", "Pratique Été").encode("latin-1"),
        "line 4, column",
        "",
        "Latin-1",
    ),
    BadFile("utf-16", "alpha.yaml", lambda a, p: a.encode("utf-16"), "", "", "UTF-16 text"),
    # YAML features a case file never needs
    BadFile("billion-laughs", "bomb.yaml", _text(BILLION_LAUGHS), "line 2", "", "aliases"),
    BadFile(
        "merge-key",
        "alpha.yaml",
        lambda a, p: (
            "defaults: &d {scope: national}\n" + a.replace("    scope: national\n", "    <<: *d\n", 1)
        ).encode(),
        "line ",
        "",
        "aliases",
    ),
    BadFile(
        "deep-nesting", "deep.yaml", _text("practice: " + "[" * 20_000 + "]" * 20_000), "line 1", "", "levels deep"
    ),
    BadFile(
        "python-tag",
        "evil.yaml",
        _text('practice: !!python/object/apply:os.system ["touch /tmp/coordreg-pwned"]\n'),
        "line 1",
        "",
        "constructor",
    ),
    BadFile("empty-file", "empty.yaml", _text(""), "(top level)", "", "must be a mapping"),
    BadFile("top-level-list", "list.yaml", _text("- practice\n- actors\n"), "(top level)", "", "must be a mapping"),
)


def _bad_registry(tmp_path: Path, bad: BadFile) -> Path:
    cases = tmp_path / "cases"
    shutil.copytree(MINI_REGISTRY, cases)
    target = cases / bad.target
    alpha = (MINI_REGISTRY / "alpha.yaml").read_text(encoding="utf-8")
    content = bad.content(alpha, target)
    if content is not None:
        target.write_bytes(content)
    return target


def test_the_catalogue_of_bad_files_is_distinct():
    assert len({b.name for b in BAD_FILES}) == len(BAD_FILES) >= 30


@pytest.mark.parametrize("bad", BAD_FILES, ids=lambda b: b.name)
def test_bad_file_is_named_with_its_place_and_nothing_is_written(mini_graph, mini_checksum, tmp_path, bad, reliability):
    reliability.add("inputs_tried", "bad case file")
    target = _bad_registry(tmp_path, bad)
    with pytest.raises(CaseValidationError) as info:
        load_paths(mini_graph, [target.parent])
    ours = [p for p in info.value.problems if p.file == str(target)]
    assert ours, f"no problem names {target.name}: {info.value.problems}"
    problem = next((p for p in ours if bad.words in str(p)), ours[0])
    assert bad.words in str(problem), str(problem)
    assert bad.place in problem.place, str(problem)
    if bad.field:
        assert problem.field == bad.field, str(problem)
    assert str(problem).startswith(str(target)), "the message opens with the file"
    assert graph_checksum(mini_graph) == mini_checksum
    assert not Path("/tmp/coordreg-pwned").exists()


THROUGH_THE_CLI = ("latin-1-accents", "billion-laughs")
# At most this many inputs are tried here (the README's figure is checked against the sum over modules).
INPUTS_TRIED = 2 * (len(BAD_FILES) + len(THROUGH_THE_CLI))  # on each store


@pytest.mark.parametrize("name", THROUGH_THE_CLI)
def test_the_cli_names_file_and_line_exits_1_and_writes_nothing(
    mini_graph, mini_checksum, coordreg_home, tmp_path, name, reliability
):
    reliability.add("inputs_tried", "bad case file through the CLI")
    bad = next(b for b in BAD_FILES if b.name == name)
    target = _bad_registry(tmp_path, bad)
    done = run_cli(["load", str(target.parent)], coordreg_home, mini_graph)
    assert done.returncode == 1
    assert f"error: {target}: line " in done.stderr
    assert "nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert graph_checksum(mini_graph) == mini_checksum
