"""The documentation: generated references match the code, the site builds without a warning, works offline,
and the commands the guides show are real.

- ``docs/reference/`` is regenerated into a temporary folder and compared byte for byte, under two hash seeds
  (a page that depended on set or dict order would differ between them);
- ``mkdocs build --strict`` turns every warning into a failure: a broken link or anchor, a missing image,
  a page left out of the navigation;
- the built pages load no script, stylesheet, font, image or frame from another host;
- every ``coordreg …`` line in a guide's code block parses with the real click command, and names a real
  named query where it runs one.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import click
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
REFERENCE = DOCS / "reference"
GUIDES = sorted((DOCS / "guides").glob("*.md"))
REGENERATE = "python -m tools.docs_reference"
# Queries a guide saves itself before running them (the analysts' guide shows their text).
SAVED_BY_GUIDES = {"actors_by_kind"}


def _generate(out: Path, hash_seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    answer = subprocess.run(
        [sys.executable, "-m", "tools.docs_reference", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert answer.returncode == 0, answer.stderr


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_reference_pages_match_the_code(tmp_path):
    _generate(tmp_path / "a", "1")
    _generate(tmp_path / "b", "2")
    fresh, again = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert fresh == again, "the reference pages depend on the run (set or dict order): they must not"
    committed = _files(REFERENCE)
    assert sorted(committed) == sorted(fresh), f"docs/reference/ holds other files than the code makes: {REGENERATE}"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"docs/reference/ is out of date ({', '.join(stale)}): run `{REGENERATE}` and commit"


def test_reference_pages_name_no_machine_or_date():
    for path in REFERENCE.iterdir():
        text = path.read_text(encoding="utf-8")
        assert str(ROOT) not in text and "/home/" not in text and "/tmp/" not in text, path.name
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), f"{path.name} holds a date"


# --- the site


def _mkdocs_missing() -> str | None:
    for module in ("mkdocs", "material"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -e '.[test]' installs it)"
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    missing = _mkdocs_missing()
    if missing:
        pytest.skip(missing)
    out = tmp_path_factory.mktemp("site")
    # Material prints a notice about MkDocs 2 on every build; it is not a warning of this site.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    answer = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
         "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert answer.returncode == 0, f"mkdocs build --strict failed:\n{answer.stdout}\n{answer.stderr}"
    warnings = [line for line in answer.stderr.splitlines() if line.startswith("WARNING")]
    assert not warnings, warnings
    return out


def test_site_builds_strict_with_every_page(site):
    for page in ["index", "contributing", "spreadsheet-template", "guides/researchers", "guides/trainers",
                 "guides/analysts", "reference/model", "reference/queries", "reference/cli",
                 "reference/vocabularies"]:  # fmt: skip
        assert (site / f"{page}.html").is_file(), page
    assert (site / "reference" / "model.svg").is_file()


class _Resources(HTMLParser):
    """Every URL a page makes the browser fetch (not the links a reader may follow)."""

    FETCHED = {"script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "source": ["src", "srcset"],
               "audio": ["src"], "video": ["src", "poster"], "embed": ["src"], "object": ["data"]}  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in self.FETCHED.get(tag, []):
            if values.get(name):
                self.urls += [part.split()[0] for part in values[name].split(",") if part.strip()]
        if tag == "link" and values.get("href") and values.get("rel") not in {"canonical", "alternate", "next",
                                                                             "prev"}:  # fmt: skip
            self.urls.append(values["href"])
        if values.get("style"):
            self.styles.append(values["style"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag):
        self._in_style = False


def _outside(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.netloc) or parsed.scheme not in {"", "data"}


def _css_urls(css: str) -> list[str]:
    found = re.findall(r"url\(\s*(['\"]?)(.*?)\1\s*\)", css)
    found += re.findall(r"@import\s+(['\"])(.*?)\1", css)
    return [url for _, url in found]


def test_site_fetches_nothing_from_another_host(site):
    outside: list[str] = []
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        urls = parser.urls + [u for style in parser.styles for u in _css_urls(style)]
        outside += [f"{page.relative_to(site)}: {url}" for url in urls if _outside(url)]
    for sheet in sorted(site.rglob("*.css")):
        outside += [f"{sheet.relative_to(site)}: {u}" for u in _css_urls(sheet.read_text("utf-8")) if _outside(u)]
    assert outside == []
    everything = "".join(p.read_text(encoding="utf-8") for p in [*pages, *site.rglob("*.css")])
    assert "fonts.googleapis" not in everything and "fonts.gstatic" not in everything


def test_every_screenshot_is_used_and_every_image_exists():
    pages = [*DOCS.rglob("*.md"), ROOT / "CONTRIBUTING.md"]
    used = {
        (page.parent / target).resolve()
        for page in pages
        for target in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", page.read_text(encoding="utf-8"))
    }
    missing = sorted(str(p.relative_to(ROOT)) for p in used if not p.is_file())
    assert missing == [], "images the pages show but docs/ lacks (tests/test_docs_screenshots.py takes them)"
    unused = sorted(p.name for p in (DOCS / "img").glob("*.png") if p.resolve() not in used)
    assert unused == [], "screenshots no page shows"


# --- the guides' example and commands


def test_the_example_case_is_valid_with_the_registry_and_not_alone():
    """The researchers' guide says so: the example refers to actors of the bundled registry's catalogue."""
    from registry.loading import seed_registry_path, validate_paths

    example = DOCS / "examples" / "example-enrolment-desk.yaml"
    bundle, problems = validate_paths([seed_registry_path(), example])
    assert [p for p in problems if p.severity == "error"] == []
    assert "example-seasonal-enrolment-desk" in {f.case.practice.id for f in bundle.practices}
    _, alone = validate_paths([example])
    assert {p.severity for p in alone} == {"error"}
    assert all("which no case file declares" in p.message for p in alone)


def _guide_commands() -> list[tuple[str, str]]:
    found = []
    for guide in GUIDES:
        in_block = False
        for line in guide.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("```"):
                in_block = not in_block
                continue
            text = line.strip().split(" #")[0].strip()
            if in_block and text.startswith("coordreg "):
                found.append((guide.name, text))
    return found


def test_guides_show_commands():
    assert len(_guide_commands()) >= 10


@pytest.mark.parametrize(("guide", "line"), _guide_commands())
def test_every_command_in_a_guide_is_real(guide, line):
    from registry.cli import main
    from registry.queries.library import list_queries

    args = shlex.split(line)[1:]
    try:
        context = main.make_context("coordreg", list(args), resilient_parsing=False)
    except click.exceptions.Exit:
        return  # --help / --version
    leftover = [*getattr(context, "_protected_args", []), *context.args]
    try:
        name, command, rest = main.resolve_command(context, leftover)
    except click.UsageError as exc:
        pytest.fail(f"{guide}: `{line}`: {exc.format_message()}")
    assert command is not None and name is not None, f"{guide}: no command in: {line}"
    try:
        command.make_context(name, list(rest), parent=context)
    except click.exceptions.Exit:
        return
    except click.UsageError as exc:
        pytest.fail(f"{guide}: `{line}` does not parse: {exc.format_message()}")
    if name == "query":
        known = set(list_queries(include_user=False)) | SAVED_BY_GUIDES
        assert rest[0] in known, f"{guide}: no named query '{rest[0]}'"
