"""The app's practice editor without Streamlit: a form's state, the case file it stands for, and its checks.

A ``Draft`` holds what the form shows (title, summary, countries, levels,
mechanisms with their actors, agreements and functions, evidence, new actors
and sources). ``case_data`` turns it into a case file's data; everything the
form does not show (a practice's populations, a mechanism's second citation,
the actors its file declares …) is carried over untouched from the case being
edited, so saving an edit never drops what the form cannot see.

A draft is checked by the loader itself (``check_draft`` writes it to a
temporary folder and calls ``registry.loading.validate_paths`` against the
registry already loaded), so the form shows the very messages ``coordreg
validate`` would. Ids are never typed: actors and sources are picked from the
registry (``actor_choices``, ``source_choices``) or declared in the form, and
new ids are made from names (``new_id``).
"""

from __future__ import annotations

import copy
import itertools
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from loaders.yaml_cases import dump_case_yaml
from registry.change_preview import preview_changes
from registry.errors import CaseValidationError, Problem
from registry.loading import LoadReport, load_paths, validate_paths
from registry.registry_folder import registry_folder_for
from registry.schema.bundle import HeldRegistry
from registry.schema.model import CaseFile
from registry.schema.text import fold
from registry.schema.vocabulary import SLUG_PATTERN
from registry.stores.base import GraphStore

#: The file name a draft has while it is checked, and what problems say instead of its temporary path.
DRAFT_NAME = "draft.yaml"
DEFAULT_COLLECTION = "contributed"
MAX_ID_LENGTH = 80
_form_keys = itertools.count(1)


def _form_key() -> str:
    """A name for one item's widgets that stays the same while its id changes (and is never reused)."""
    return f"i{next(_form_keys)}"


def new_id(text: str, taken: Iterable[str] = (), *, prefix: str = "") -> str:
    """A slug made from ``text`` (accents folded, words joined by '-'), not one of ``taken``."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(f"{prefix} {text}").lower()).strip("-")
    base = words[:MAX_ID_LENGTH].strip("-") or "item"
    used = set(taken)
    ident, number = base, 2
    while ident in used:
        ident, number = f"{base}-{number}", number + 1
    return ident


def as_slug(text: str) -> str:
    """``text`` as an id: kept when it is one already (``ilo-sse``, ``a_b``), else made from its words."""
    text = text.strip()
    return text if re.fullmatch(SLUG_PATTERN, text) else new_id(text)


@dataclass
class MechanismActorRow:
    actor: str = ""
    role: str = ""


@dataclass
class DraftMechanism:
    id: str = ""
    form_key: str = field(default_factory=_form_key)
    label: str = ""
    description_en: str = ""
    description_fr: str = ""
    levels: list[str] = field(default_factory=list)
    actors: list[MechanismActorRow] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    source: str = ""  # empty: the practice's own source and place
    locator: str = ""
    rest: dict[str, Any] = field(default_factory=dict)  # what the form does not show, kept as it was


@dataclass
class DraftEvidence:
    id: str = ""
    form_key: str = field(default_factory=_form_key)
    kind: str = "benefit"
    category: str = ""
    description_en: str = ""
    description_fr: str = ""
    mechanism: str = ""
    source: str = ""  # empty: the practice's own source and place
    locator: str = ""
    rest: dict[str, Any] = field(default_factory=dict)  # its figures among them


@dataclass
class NewActor:
    """An actor the registry does not hold yet, declared by this case."""

    id: str = ""
    form_key: str = field(default_factory=_form_key)
    name: str = ""
    kind: str = ""
    scope: str = "national"
    country: str = ""
    rest: dict[str, Any] = field(default_factory=dict)


@dataclass
class NewSource:
    """A source the registry does not hold yet, declared by this case."""

    id: str = ""
    citation: str = ""
    publisher: str = ""
    year: int | None = None
    url: str = ""
    rest: dict[str, Any] = field(default_factory=dict)


@dataclass
class Draft:
    """Everything the editor's form shows, for a new practice (``editing`` empty) or an existing one."""

    practice_id: str = ""
    editing: str = ""  # the id of the practice being edited, or "" for a new one
    collection: str = DEFAULT_COLLECTION
    title_en: str = ""
    title_fr: str = ""
    title_original: str = ""  # empty: the English title
    title_language: str = "en"
    summary_en: str = ""
    summary_fr: str = ""
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    documented_by: list[str] = field(default_factory=list)
    source: str = ""  # where the practice is described, and the place in it
    locator: str = ""
    levels: list[str] = field(default_factory=list)  # the levels the source gives the practice (its level claim)
    levels_status: str = "stated"
    levels_rationale: str = ""
    levels_source: str = ""  # where the source gives the levels; empty: the practice's own source and place
    levels_locator: str = ""
    mechanisms: list[DraftMechanism] = field(default_factory=list)
    evidence: list[DraftEvidence] = field(default_factory=list)
    new_actors: list[NewActor] = field(default_factory=list)
    new_sources: list[NewSource] = field(default_factory=list)
    rest: dict[str, Any] = field(default_factory=dict)  # the edited case's data, for what the form leaves alone


