"""A refused command line (click's ``UsageError``) said in the command's language when it is not English.

click writes these refusals in English through gettext and ships no French: the framing (usage line, where to
find help, "Error: Invalid value for …") and click's commonest reasons are said here from the catalogs instead.
English refusals are left to click itself (registry/cli/common.py), word for word as before.
"""

from __future__ import annotations

import re
from typing import Any

import click

from registry.cli.language import say


def _hint_text(hint: Any) -> str:
    return " / ".join(repr(item) for item in hint) if isinstance(hint, (list, tuple)) else str(hint)


def usage_error_text(exc: click.UsageError) -> str:
    """A refused command line in the command's language, framed as click frames it in English: a bad value, a
    missing or an unknown option, with click's commonest reasons (see ``click_reason``)."""
    if isinstance(exc, click.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "parameter")
        kinds = {"option": say("cli_kind_option", "option"), "argument": say("cli_kind_argument", "argument")}
        hint = exc.param_hint if exc.param_hint is not None else exc.param.get_error_hint(exc.ctx) if exc.param else ""
        missing = say("cli_missing_parameter", "Missing {kind} {name}.", kind=kinds.get(kind, kind),
                      name=_hint_text(hint))  # fmt: skip
        return f"{missing} {exc.message}".rstrip() if exc.message else missing
    if isinstance(exc, click.BadParameter):
        if exc.param_hint is None and exc.param is None:
            return say("cli_invalid_value", "Invalid value: {message}", message=click_reason(exc.message))
        hint = exc.param_hint if exc.param_hint is not None else exc.param.get_error_hint(exc.ctx) if exc.param else ""
        return say("cli_invalid_value_for", "Invalid value for {name}: {message}", name=_hint_text(hint),
                   message=click_reason(exc.message))  # fmt: skip
    if isinstance(exc, click.NoSuchOption):
        text = say("cli_no_such_option", "No such option: {name}", name=exc.option_name)
        if exc.possibilities:
            close = ", ".join(sorted(exc.possibilities))
            text += say("cli_did_you_mean_option", " Did you mean {options}?", options=close)
        return text
    return click_reason(exc.format_message())


def click_reason(message: str) -> str:
    """click's own reason for a refusal (``'xml' is not one of 'table', 'tsv'.``) in the command's language, for
    the reasons coordreg's options give rise to; any other is left as click wrote it."""
    found = CLICK_REASONS_PATTERN.match(message)
    if found is None:
        return message
    values = {name: value for name, value in found.groupdict().items() if value is not None}
    if "choices" in values:
        return say("cli_click_not_one_of", "{value} is not one of {choices}.", value=values["value"],
                   choices=values["choices"])  # fmt: skip
    if "integer" in values:
        return say("cli_click_not_integer", "{value} is not a whole number.", value=values["integer"])
    if "float" in values:
        return say("cli_click_not_number", "{value} is not a number.", value=values["float"])
    if "range" in values:
        return say("cli_click_not_in_range", "{value} is not in the range {range}.", value=values["ranged"],
                   range=values["range"])  # fmt: skip
    if "command" in values:
        text = say("cli_click_no_command", "No such command {name}.", name=values["command"])
        if "suggestion" in values:
            text += say("cli_did_you_mean_option", " Did you mean {options}?", options=values["suggestion"])
        return text
    return say("cli_click_extra_arguments", "Got unexpected extra arguments ({arguments})", arguments=values["extra"])


#: click 8's wording of the refusals coordreg's options can meet (click/types.py, click/core.py).
CLICK_REASONS_PATTERN = re.compile(
    r"^(?:(?P<value>.+) is not one of (?P<choices>.+)\.|(?P<integer>.+) is not a valid integer(?: range)?\."
    r"|(?P<float>.+) is not a valid float(?: range)?\.|(?P<ranged>.+) is not in the range (?P<range>.+)\."
    r"|No such command (?P<command>'[^']*')\.(?: Did you mean (?P<suggestion>.+)\?)?"
    r"|Got unexpected extra arguments? \((?P<extra>.*)\))$",
    re.DOTALL,
)


def show_usage_error(exc: click.UsageError) -> None:
    """What click's ``UsageError.show`` prints (usage line, where to find help, the error), in French words."""
    lines = []
    if exc.ctx is not None:
        usage = exc.ctx.get_usage()
        if usage.startswith("Usage:"):
            usage = say("cli_usage", "Usage:") + usage[len("Usage:") :]
        lines.append(usage)
        if exc.ctx.command.get_help_option(exc.ctx) is not None:
            lines.append(say("cli_try_help", "Try '{command} {option}' for help.", command=exc.ctx.command_path,
                             option=exc.ctx.help_option_names[0]))  # fmt: skip
        lines.append("")
    lines.append(say("cli_usage_error", "Error: {message}", message=usage_error_text(exc)))
    click.echo("\n".join(lines), err=True)
