"""Read a registry's vocabulary files (``vocabulary.yaml``): its own terms and renamed slugs.

They are read before the case files, because a case may use a term only its
registry defines. Renames then rewrite the old slugs the cases still use, with
a warning naming the new one, so older files keep loading.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from loaders.errors import problems_from_validation
from loaders.yaml_cases import read_yaml_data
from registry.errors import Problem
from registry.schema.bundle import CaseBundle
from registry.schema.custom_terms import Rename, VocabularyFile
from registry.schema.text import fold
from registry.schema.vocabulary import VOCABULARIES, VocabularyTerm

VOCABULARY_FILE_NAMES = frozenset({"vocabulary.yaml", "vocabulary.yml"})

Terms = dict[str, dict[str, VocabularyTerm]]


def is_vocabulary_file(path: Path) -> bool:
    return path.name.lower() in VOCABULARY_FILE_NAMES


def read_vocabularies(paths: list[Path], held: Terms | None = None) -> tuple[Terms, list[Rename], list[Problem]]:
    """The terms in force (the registry's, then each file's) and the renames.

    A term two files define differently is an error."""
    terms: Terms = {vocabulary: dict(found) for vocabulary, found in (held or {}).items()}
    renames: list[Rename] = []
    problems: list[Problem] = []
    defined_in: dict[tuple[str, str], str] = {}
    for path in paths:
        origin = str(path)
        data, file_problems = read_yaml_data(path)
        if file_problems:
            problems.extend(file_problems)
            continue
        try:
            vocabulary_file = VocabularyFile.model_validate(data if data is not None else {})
        except ValidationError as exc:
            problems.extend(problems_from_validation(origin, exc, data))
            continue
        for vocabulary, by_term in vocabulary_file.as_terms().items():
            for found in by_term.values():
                key = (vocabulary, found.term)
                earlier = terms.get(vocabulary, {}).get(found.term)
                if earlier is not None and earlier != found and key in defined_in:
                    problems.append(
                        Problem(origin, f"terms ({found.term})", "term", f"the {vocabulary} term '{found.term}' "
                                f"is already defined differently in {defined_in[key]}")
                    )  # fmt: skip
                    continue
                terms.setdefault(vocabulary, {})[found.term] = found
                defined_in[key] = origin
                problems.extend(_same_label(origin, vocabulary, found))
        renames.extend(vocabulary_file.renames)
    return terms, renames, problems


def _same_label(origin: str, vocabulary: str, found: VocabularyTerm) -> list[Problem]:
    """Warn when a registry's term carries the label of a built-in one: likely the same thing under two names."""
    for built_in in VOCABULARIES[vocabulary].terms:
        if fold(built_in.en) == fold(found.en) or fold(built_in.fr) == fold(found.fr):
            return [
                Problem(origin, f"terms ({found.term})", "en",
                        f"the {vocabulary} term '{found.term}' has the label of the built-in term '{built_in.term}' "
                        f"('{built_in.en}' / '{built_in.fr}'): if they mean the same, use '{built_in.term}'",
                        severity="warning")
            ]  # fmt: skip
    return []


def apply_renames(bundle: CaseBundle, renames: list[Rename]) -> list[Problem]:
    """Rewrite renamed slugs in the cases, warning where a file still uses an old one."""
    new_name = {(r.vocabulary, r.old): r.new for r in renames}
    if not new_name:
        return []
    warnings: list[Problem] = []

    def renamed(vocabulary: str, slug: str, origin: str, place: str, fld: str) -> str:
        new = new_name.get((vocabulary, slug))
        if new is None:
            return slug
        warnings.append(
            Problem(origin, place, fld, f"'{slug}' was renamed '{new}' (see the registry's vocabulary.yaml); "
                    f"it is loaded as '{new}': write '{new}' in this file", severity="warning")
        )  # fmt: skip
        return new

    for located in bundle.files:
        case, origin = located.case, located.origin
        p = case.practice
        if p is not None:
            p.collection = renamed("collection", p.collection, origin, "practice", "collection")
            p.populations = [renamed("population", s, origin, "practice", "populations") for s in p.populations]
            p.benefits = [renamed("benefit", s, origin, "practice", "benefits") for s in p.benefits]
        for i, m in enumerate(case.mechanisms):
            place = f"mechanisms[{i}] ({m.id})"
            m.populations = [renamed("population", s, origin, place, "populations") for s in m.populations]
        for i, e in enumerate(case.evidence):
            e.category = renamed("evidence-category", e.category, origin, f"evidence[{i}] ({e.id})", "category")
    return warnings