def suggested_id(draft: Draft, held: HeldRegistry | None) -> str:
    """A new practice's id, made from its first country and English title ("bra-one-stop-shop")."""
    taken = set((held.entities.get("practice", {}) if held else {}).keys())
    prefix = draft.countries[0].lower() if draft.countries else ""
    return new_id(draft.title_en or "practice", taken, prefix=prefix)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _texts(value: Any) -> tuple[str, str]:
    return (_text(value.get("en")), _text(value.get("fr"))) if isinstance(value, dict) else ("", "")


def _first_cited(item: Mapping[str, Any]) -> tuple[str, str]:
    cited = item.get("cited") or []
    return (_text(cited[0].get("source")), _text(cited[0].get("locator"))) if cited else ("", "")


def draft_from_case(case: CaseFile) -> Draft:
    """The form's state for editing ``case`` (a case file with a practice)."""
    if case.practice is None:
        raise ValueError("only a case file with a practice can be edited in the form")
    data = case.model_dump(mode="json", exclude_none=True)
    practice = data["practice"]
    source, locator = _first_cited(practice)
    claims = data.get("level_claims") or []
    claim = claims[0] if claims else {}
    title = practice["title"]
    draft = Draft(
        practice_id=practice["id"], editing=practice["id"], collection=practice["collection"],
        title_en=_text(title.get("en")), title_fr=_text(title.get("fr")),
        title_original=_text(title.get("original")), title_language=_text(title.get("language")) or "en",
        countries=list(practice.get("countries") or []), regions=list(practice.get("regions") or []),
        documented_by=list(practice.get("documented_by") or []), source=source, locator=locator,
        levels=list(claim.get("levels") or []), levels_status=_text(claim.get("status")) or "stated",
        levels_rationale=_text(claim.get("rationale")), levels_source=_text(claim.get("source")),
        levels_locator=_text(claim.get("locator")), rest=data,
    )  # fmt: skip
    draft.summary_en, draft.summary_fr = _texts(practice.get("summary"))
    for mechanism in data.get("mechanisms") or []:
        m_source, m_locator = _first_cited(mechanism)
        en, fr = _texts(mechanism.get("description"))
        draft.mechanisms.append(DraftMechanism(
            id=mechanism["id"], label=_text(mechanism.get("label")), description_en=en, description_fr=fr,
            levels=list(mechanism.get("levels") or []),
            actors=[MechanismActorRow(a["actor"], _text(a.get("role"))) for a in mechanism.get("actors") or []],
            agreements=list(mechanism.get("agreements") or []), functions=list(mechanism.get("functions") or []),
            source=m_source, locator=m_locator, rest=mechanism,
        ))  # fmt: skip
    for item in data.get("evidence") or []:
        en, fr = _texts(item.get("description"))
        draft.evidence.append(DraftEvidence(
            id=item["id"], kind=_text(item.get("kind")) or "benefit", category=_text(item.get("category")),
            description_en=en, description_fr=fr, mechanism=_text(item.get("mechanism")),
            source=_text(item.get("source")), locator=_text(item.get("locator")), rest=item,
        ))  # fmt: skip
    return draft


