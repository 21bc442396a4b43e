"""A synthetic registry of any size, for scale benchmarks and tests.

Real registries are not uniform, and neither is this one: a few institutions
(a country's labour ministry, its social-security institution, a handful of
international organisations) take part in a large share of the practices while
most actors appear once or twice. Participation is therefore drawn from Zipf
distributions over an actor pool that grows with the registry (about 0.3
actors per practice), per country, so practices of one country overlap through
their shared institutions and the same function for the same population is
carried by several practices — the duplication the analyses look for.

Deterministic: the same ``practices`` and ``seed`` give byte-identical files.
Everything is built as ``CaseFile`` models and written with the YAML writer
the exports use, so the output passes ``coordreg validate`` by construction.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from loaders.yaml_cases import dump_case_yaml
from registry.errors import CoordregError
from registry.schema.model import CaseFile
from registry.schema.vocabulary import FUNCTION_IDS, LEVEL_IDS, SSE_ROLES

T = TypeVar("T")

# Real countries with the ISSA region they belong to and a language for the original titles.
COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("ARG", "Americas", "es"), ("BRA", "Americas", "pt"), ("MEX", "Americas", "es"), ("URY", "Americas", "es"),
    ("CHL", "Americas", "es"), ("COL", "Americas", "es"), ("PER", "Americas", "es"), ("CRI", "Americas", "es"),
    ("DOM", "Americas", "es"), ("ECU", "Americas", "es"), ("PRY", "Americas", "es"), ("CAN", "Americas", "en"),
    ("USA", "Americas", "en"), ("BOL", "Americas", "es"), ("PAN", "Americas", "es"), ("FRA", "Europe", "fr"),
    ("BEL", "Europe", "fr"), ("ESP", "Europe", "es"), ("ITA", "Europe", "it"), ("DEU", "Europe", "de"),
    ("PRT", "Europe", "pt"), ("GBR", "Europe", "en"), ("NLD", "Europe", "nl"), ("POL", "Europe", "pl"),
    ("SWE", "Europe", "sv"), ("FIN", "Europe", "fi"), ("AUT", "Europe", "de"), ("IRL", "Europe", "en"),
    ("SEN", "Africa", "fr"), ("GHA", "Africa", "en"), ("RWA", "Africa", "en"), ("MAR", "Africa", "fr"),
    ("CIV", "Africa", "fr"), ("KEN", "Africa", "en"), ("CMR", "Africa", "fr"), ("TUN", "Africa", "fr"),
    ("ZAF", "Africa", "en"), ("NGA", "Africa", "en"), ("DJI", "Africa", "fr"), ("EGY", "Arab States", "ar"),
    ("JOR", "Arab States", "ar"), ("OMN", "Arab States", "ar"), ("SAU", "Arab States", "ar"),
    ("PHL", "Asia and the Pacific", "en"), ("KOR", "Asia and the Pacific", "ko"), ("JPN", "Asia and the Pacific", "ja"),
    ("SGP", "Asia and the Pacific", "en"), ("IND", "Asia and the Pacific", "en"), ("IDN", "Asia and the Pacific", "id"),
    ("VNM", "Asia and the Pacific", "vi"), ("THA", "Asia and the Pacific", "th"), ("MYS", "Asia and the Pacific", "ms"),
    ("CHN", "Asia and the Pacific", "zh"), ("AUS", "Asia and the Pacific", "en"), ("NZL", "Asia and the Pacific", "en"),
    ("KAZ", "Asia and the Pacific", "ru"), ("MNG", "Asia and the Pacific", "mn"), ("LKA", "Asia and the Pacific", "si"),
    ("TUR", "Europe", "tr"), ("UKR", "Europe", "uk"),
)  # fmt: skip

# The first ranks of every country's pool: the institutions most practices involve.
CORE_KINDS = ("ministry", "social-security-institution", "tax-authority", "labour-inspectorate", "registry")
OTHER_KINDS = (
    "government-department", "subnational-government", "trade-union", "employer-organisation",
    "workers-organisation", "producer-association", "cooperative", "mutual", "association", "social-enterprise",
    "health-provider", "education-provider", "public-it-agency", "public-programme", "tripartite-body",
)  # fmt: skip
MECHANISM_ROLES = ("signatory", "co-planner", "implementer", "funder", "outreach", "data provider", "monitor")
PARTY_ROLE_CHOICES = ("signatory", "signatory", "signatory", "implementer", "approver", "beneficiary", "promoter")
AGREEMENT_KINDS = ("agreement", "convention", "memorandum", "resolution", "decree", "partnership")
FIGURE_UNITS = ("percent", "months", "beneficiaries", "enterprises", "days", "USD")
INSTRUMENTS = (("C102", "Social Security (Minimum Standards) Convention", 1952),
               ("R202", "Social Protection Floors Recommendation", 2012))  # fmt: skip
SOURCE_ID = "synthetic-registry"


@lru_cache(maxsize=1)
def seed_vocabularies() -> dict[str, tuple[str, ...]]:
    """Populations, benefits and evidence categories as the seed registry writes them."""
    from loaders import read_bundle
    from registry.loading import seed_registry_path

    bundle, _ = read_bundle([seed_registry_path()])
    found: dict[str, set[str]] = {"populations": set(), "benefits": set(), "cost": set(), "benefit": set()}
    for located in bundle.files:
        case = located.case
        if case.practice is not None:
            found["populations"].update(case.practice.populations)
            found["benefits"].update(case.practice.benefits)
        for m in case.mechanisms:
            found["populations"].update(m.populations)
        for ev in case.evidence:
            found[ev.kind].add(ev.category)
    return {key: tuple(sorted(values)) for key, values in found.items()}


class Zipf:
    """Draw items so that the k-th is chosen with weight 1 / k**exponent (heavy-tailed)."""

    def __init__(self, items: list[T] | tuple[T, ...], exponent: float):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, len(items) + 1)))

    def draw(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])]

    def distinct(self, rng: random.Random, count: int) -> list[Any]:
        chosen: list[Any] = []
        for _ in range(count * 20):  # bounded: small pools simply give fewer items
            item = self.draw(rng)
            if item not in chosen:
                chosen.append(item)
                if len(chosen) == count:
                    break
        return chosen


def _cite(locator: str, source: str = SOURCE_ID) -> list[dict[str, str]]:
    return [{"source": source, "locator": locator}]


@dataclass
class _Country:
    code: str
    region: str
    language: str
    actors: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    practices: int = 0


class _Generator:
    def __init__(self, practices: int, seed: int):
        self.n = practices
        self.rng = random.Random(seed)
        self.seed = seed
        self.width = max(5, len(str(practices)))
        vocab = seed_vocabularies()
        shuffled = list(FUNCTION_IDS)
        self.rng.shuffle(shuffled)
        self.functions = Zipf(shuffled, 0.9)
        self.populations = Zipf(self._shuffled(vocab["populations"]), 0.9)
        self.benefits = Zipf(self._shuffled(vocab["benefits"]), 0.9)
        self.categories = {kind: Zipf(self._shuffled(vocab[kind]), 0.8) for kind in ("cost", "benefit")}
        used = min(len(COUNTRIES), max(3, round(1.5 * practices**0.5)))
        self.countries = [_Country(*row) for row in COUNTRIES[:used]]
        self.country_of = Zipf(self.countries, 0.8)
        self.internationals = [f"syn-int-{i:02d}" for i in range(1, max(3, round(0.01 * 0.3 * practices)) + 1)]
        self.international_of = Zipf(self.internationals, 1.2)
        self.pools: dict[str, Zipf] = {}

    def _shuffled(self, items: tuple[str, ...]) -> list[str]:
        copy = list(items)
        self.rng.shuffle(copy)
        return copy

    def plan_countries(self) -> list[_Country]:
        """Which country each practice documents; pools grow with a country's share (~0.3 actors per practice)."""
        chosen = [self.country_of.draw(self.rng) for _ in range(self.n)]
        for country in chosen:
            country.practices += 1
        for country in self.countries:
            size = max(4, round(0.3 * country.practices))
            country.actors = [f"syn-{country.code.lower()}-a{i:04d}" for i in range(1, size + 1)]
        return chosen

    def catalogue(self) -> dict[str, CaseFile]:
        files: dict[str, CaseFile] = {}
        intl = [
            {"id": ident, "name": f"International organisation {i}", "acronym": f"IO{i}",
             "kind": "international-organisation" if i % 3 else "regional-organisation", "scope": "international",
             "cited": _cite(f"Annex A, international actor {i}")}
            for i, ident in enumerate(self.internationals, start=1)
        ]  # fmt: skip
        citation = f"Synthetic registry generated by `coordreg generate` (seed {self.seed})."
        sources = [{"id": SOURCE_ID, "citation": citation, "publisher": "coordreg", "year": 2025, "language": "en"}]
        instruments = [
            {"id": ident, "kind": "convention" if ident.startswith("C") else "recommendation", "title": title,
             "year": year, "cited": _cite(f"Annex B, {ident}")}
            for ident, title, year in INSTRUMENTS
        ]  # fmt: skip
        files["catalogue/international.yaml"] = CaseFile.model_validate(
            {"sources": sources, "instruments": instruments, "actors": intl}
        )
        for country in self.countries:
            actors = []
            for rank, ident in enumerate(country.actors, start=1):
                kind = CORE_KINDS[rank - 1] if rank <= len(CORE_KINDS) else self.rng.choice(OTHER_KINDS)
                scope = "national" if rank <= len(CORE_KINDS) else self.rng.choice(("national", "provincial", "local"))
                actors.append({
                    "id": ident, "name": f"{kind.replace('-', ' ').capitalize()} {rank} of {country.code}",
                    "kind": kind, "scope": scope, "country": country.code,
                    "cited": _cite(f"Annex A, {country.code} actor {rank}"),
                })  # fmt: skip
            files[f"catalogue/actors-{country.code.lower()}.yaml"] = CaseFile.model_validate({"actors": actors})
        return files

    def _pool(self, country: _Country) -> Zipf:
        if country.code not in self.pools:
            self.pools[country.code] = Zipf(country.actors, 1.1)
        return self.pools[country.code]

    def _actors_for(self, country: _Country) -> list[str]:
        pool = self._pool(country)
        count = self.rng.randint(3, 7)
        chosen: list[str] = []
        for _ in range(count * 20):
            actor = self.international_of.draw(self.rng) if self.rng.random() < 0.08 else pool.draw(self.rng)
            if actor not in chosen:
                chosen.append(actor)
            if len(chosen) == count:
                break
        return chosen

    def practice(self, index: int, country: _Country) -> CaseFile:
        rng = self.rng
        pid = f"syn-{index:0{self.width}d}"
        gp_source = f"{pid}-gp"
        actors = self._actors_for(country)
        levels = sorted(
            rng.choice([("macro", "meso"), ("meso", "micro"), ("macro", "micro"), tuple(LEVEL_IDS)]),
            key=LEVEL_IDS.index,
        )
        populations = self.populations.distinct(rng, rng.randint(1, 2))
        agreements = self._agreements(pid, gp_source, country, actors) if "macro" in levels else []
        used_agreements = [g["id"] for g in agreements]
        if "macro" in levels and country.agreements and rng.random() < 0.15:
            used_agreements.append(rng.choice(country.agreements))  # an agreement another practice declared
        country.agreements.extend(g["id"] for g in agreements)
        mechanisms: list[dict[str, Any]] = []
        for level in levels:
            for _ in range(rng.randint(1, 2)):
                number = len(mechanisms) + 1
                mechanisms.append({
                    "id": f"{pid}-m{number}", "level": level, "label": f"{level.capitalize()} mechanism {number}",
                    "description": {"en": f"Mechanism {number} of practice {index}, at the {level} level."},
                    "actors": [{"actor": a, "role": rng.choice(MECHANISM_ROLES)}
                               for a in rng.sample(actors, rng.randint(1, min(4, len(actors))))],
                    "agreements": used_agreements if level == "macro" else [],
                    "functions": self.functions.distinct(rng, rng.randint(1, 3)),
                    "populations": rng.sample(populations, rng.randint(0, len(populations))),
                    "order": number, "cited": _cite(f"Table 1, row {number}", gp_source),
                })  # fmt: skip
        title = f"Coordination practice {index} ({country.code})"
        case = {
            "practice": {
                "id": pid, "collection": f"synthetic-{country.region.lower().replace(' ', '-')}",
                "title": {"original": title, "language": country.language, "en": title},
                "countries": [country.code], "region": country.region,
                "years": [rng.randint(1995, 2024)],
                "summary": {"en": f"A synthetic practice of {country.code} with {len(mechanisms)} mechanisms."},
                "populations": populations, "benefits": self.benefits.distinct(rng, rng.randint(1, 3)),
                "instruments": [ident for ident, _, _ in INSTRUMENTS if rng.random() < 0.15],
                "sse_roles": [rng.choice(SSE_ROLES)] if rng.random() < 0.2 else [],
                "documented_by": self.international_of.draw(rng) if rng.random() < 0.5 else None,
                "display_order": index, "cited": _cite("Section 1", gp_source),
            },
            "sources": [{"id": gp_source, "citation": f"Good-practice document of practice {index} (synthetic).",
                         "publisher": "coordreg", "year": 2025}],
            "agreements": agreements,
            "mechanisms": mechanisms,
            "level_claims": self._claims(pid, gp_source, levels),
            "evidence": self._evidence(pid, gp_source, mechanisms),
        }  # fmt: skip
        return CaseFile.model_validate(case)

    def _agreements(self, pid: str, source: str, country: _Country, actors: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        found = []
        for number in range(1, (2 if rng.random() < 0.3 else 1) + 1):
            wanted = rng.randint(2, 6)
            parties = actors[:wanted] + [a for a in self._pool(country).distinct(rng, wanted) if a not in actors]
            found.append({
                "id": f"{pid}-g{number}", "title": f"Agreement {number} of {pid}", "kind": rng.choice(AGREEMENT_KINDS),
                "purpose": {"en": "Sets who does what in the practice."}, "year": rng.randint(1995, 2024),
                "parties": [{"actor": a, "role": rng.choice(PARTY_ROLE_CHOICES)} for a in parties[:wanted]],
                "cited": _cite(f"Section 2, agreement {number}", source),
            })  # fmt: skip
        return found

    def _claims(self, pid: str, source: str, levels: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        claims = [{"id": f"{pid}-c1", "levels": levels, "status": "stated", "locator": "Table 1", "source": source}]
        if rng.random() < 0.4:
            claims.append({"id": f"{pid}-c2", "levels": levels, "status": "stated",
                           "locator": "Section 2, paragraph 1", "source": source})  # fmt: skip
        if rng.random() < 0.1:
            claims.append({"id": f"{pid}-c3", "levels": levels, "status": "inferred", "locator": "Section 3",
                           "rationale": "The text describes work at these levels.", "source": source})  # fmt: skip
        if rng.random() < 0.05:  # a passage that disagrees: one level more, or one fewer
            missing = [lvl for lvl in LEVEL_IDS if lvl not in levels]
            other = levels + missing[:1] if missing else levels[1:]
            claims.append({"id": f"{pid}-c4", "levels": sorted(other, key=LEVEL_IDS.index), "status": "stated",
                           "locator": "Introduction, paragraph 2", "source": source})  # fmt: skip
        return claims

    def _evidence(self, pid: str, source: str, mechanisms: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng = self.rng
        items = []
        for number in range(1, rng.randint(0, 3) + 1):
            kind = "cost" if rng.random() < 0.25 else "benefit"
            figures = [{"value": round(rng.uniform(1, 500), 1), "unit": rng.choice(FIGURE_UNITS),
                        "label": f"figure {k + 1}"} for k in range(rng.randint(0, 2))]  # fmt: skip
            items.append({
                "id": f"{pid}-e{number}", "kind": kind, "category": self.categories[kind].draw(rng),
                "description": {"en": f"A {kind} the source reports for this practice."}, "figures": figures,
                "mechanism": rng.choice(mechanisms)["id"] if rng.random() < 0.5 else None,
                "source": source, "locator": f"Section 4, paragraph {number}",
            })  # fmt: skip
        return items


def generate_cases(practices: int, seed: int) -> dict[str, CaseFile]:
    """The registry as {relative path: case}, catalogue files first."""
    if practices < 1:
        raise CoordregError("a synthetic registry needs at least one practice")
    gen = _Generator(practices, seed)
    chosen = gen.plan_countries()
    files = gen.catalogue()
    for index, country in enumerate(chosen, start=1):
        files[f"cases/syn-{index:0{gen.width}d}.yaml"] = gen.practice(index, country)
    return files


def generate_registry(practices: int, seed: int, out: Path) -> list[Path]:
    """Write a synthetic registry of ``practices`` case files into ``out`` (which must be empty or new)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CoordregError(f"{out} is not an empty folder; choose a new one so no file is overwritten")
    files = generate_cases(practices, seed)
    written = []
    header = f"# Synthetic case generated by `coordreg generate --practices {practices} --seed {seed}`.\n"
    for relative, case in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(header + dump_case_yaml(case), encoding="utf-8")
        written.append(target)
    return written
