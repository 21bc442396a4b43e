"""`coordreg --help` and each command's ``--help`` in the command's language.

click builds the help from the commands' docstrings and options' ``help=``, in English, and writes its own
words ("Usage:", "Options", "[default: …]") through gettext, with no French. The catalogs hold each help text
as its English (keys ``cli_help_*``); in French, the help formatter below puts the French of each text it is
handed in its place, so the commands keep their English docstrings as the one original. A text without French
(a help changed since it was translated) is shown in English. English help is click's own, untouched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import click

from registry.cli.language import say, translations

#: The extras click adds after an option's help: "  [default: 10.0; required]".
EXTRAS = re.compile(r"^(?P<text>.*?)(?:\s\s\[(?P<extras>[^\[\]]*)\])?$", re.DOTALL)


@functools.cache
def _help_texts(lang: str) -> dict[str, str]:
    """Each help text's translation by its English."""
    return {english: text for key, (english, text) in translations(lang).items() if key.startswith("cli_help_")}


def _translated(text: str, lang: str) -> str:
    return _help_texts(lang).get(text, text)


def _extras(extras: str) -> str:
    parts = []
    for part in extras.split("; "):
        if part.startswith("default: "):
            part = say("cli_help_extra_default", "default: {value}", value=part.removeprefix("default: "))
        elif part == "required":
            part = say("cli_help_extra_required", "required")
        parts.append(part)
    return "; ".join(parts)


class TranslatedHelpFormatter(click.HelpFormatter):
    """click's formatter, writing the French of the texts it is given (see the module's docstring)."""

    lang = "fr"

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{say('cli_usage', 'Usage:')} " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        headings = {"Options": say("cli_help_heading_options", "Options"),
                    "Commands": say("cli_help_heading_commands", "Commands")}  # fmt: skip
        # click writes "Options:"; French puts a space before the colon.
        self.write(f"{'':>{self.current_indent}}{headings.get(heading, heading)} :\n")

    def write_text(self, text: str) -> None:
        super().write_text(_translated(text, self.lang))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl(list(self._rows(list(rows))), col_max, col_spacing)

    def _rows(self, rows: Sequence[tuple[str, str]]) -> Iterable[tuple[str, str]]:
        # A command's line holds the first sentence of its help, cut to fit: its French is cut the same way.
        limit = self.width - 6 - max((len(term) for term, _ in rows), default=0)
        for term, definition in rows:
            found = EXTRAS.match(definition)
            text: str = found.group("text") if found else definition
            extras: str | None = found.group("extras") if found else None
            text = _help_texts(self.lang).get(text) or _short_translation(text, self.lang, limit)
            yield term, text + (f"  [{_extras(extras)}]" if extras else "")


def _one_line(text: str) -> str:
    return " ".join(text.split("\n\n")[0].split())


def _short(text: str, limit: int) -> str:
    """A help's first sentence, cut at a word to ``limit`` characters with "...", as click shortens one."""
    words = _one_line(text).split(" ")
    sentence = []
    for word in words:
        sentence.append(word)
        if word.endswith("."):
            break
    line = " ".join(sentence)
    if len(line) <= limit:
        return line
    kept = ""
    for word in sentence:
        if len(f"{kept} {word}".strip()) + 3 > limit:
            break
        kept = f"{kept} {word}".strip()
    return f"{kept}..."


def _short_translation(shown: str, lang: str, limit: int) -> str:
    """The French of a command's shortened help line, from the English help it starts."""
    start = shown.removesuffix("...").rstrip()
    for english, text in _help_texts(lang).items():
        if start and _one_line(english).startswith(start):
            return _short(text, limit)
    return shown