def _described(en: str, fr: str, rest: Any) -> dict[str, Any]:
    text = dict(rest) if isinstance(rest, dict) else {}
    text["en"] = en.strip()
    if fr.strip():
        text["fr"] = fr.strip()
    else:
        text.pop("fr", None)
    return text


def _cited(source: str, locator: str, rest: list[Any] | None, fallback: tuple[str, str]) -> list[dict[str, Any]]:
    """The item's citations: the form's first one (or the practice's, when the form leaves it empty), then the
    others its file had."""
    chosen = (source, locator) if source or locator.strip() else fallback
    first = {"source": chosen[0], "locator": chosen[1].strip()}
    return [first, *copy.deepcopy((rest or [])[1:])]


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in ("", None)}


def _claim_id(draft: Draft) -> str:
    claims = draft.rest.get("level_claims") or []
    return str(claims[0]["id"]) if claims else f"{draft.practice_id}-levels"


def case_data(draft: Draft) -> dict[str, Any]:
    """The case file's data the form stands for (not yet checked: the loader says what is wrong with it)."""
    rest = copy.deepcopy(draft.rest)
    own = (draft.source, draft.locator.strip())
    old_practice = rest.get("practice") or {}
    practice = {**old_practice, "id": draft.practice_id.strip(), "collection": draft.collection.strip()}
    practice["title"] = {
        **(old_practice.get("title") or {}),
        "original": draft.title_original.strip() or draft.title_en.strip(),
        "language": draft.title_language.strip() or "en",
        "en": draft.title_en.strip(),
    }
    if draft.title_fr.strip():
        practice["title"]["fr"] = draft.title_fr.strip()
    else:
        practice["title"].pop("fr", None)
    practice.pop("region", None)
    practice |= {"countries": list(draft.countries), "regions": list(draft.regions)}
    practice["documented_by"] = list(draft.documented_by)
    practice["summary"] = _described(draft.summary_en, draft.summary_fr, old_practice.get("summary"))
    practice["cited"] = _cited(*own, old_practice.get("cited"), own)
    claims = rest.get("level_claims") or []
    claim = {**(claims[0] if claims else {}), "id": _claim_id(draft), "levels": list(draft.levels),
             "status": draft.levels_status}  # fmt: skip
    given = (draft.levels_source, draft.levels_locator.strip())
    claim["source"], claim["locator"] = given if any(given) else own
    claim["rationale"] = draft.levels_rationale.strip() or None
    data: dict[str, Any] = {key: value for key, value in rest.items() if key not in {"practice", "extends"}}
    data["practice"] = practice
    data["level_claims"] = [_without_empty(claim), *claims[1:]]
    data["mechanisms"] = [_mechanism_data(m, own) for m in draft.mechanisms]
    data["evidence"] = [_evidence_data(e, own) for e in draft.evidence]
    declared_actors = {a.id for a in draft.new_actors}
    data["actors"] = [a for a in rest.get("actors") or [] if a.get("id") not in declared_actors]
    data["actors"] += [_actor_data(a, own) for a in draft.new_actors]
    declared_sources = {s.id for s in draft.new_sources}
    data["sources"] = [s for s in rest.get("sources") or [] if s.get("id") not in declared_sources]
    data["sources"] += [_source_data(s) for s in draft.new_sources]
    return {key: value for key, value in data.items() if value != [] or key in {"mechanisms", "evidence"}}


