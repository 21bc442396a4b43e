"""A registry's own vocabulary terms, and the check every controlled field goes through.

A registry folder may hold a vocabulary file (``vocabulary.yaml``) that adds
terms to the built-in vocabularies — each with labels, a definition and the
built-in term it narrows — and records renamed slugs. While a load validates
case files, the terms in force (built-in plus the registry's) are held in a
context variable, so the pydantic model checks a field against them without
every caller passing them along.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from registry.schema.text import fold
from registry.schema.vocabulary import SLUG_PATTERN, VOCABULARIES, VocabularyTerm

# Slug lists that are not closed vocabularies but may still be renamed (the seed merged two spellings).
SLUG_VOCABULARIES = ("population", "benefit", "evidence-category", "collection")

_custom: ContextVar[dict[str, dict[str, VocabularyTerm]] | None] = ContextVar("coordreg_custom_terms", default=None)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CustomTerm(_Strict):
    vocabulary: str
    term: Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
    en: Annotated[str, Field(min_length=1, max_length=120)]
    fr: Annotated[str, Field(min_length=1, max_length=120)]
    definition: Annotated[str, Field(min_length=3, max_length=500)]
    narrows: str | None = None

    @model_validator(mode="after")
    def _known_vocabulary(self) -> CustomTerm:
        vocabulary = VOCABULARIES.get(self.vocabulary)
        if vocabulary is None:
            raise ValueError(
                f"'{self.vocabulary}' is not a vocabulary a registry can extend (one of: {', '.join(VOCABULARIES)})"
            )
        if self.term in vocabulary.ids:
            raise ValueError(
                f"'{self.term}' is already a built-in {vocabulary.what}: use it as it is, or give your term "
                "another name and say which built-in term it narrows"
            )
        if self.narrows is not None and self.narrows not in vocabulary.ids:
            raise ValueError(
                f"'narrows' must name a built-in {vocabulary.what}, and '{self.narrows}' is not one"
                + _did_you_mean(self.narrows, vocabulary.ids)
            )
        return self


class Rename(_Strict):
    vocabulary: str
    old: Annotated[str, Field(pattern=SLUG_PATTERN)] = Field(alias="from")
    new: Annotated[str, Field(pattern=SLUG_PATTERN)] = Field(alias="to")
    note: Annotated[str, Field(max_length=500)] | None = None

    @model_validator(mode="after")
    def _known_vocabulary(self) -> Rename:
        if self.vocabulary not in SLUG_VOCABULARIES:
            raise ValueError(
                f"renames are recorded for the slug lists ({', '.join(SLUG_VOCABULARIES)}); "
                f"'{self.vocabulary}' is not one of them"
            )
        if self.old == self.new:
            raise ValueError("a rename needs two different slugs")
        return self


class VocabularyFile(_Strict):
    terms: list[CustomTerm] = Field(default_factory=list)
    renames: list[Rename] = Field(default_factory=list)

    @model_validator(mode="after")
    def _each_term_once(self) -> VocabularyFile:
        seen: set[tuple[str, str]] = set()
        for term in self.terms:
            key = (term.vocabulary, term.term)
            if key in seen:
                raise ValueError(f"the term '{term.term}' is defined twice in the {term.vocabulary} vocabulary")
            seen.add(key)
        return self

    def as_terms(self) -> dict[str, dict[str, VocabularyTerm]]:
        found: dict[str, dict[str, VocabularyTerm]] = {}
        for t in self.terms:
            found.setdefault(t.vocabulary, {})[t.term] = VocabularyTerm(
                t.term, t.en, t.fr, t.definition, t.narrows, custom=True
            )
        return found


@contextmanager
def custom_terms_in_force(terms: dict[str, dict[str, VocabularyTerm]]) -> Iterator[None]:
    """Accept ``terms`` (vocabulary → term → definition) besides the built-in ones while validating."""
    token = _custom.set(terms)
    try:
        yield
    finally:
        _custom.reset(token)


def custom_terms_now() -> dict[str, dict[str, VocabularyTerm]]:
    """The registry's own terms in force now (vocabulary → term → definition)."""
    return _custom.get() or {}


def terms_in_force(vocabulary: str) -> dict[str, VocabularyTerm]:
    return _built_in(vocabulary) | (_custom.get() or {}).get(vocabulary, {})


@functools.cache
def _built_in(vocabulary: str) -> dict[str, VocabularyTerm]:
    """A vocabulary's built-in terms by name (fixed for the process; callers get a merged copy, never this)."""
    return {t.term: t for t in VOCABULARIES[vocabulary].terms}


def _in_force(vocabulary: str, value: str) -> bool:
    """Whether ``value`` is a term in force, without building the merged vocabulary: the case model checks each
    term of each case (120,000 checks at 10,000 practices), and the merge dominated them."""
    return value in _built_in(vocabulary) or value in (_custom.get() or {}).get(vocabulary, {})


def term_label(vocabulary: str, term: str, lang: str = "en") -> str:
    found = terms_in_force(vocabulary).get(term)
    if found is None:
        return term.replace("-", " ")
    return found.fr if lang == "fr" else found.en


def _did_you_mean(value: str, known: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def checked_term(vocabulary: str) -> Callable[[str], str]:
    """A pydantic validator: the value must be a term in force of ``vocabulary``."""
    what = VOCABULARIES[vocabulary].what

    def check(value: str) -> str:
        if _in_force(vocabulary, value):
            return value
        known = terms_in_force(vocabulary)
        raise ValueError(
            f"'{value}' is not a {what}{_did_you_mean(value, list(known))} "
            f"(allowed: {', '.join(known)}; a registry may add its own terms in a vocabulary.yaml file)"
        )

    return check


def folded_term(value: object) -> object:
    """Vocabulary terms in any case and with or without accents: 'Macro', 'Méso' and 'meso' are one term."""
    return _folded_term(value) if isinstance(value, str) else value


@functools.lru_cache(maxsize=8192)
def _folded_term(value: str) -> str:
    # A registry repeats the same few hundred terms in every case: folding each once saves most of the time the
    # case model spent on them (220,000 calls at 10,000 practices).
    return "-".join(fold(value).split())
