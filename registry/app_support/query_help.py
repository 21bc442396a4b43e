"""A console query's failure in words a person can act on, in the interface language.

``registry.dialects`` finds what went wrong and where; this module says it:
a headline, a few sentences, the lines of the query with the spot marked, the
two forms of a construct the embedded store lacks (Neo4j's and the one that
works), and the store's own message for whoever wants it. Every piece of text
that comes from the query or the store is escaped for Markdown here
(``safe_text.md``) or meant for a code block, which shows text as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from registry.app_support.i18n import STRINGS, t
from registry.app_support.safe_text import md
from registry.dialects import NEO4J_COMMAND, QueryProblem, marked_excerpt

#: Alternatives a parser expected that are listed before "… and N more".
EXPECTED_SHOWN = 6


@dataclass(frozen=True)
class QueryHelp:
    """What the console shows about a failed query."""

    headline: str  # Markdown, escaped
    sentences: list[str] = field(default_factory=list)  # Markdown, escaped
    excerpt: str | None = None  # plain text: the query's lines with the spot marked
    examples: list[tuple[str, str]] = field(default_factory=list)  # (caption in Markdown, Cypher as it is)
    store_message: str = ""  # plain text


def query_help(
    problem: QueryProblem, query: str, dialect: str, lang: str, labels: Mapping[str, str] | None = None
) -> QueryHelp:
    """Words for ``problem`` about ``query`` on the store ``dialect``; ``labels`` names parameters' inputs."""
    labels = labels or {}
    sentences: list[str] = []
    examples: list[tuple[str, str]] = []
    where = t("help_where", lang, line=problem.line, column=problem.column) if problem.line is not None else ""
    if problem.kind == "syntax" and problem.differences:
        # The parser's own confusion ("expected ':' …") says nothing the construct's name does not.
        headline = t("help_unsupported_headline", lang, where=where)
    elif problem.kind == "syntax":
        headline = t("help_syntax", lang, where=where)
        if problem.expected:
            found = md(problem.found) if problem.found else t("help_end_of_query", lang)
            sentences.append(t("help_expected", lang, expected=md(_expected(problem.expected, lang)), found=found))
        if problem.did_you_mean:
            sentences.append(t("help_did_you_mean", lang, word=md(problem.did_you_mean)))
    elif problem.kind == "missing_parameters":
        names = ", ".join(md(labels.get(name, name)) for name in problem.missing)
        headline = t("help_missing", lang, names=names)
        sentences.append(t("help_missing_how", lang))
    elif problem.kind == "unknown_function":
        headline = t("help_unknown_function", lang, name=md(problem.name), where=where)
        if not problem.differences and dialect != "neo4j":
            sentences.append(t("help_function_neo4j", lang))
            examples.append((t("help_run_on_neo4j", lang), NEO4J_COMMAND))
    elif problem.kind == "undefined_variable":
        headline = t("help_undefined", lang, name=md(problem.name), where=where)
        sentences.append(t("help_undefined_how", lang))
    elif problem.kind == "unsupported" and problem.differences:
        headline = t("help_unsupported_headline", lang, where=where)
    else:
        headline = t("help_other", lang)
        sentences.append(md(problem.message))
    for difference in problem.differences:
        said = t("help_dialect", lang, construct=md(difference.construct_in(lang)))
        sentences.append(f"{said} {md(difference.advice_in(lang))}")
        if problem.rewrite:
            continue  # the person's own query rewritten says more than the general example
        examples.append((t("help_neo4j_form", lang), difference.neo4j))
        if difference.embedded is not None:
            examples.append((t("help_embedded_form", lang), difference.embedded))
    if problem.rewrite:
        examples.append((t("help_rewritten", lang), problem.rewrite))
    if problem.needs_neo4j:
        sentences.append(t("help_needs_neo4j", lang))
        if not any(code == NEO4J_COMMAND for _, code in examples):
            examples.append((t("help_run_on_neo4j", lang), NEO4J_COMMAND))
    # Templates end with the place ("… (line 3, column 1)"), which is empty when the store gave none.
    headline = " ".join(headline.split()).rstrip(".") + "."
    return QueryHelp(headline, sentences, marked_excerpt(query, problem), examples, problem.message)


def expected_phrase(phrase: str, lang: str) -> str:
    """One thing the parser expected, in ``lang``: "a label" is "une étiquette" in French. Keywords and symbols
    ("RETURN", "')'"), and phrases of a parser not known here, are shown as written."""
    key = "parser_" + re.sub(r"\W+", "_", phrase).strip("_")
    return t(key, lang) if key in STRINGS else phrase


def _expected(expected: tuple[str, ...], lang: str) -> str:
    """ "a label, '{', a parameter or ')'", with "<EOF>" in words and a long list cut short."""
    words = [t("help_end_of_query", lang) if e == "<EOF>" else expected_phrase(e, lang) for e in expected]
    shown = words[:EXPECTED_SHOWN]
    more = len(words) - len(shown)
    if more:
        return ", ".join(shown) + " " + t("help_and_more", lang, count=more)
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " " + t("help_or", lang) + " " + shown[-1]