def _mechanism_data(mechanism: DraftMechanism, own: tuple[str, str]) -> dict[str, Any]:
    data = copy.deepcopy(mechanism.rest)
    data.pop("level", None)
    data |= {
        "id": mechanism.id, "levels": list(mechanism.levels), "label": mechanism.label.strip(),
        "description": _described(mechanism.description_en, mechanism.description_fr, data.get("description")),
        "actors": [{"actor": row.actor, "role": row.role.strip()} for row in mechanism.actors if row.actor],
        "agreements": list(mechanism.agreements), "functions": list(mechanism.functions),
        "cited": _cited(mechanism.source, mechanism.locator, data.get("cited"), own),
    }  # fmt: skip
    return data


def _evidence_data(item: DraftEvidence, own: tuple[str, str]) -> dict[str, Any]:
    data = copy.deepcopy(item.rest)
    source, locator = (item.source, item.locator.strip()) if item.source or item.locator.strip() else own
    data |= {
        "id": item.id, "kind": item.kind, "category": item.category.strip(),
        "description": _described(item.description_en, item.description_fr, data.get("description")),
        "source": source, "locator": locator,
    }  # fmt: skip
    data["mechanism"] = item.mechanism or None
    return _without_empty(data)


def _actor_data(actor: NewActor, own: tuple[str, str]) -> dict[str, Any]:
    data = copy.deepcopy(actor.rest)
    for old in ("kind", "scope"):
        data.pop(old, None)
    data |= {"id": actor.id, "name": actor.name.strip(), "kinds": [actor.kind] if actor.kind else [],
             "scopes": [actor.scope] if actor.scope else [], "country": actor.country or None}  # fmt: skip
    data.setdefault("cited", [{"source": own[0], "locator": own[1]}])
    return _without_empty(data)


def _source_data(source: NewSource) -> dict[str, Any]:
    data = copy.deepcopy(source.rest)
    data |= {"id": source.id, "citation": source.citation.strip(), "publisher": source.publisher.strip(),
             "year": source.year, "url": source.url.strip() or None}  # fmt: skip
    return _without_empty(data)


def draft_yaml(draft: Draft) -> str:
    """The case file as YAML, as it will be saved (fields left at their default are not written)."""
    data = case_data(draft)
    try:
        case = CaseFile.model_validate(data)
    except ValueError:  # not valid yet: show what the form holds
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return dump_case_yaml(case)


# ---- checking and saving -------------------------------------------------------------------------


_PLACE_WORDS = {"mechanisms": "mechanism", "evidence": "evidence", "actors": "actor", "sources": "source",
                "level_claims": "level claim", "cited": "citation", "parties": "party"}  # fmt: skip


def place_in_words(place: str) -> str:
    """'mechanisms[1] (x) > actors[0]' as a reader counts: 'mechanism 2 (x) > actor 1'."""
    return re.sub(
        r"\b(mechanisms|evidence|actors|sources|level_claims|cited|parties)\[(\d+)\]",
        lambda m: f"{_PLACE_WORDS[m.group(1)]} {int(m.group(2)) + 1}",
        place,
    )


def _in_words(problem: Problem) -> Problem:
    return Problem("", place_in_words(problem.place), problem.field, problem.message, problem.severity)


def check_draft(draft: Draft, held: HeldRegistry | None) -> list[Problem]:
    """What the loader would say about the draft (errors first, then warnings), against the registry ``held``.

    An edit may change what its own practice declared (the loader's ``replace``); a new practice may not take
    the id of one the registry holds.
    """
    problems: list[Problem] = []
    ident = draft.practice_id.strip()
    if held is not None and not draft.editing and held.holds("practice", ident):
        title = held.entities["practice"][ident].get("title")
        problems.append(Problem("", "practice", "id", f"the registry already holds a practice '{ident}' "
                                f"({title}); give the new practice an id of its own, or edit that one"))  # fmt: skip
    if draft.editing and ident != draft.editing:
        problems.append(Problem("", "practice", "id", f"an edit keeps the practice's id '{draft.editing}'"))
    with _draft_folder(draft) as folder:
        _bundle, found = validate_paths([folder], held, replace=bool(draft.editing))
    problems += [_in_words(p) for p in found]
    return sorted(problems, key=lambda p: p.severity != "error")


class _draft_folder:  # noqa: N801 - used as a context manager, like tempfile's
    """A temporary folder holding the draft as its one case file; removed on leaving."""

    def __init__(self, draft: Draft):
        self.text = yaml.safe_dump(case_data(draft), sort_keys=False, allow_unicode=True, width=100)
        self.folder: Path | None = None

    def __enter__(self) -> Path:
        self.folder = Path(tempfile.mkdtemp(prefix="coordreg-draft-"))
        (self.folder / DRAFT_NAME).write_text(self.text, encoding="utf-8")
        return self.folder

    def __exit__(self, *exc: object) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Saved:
    practice_id: str
    report: LoadReport
    case_file: Path | None  # where the registry folder keeps it
    shown: str = ""  # that file inside the registry folder ("cases/x.yaml"): no path of the server


def save_draft(store: GraphStore, draft: Draft, held: HeldRegistry | None) -> Saved:
    """Check the draft, then load it (an edit replaces its own practice's file) into the store and the store's
    registry folder, and say where its case file is.

    Nothing is written when the draft has an error: ``CaseValidationError`` names them.
    """
    errors = [p for p in check_draft(draft, held) if p.severity == "error"]
    if errors:
        raise CaseValidationError(errors)
    case = CaseFile.model_validate(case_data(draft))
    ident = case.owner or draft.practice_id
    folder = registry_folder_for(store)
    with tempfile.TemporaryDirectory(prefix="coordreg-edit-") as temporary:
        (Path(temporary) / f"{ident}.yaml").write_text(dump_case_yaml(case), encoding="utf-8")
        report = load_paths(store, [Path(temporary)], replace=bool(draft.editing), folder=folder)
    case_file = folder.case_file_of(ident)
    shown = ""
    if case_file is not None:
        shown = str(case_file.relative_to(folder.path)) if case_file.is_relative_to(folder.path) else case_file.name
    return Saved(ident, report, case_file, shown)


def preview_draft(store: GraphStore, draft: Draft, held: HeldRegistry | None) -> list[dict[str, Any]] | None:
    """What saving the draft would add, change and remove, per entity and field (``registry.change_preview``);
    None when the draft has errors."""
    with _draft_folder(draft) as folder:
        bundle, problems = validate_paths([folder], held, replace=bool(draft.editing))
        if any(p.severity == "error" for p in problems):
            return None
        return preview_changes(store, bundle).as_records()


# ---- choices for the pickers -------------------------------------------------------------------


def _named(ident: str, name: Any) -> str:
    shown = name if isinstance(name, str) and name.strip() else ""
    return f"{shown} · {ident}" if shown and shown != ident else ident


def actor_choices(held: HeldRegistry, draft: Draft | None = None) -> dict[str, str]:
    """id -> "name · id" for every actor of the registry and every actor the draft declares, by name."""
    rows = {ident: _named(ident, row.get("name")) for ident, row in held.entities.get("actor", {}).items()}
    for actor in (draft.rest.get("actors") or []) if draft else []:
        rows.setdefault(str(actor.get("id")), _named(str(actor.get("id")), actor.get("name")))
    for new in draft.new_actors if draft else []:
        if new.id:
            rows[new.id] = _named(new.id, new.name)
    return dict(sorted(rows.items(), key=lambda item: item[1].lower()))


def source_choices(held: HeldRegistry, draft: Draft | None = None) -> dict[str, str]:
    """id -> "citation · id" for every source of the registry and every source the draft declares."""

    def short(citation: Any) -> str:
        text = citation if isinstance(citation, str) else ""
        return text if len(text) <= 90 else text[:89].rstrip() + "…"

    rows = {ident: _named(ident, short(row.get("citation"))) for ident, row in held.entities.get("source", {}).items()}
    for source in (draft.rest.get("sources") or []) if draft else []:
        rows.setdefault(str(source.get("id")), _named(str(source.get("id")), short(source.get("citation"))))
    for new in draft.new_sources if draft else []:
        if new.id:
            rows[new.id] = _named(new.id, short(new.citation))
    return dict(sorted(rows.items(), key=lambda item: item[1].lower()))


def agreement_choices(held: HeldRegistry, draft: Draft | None = None) -> dict[str, str]:
    rows = {ident: _named(ident, row.get("title")) for ident, row in held.entities.get("agreement", {}).items()}
    for agreement in (draft.rest.get("agreements") or []) if draft else []:
        rows.setdefault(str(agreement.get("id")), _named(str(agreement.get("id")), agreement.get("title")))
    return dict(sorted(rows.items(), key=lambda item: item[1].lower()))


def taken_ids(held: HeldRegistry | None, kind: str, draft: Draft) -> set[str]:
    """Ids a new item of ``kind`` must not take: the registry's and the draft's own."""
    taken = set((held.entities.get(kind, {}) if held else {}).keys())
    if kind == "actor":
        taken |= {str(a.get("id")) for a in draft.rest.get("actors") or []} | {a.id for a in draft.new_actors}
    elif kind == "source":
        taken |= {str(s.get("id")) for s in draft.rest.get("sources") or []} | {s.id for s in draft.new_sources}
    elif kind in {"mechanism", "evidence", "level claim"}:
        for other in ("mechanism", "evidence", "level claim"):
            taken |= set((held.entities.get(other, {}) if held else {}).keys())
        taken |= {m.id for m in draft.mechanisms} | {e.id for e in draft.evidence} | {_claim_id(draft)}
    return taken


def add_mechanism(draft: Draft, held: HeldRegistry | None) -> DraftMechanism:
    mechanism = DraftMechanism(id=new_id("mechanism", taken_ids(held, "mechanism", draft), prefix=draft.practice_id))
    draft.mechanisms.append(mechanism)
    return mechanism


def add_evidence(draft: Draft, held: HeldRegistry | None) -> DraftEvidence:
    item = DraftEvidence(id=new_id("evidence", taken_ids(held, "evidence", draft), prefix=draft.practice_id))
    draft.evidence.append(item)
    return item


def add_actor(draft: Draft, held: HeldRegistry | None, name: str, kind: str, country: str) -> NewActor:
    """Declare a new actor; its id comes from its country and name ("bra-new-agency")."""
    prefix = country.lower() if country else ""
    actor = NewActor(id=new_id(name, taken_ids(held, "actor", draft), prefix=prefix), name=name.strip(),
                     kind=kind, country=country)  # fmt: skip
    draft.new_actors.append(actor)
    return actor


def add_source(draft: Draft, held: HeldRegistry | None, citation: str, publisher: str, year: int | None,
               url: str) -> NewSource:  # fmt: skip
    """Declare a new source; its id comes from its publisher, year and first words ("ilo-2021-social-...")."""
    words = " ".join(citation.split()[:4])
    source = NewSource(id=new_id(f"{publisher} {year or ''} {words}", taken_ids(held, "source", draft)),
                       citation=citation.strip(), publisher=publisher.strip(), year=year, url=url.strip())  # fmt: skip
    draft.new_sources.append(source)
    return source


def renumbered(draft: Draft, held: HeldRegistry | None) -> None:
    """Give a new practice's mechanisms and evidence ids that follow its id, once the id is chosen."""
    if draft.editing or not draft.practice_id:
        return
    renamed: dict[str, str] = {}
    groups: list[tuple[list[DraftMechanism | DraftEvidence], str]] = [
        ([*draft.mechanisms], "mechanism"),
        ([*draft.evidence], "evidence"),
    ]
    for items, word in groups:
        for item in items:
            if not item.rest and not item.id.startswith(f"{draft.practice_id}-"):
                taken = taken_ids(held, word, draft) - {item.id}
                renamed[item.id] = item.id = new_id(word, taken, prefix=draft.practice_id)
    for evidence in draft.evidence:  # evidence follows its mechanism to the new id
        evidence.mechanism = renamed.get(evidence.mechanism, evidence.mechanism)
