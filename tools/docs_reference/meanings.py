"""What each part of the model means, in words a researcher understands.

The code says which fields, labels, relationships and properties exist and
what type they have; it does not say what they mean. These tables do. The
generator refuses to write the model reference while any field, label,
relationship or property lacks a meaning here, or while a meaning names one
that no longer exists, so the reference cannot drift from the code.
"""

from __future__ import annotations

# --- the case model (registry/schema/model.py), one entry per "Model.field"

MODEL_NOTES: dict[str, str] = {
    "CaseFile": "A whole case file: one practice with everything that belongs to it, or a catalogue file (no "
    "`practice`) holding actors, agreements, sources and instruments that many cases share.",
    "Practice": "The practice itself: one documented way institutions coordinate, as one source describes it.",
    "Title": "A practice's name as the source gives it, with its English (and French) rendering.",
    "LocalName": "A name or title in one more original language, for a country with several (Belgium's titles are "
    "Dutch and French). In a spreadsheet cell, or as a shortcut in YAML, write it `fr: Banque Carrefour …` "
    "(language code, colon, name).",
    "Text": "A description in English, with a French version when the author wrote one.",
    "Cited": "One citation: which source supports a fact, and where inside that source to read it.",
    "Source": "A document facts are taken from (an article, a brief, a web page).",
    "Instrument": "An international or regional instrument that practices relate to: an ILO convention or "
    "recommendation, an EU regulation, a multilateral social security agreement …",
    "FormerName": "A name the actor bore before, with when it bore it.",
    "Role": "A role a person held in an organisation, with when they held it.",
    "Actor": "An organisation (or a named group of organisations) that takes part in coordination, or a person "
    "who held a role in one.",
    "Party": "One actor's part in an agreement.",
    "Agreement": "A formal instrument between actors: an agreement, a convention, a law, a decree …",
    "MechanismActor": "One actor's part in a mechanism, in the source's words.",
    "Mechanism": "One coordination mechanism of a practice: usually one row of the practice's level table in its "
    "source. It works at one level or at several (a register kept by a ministry and filled at municipal desks is "
    "meso and micro).",
    "LevelClaim": "One statement, in one place of a source, that assigns coordination levels to the practice as a "
    "whole. Several claims may disagree; all are kept.",
    "Figure": 'A number the source gives for a cost or benefit: one value or a range, perhaps "about" or '
    '"more than", in a unit and perhaps a currency, for a year, measured or only expected.',
    "Evidence": "A cost or a benefit of coordination that a source names for the practice.",
}

FIELD_NOTES: dict[str, str] = {
    "CaseFile.practice": "The practice this file documents. Leave it out in a catalogue file.",
    "CaseFile.extends": "The id of a practice the registry already holds, when this file adds mechanisms, claims or "
    "evidence to it (instead of a 'practice' section).",
    "CaseFile.sources": "Sources declared in this file (they may also live in a catalogue file).",
    "CaseFile.instruments": "Instruments (ILO, EU, regional …) declared in this file.",
    "CaseFile.actors": "Actors declared in this file; any case may refer to them by id.",
    "CaseFile.agreements": "Agreements declared in this file; in a practice's file they belong to that practice.",
    "CaseFile.mechanisms": "The practice's mechanisms, in the order the source lists them.",
    "CaseFile.level_claims": "Every passage that says at which levels the practice coordinates.",
    "CaseFile.evidence": "The costs and benefits the sources record.",
    "Practice.id": "The practice's id, unique in the registry (e.g. `arg-intercosecha`).",
    "Practice.collection": "The collection the practice belongs to, usually one per source document "
    "(e.g. `issa-americas`).",
    "Practice.title": "Its title as the source gives it, with translations.",
    "Practice.countries": "The countries where it runs.",
    "Practice.regions": "The world regions it runs in, from [the list](vocabularies.md#regions) (e.g. `Americas`, "
    "or `Europe and Central Asia; Western Europe`).",
    "Practice.documented_by": "The actors (often an international organisation, or a ministry's secretariat) whose "
    "publications document it; one or several.",
    "Practice.years": "Years the source ties to the practice (start, award, report).",
    "Practice.when": "The period it ran (`2001/2013`), or since when it runs (`since 2003`), or the year it began.",
    "Practice.summary": "A short account of the practice, in the author's own words (paraphrase the source).",
    "Practice.populations": "The groups of people it is meant for; new slugs create new population nodes.",
    "Practice.benefits": "The benefits or services it delivers; new slugs create new benefit nodes.",
    "Practice.instruments": "Ids of the instruments it relates to (e.g. `C102`, `R202`, `eu-regulation-883-2004`).",
    "Practice.sse_roles": "For social and solidarity economy cases: the part SSE units play.",
    "Practice.display_order": "Its place in the source's own listing, so views can follow the source's order.",
    "Practice.cited": "Where the practice is described.",
    "Title.original": "The title in the language of the source.",
    "Title.language": "That language, as a two-letter ISO 639-1 code (e.g. `fr`). One language only: a title in "
    "two original languages gives the second under `other_languages`.",
    "Title.other_languages": "The title in each other original language (e.g. `fr: Banque Carrefour de la Sécurité "
    "Sociale` beside a Dutch `original`).",
    "LocalName.language": "The language, as a two-letter ISO 639-1 code.",
    "LocalName.text": "The name or title in that language.",
    "Title.en": "The title in English.",
    "Title.fr": "The title in French, if known.",
    "Text.en": "The English text.",
    "Text.fr": "The French text, if written.",
    "Cited.source": "The id of a declared source.",
    "Cited.locator": "Where in that source: a table and row, a section and paragraph, a page. Precise enough for a "
    "reader to find the passage in a minute.",
    "Source.id": "The source's id, used by every citation of it.",
    "Source.citation": "A full bibliographic reference.",
    "Source.publisher": "Who published it.",
    "Source.authors": "Its authors, people or bodies, in the order the source gives them.",
    "Source.year": "Year of publication.",
    "Source.url": "Where it can be read online.",
    "Source.accessed": "The day the web page was read: a page changes, so a reader needs to know which version.",
    "Source.archived_url": "The archived copy it was read through (e.g. on the Wayback Machine), when the page "
    "has moved or gone.",
    "Source.language": "Its language (two-letter code).",
    "Source.seed_file": "For the bundled registry: the seed text the facts were read from.",
    "Instrument.id": "For an ILO instrument, the ILO numbering: `C` for a convention, `R` for a recommendation, "
    "then its number. For any other, a slug (`eu-regulation-883-2004`).",
    "Instrument.kind": "What kind of instrument it is (convention, recommendation, regulation, treaty …).",
    "Instrument.title": "Its title.",
    "Instrument.issuer": "The body that adopted it (`ILO`, `European Union`, `MERCOSUR` …). May be left out for an "
    "ILO instrument (`C…`, `R…`): it is then `ILO`.",
    "Instrument.year": "Year of adoption.",
    "Instrument.cited": "Where the source mentions it.",
    "Actor.id": "The actor's id, unique in the registry; reuse it in every case the actor appears in.",
    "Actor.name": "Its name in English.",
    "Actor.acronym": "Its usual acronym (e.g. `MTEySS`).",
    "Actor.original_name": "Its name in its own language.",
    "Actor.other_languages": "Its name in each other official language (e.g. `fr: Banque Carrefour de la Sécurité "
    "Sociale`).",
    "Actor.former_names": "Names it bore before (a ministry renamed by successive governments), each with when; "
    "search finds the actor by them too.",
    "Actor.kinds": "What kind of organisation it is; one kind or several (a public bank that also runs an IT system).",
    "Actor.scopes": "The territories it acts for; one or several (a Belgian institution may be federal and regional).",
    "Actor.part_of": "The id of the actor it belongs to (a secretariat of a ministry, a programme of a ministry).",
    "Actor.roles": "For a person (`person` among its `kinds`): the roles they held in organisations.",
    "Actor.country": "Its country, for a national or subnational actor.",
    "Actor.countries": "Its countries, for an actor that spans several (a regional body).",
    "Actor.note": "Anything a reader should know: who a group actor stands for, an assumption made.",
    "Actor.cited": "Where the source names it.",
    "Party.actor": "The id of the actor.",
    "Party.role": "Its part in the agreement.",
    "Agreement.id": "The agreement's id.",
    "Agreement.title": "Its title or a short name.",
    "Agreement.other_languages": "Its title in French and each other language (e.g. `fr: Accord multilatéral de "
    "sécurité sociale du MERCOSUR`); the app shows the French one in French.",
    "Agreement.kind": "What kind of instrument it is.",
    "Agreement.purpose": "What it is for.",
    "Agreement.parties": "The actors that are party to it, each with its role.",
    "Agreement.when": "When it was signed or adopted (a year or a day), or the period it ran.",
    "Agreement.cited": "Where the source describes it.",
    "MechanismActor.actor": "The id of the actor.",
    "MechanismActor.role": "What it does in the mechanism, in a few words (free text).",
    "Mechanism.id": "The mechanism's id.",
    "Mechanism.levels": "The levels this mechanism coordinates at: one, or several when the source's row spans "
    "them (no level twice).",
    "Mechanism.label": "A short name for it.",
    "Mechanism.other_languages": "Its short name in French and each other language (e.g. `fr: Accord "
    "MTEySS–province`); the app shows the French one in French.",
    "Mechanism.description": "What happens, who does what.",
    "Mechanism.actors": "The actors that take part, each with its role.",
    "Mechanism.agreements": "Ids of the agreements it rests on.",
    "Mechanism.functions": "What it does for social security (at least one).",
    "Mechanism.populations": "The groups of people it reaches, if narrower than the practice's.",
    "Mechanism.when": "When it was set up, or the period it ran.",
    "Mechanism.order": "Its place among the practice's mechanisms.",
    "Mechanism.cited": "Where the source describes it.",
    "LevelClaim.id": "The claim's id.",
    "LevelClaim.levels": "The levels the passage assigns to the practice (no level twice).",
    "LevelClaim.status": "`stated` when the passage says so; `inferred` when the author of the case reads it from "
    "the passage, which then needs a rationale.",
    "LevelClaim.locator": "Where the passage is.",
    "LevelClaim.source": "The id of the source holding it.",
    "LevelClaim.rationale": "Why the levels were inferred (required for an inferred claim).",
    "FormerName.name": "The earlier name, as the actor bore it.",
    "FormerName.when": "When it bore that name (a period such as `2011/2015`), if known.",
    "Role.organisation": "The id of the actor (the organisation) the role was held in.",
    "Role.role": "The role, in the source's words (e.g. `Minister`, `Director general`).",
    "Role.when": "When the person held it, if known.",
    "Figure.value": "The number, when the source gives one; otherwise give a range.",
    "Figure.low": "The lower bound of a range (with `high`, instead of `value`).",
    "Figure.high": "The upper bound of a range.",
    "Figure.qualifier": "How exact the number is: `about`, `more than` or `less than` (also read: `approximately`, "
    "`over`, `under` …). Left out, the number is as the source gives it.",
    "Figure.unit": "What it is counted in (e.g. `workers`, `percent`, `billion`, `per family per month`); a currency "
    "goes in `currency`.",
    "Figure.unit_fr": "The unit in French (`mois`, `pour cent`), when written; without it the app in French shows "
    "the English unit marked (EN).",
    "Figure.currency": "The currency of a money figure, as an ISO 4217 code (`BRL`, `EUR`).",
    "Figure.as_of": "The year the figure holds for (a count of 2011, a budget for 2020).",
    "Figure.status": "`observed` for what was measured, `expected` for a target, a forecast or a budget.",
    "Figure.label": "What it counts.",
    "Figure.label_fr": "What it counts, in French, when written; without it the app in French shows the English "
    "label marked (EN).",
    "Evidence.id": "The evidence item's id.",
    "Evidence.kind": "A cost or a benefit.",
    "Evidence.category": "A short slug grouping similar items across practices (e.g. `duplicate-benefits-avoided`).",
    "Evidence.description": "What the source says, paraphrased.",
    "Evidence.figures": "Numbers the source gives for it.",
    "Evidence.mechanism": "The mechanism it comes from, when the source ties it to one.",
    "Evidence.source": "The id of the source.",
    "Evidence.locator": "Where in the source.",
}

# --- the graph (registry/schema/graph.py and registry/graph_writer.py)

LABEL_NOTES: dict[str, str] = {
    "Practice": "A coordination practice, written from a case file's `practice` section.",
    "Actor": "An organisation taking part in coordination, or a person who held a role in one; shared by every "
    "practice that names it.",
    "Agreement": "An agreement, convention, law … between actors.",
    "Mechanism": "One coordination mechanism of one practice, at one or more levels.",
    "Level": "One of the three coordination levels (macro, meso, micro), written by coordreg itself before any "
    "case, with its names and definitions in English and French.",
    "LevelClaim": "One source passage's statement of the levels a practice coordinates at.",
    "Evidence": "A cost or benefit of coordination a source records for a practice.",
    "Source": "A document the registry's facts come from.",
    "Function": "A social-security function a mechanism serves (a term of the `function` vocabulary, built in or "
    "the registry's own); created when first used.",
    "Population": "A group of people a practice targets or a mechanism reaches; created when first used.",
    "Benefit": "A benefit or service a practice delivers; created when first used.",
    "Instrument": "An international or regional instrument: an ILO convention or recommendation, an EU regulation …",
    "Term": "A term a registry adds to one of the built-in vocabularies (its `vocabulary.yaml`), with its labels "
    "and definition, so exports can give it back and pages can show its labels.",
    "Rename": "A slug a registry renamed (two spellings of one population, benefit, category or collection "
    "merged), so older files using the old slug still load.",
}

RELATIONSHIP_NOTES: dict[str, str] = {
    "Practice-HAS_MECHANISM->Mechanism": "The practice's mechanisms.",
    "Practice-HAS_AGREEMENT->Agreement": "Agreements declared in the practice's own case file.",
    "Practice-HAS_CLAIM->LevelClaim": "The level claims made about the practice.",
    "Practice-HAS_EVIDENCE->Evidence": "The costs and benefits recorded for the practice.",
    "Practice-DOCUMENTED_BY->Actor": "Who documented the practice, one relationship per actor (not a participant: "
    "not in the actor network).",
    "Practice-TARGETS->Population": "The people the practice is meant for.",
    "Practice-DELIVERS->Benefit": "The benefits or services it delivers.",
    "Practice-RELATES_TO->Instrument": "Instruments (ILO, EU, regional …) it relates to.",
    "Practice-CITES->Source": "Where the practice is described.",
    "Mechanism-AT_LEVEL->Level": "A level the mechanism works at (one relationship per level).",
    "Mechanism-INVOLVES->Actor": "An actor taking part in the mechanism.",
    "Mechanism-USES->Agreement": "An agreement the mechanism rests on.",
    "Mechanism-SERVES->Function": "A function the mechanism serves.",
    "Mechanism-REACHES->Population": "People the mechanism reaches.",
    "Mechanism-CITES->Source": "Where the mechanism is described.",
    "Agreement-PARTY->Actor": "An actor that is party to the agreement.",
    "Agreement-CITES->Source": "Where the agreement is described.",
    "Actor-CITES->Source": "Where the actor is named.",
    "Actor-PART_OF->Actor": "The actor it belongs to (`part_of`): a secretariat to its ministry, a programme to the "
    "body that runs it.",
    "Actor-HOLDS_ROLE->Actor": "A person's role in an organisation (`roles`), with the role and when it was held.",
    "Instrument-CITES->Source": "Where the instrument is mentioned.",
    "LevelClaim-ASSIGNS->Level": "A level the claim assigns (one relationship per level).",
    "LevelClaim-CITES->Source": "The passage the claim rests on.",
    "Evidence-CONCERNS->Mechanism": "The mechanism the cost or benefit comes from.",
    "Evidence-CITES->Source": "Where the source records it.",
}

# Properties that mean the same on every label that has them.
COMMON_PROPERTY_NOTES: dict[str, str] = {
    "id": "The node's id, unique within its label (a uniqueness constraint holds it).",
    "position": "Its place in the list of the case file that declared it (0 first); exports use it to write "
    "files back in their original order.",
    "declared_in": "The practice whose case file declares this shared node; absent when a catalogue file does.",
    "search_key": "Its names and id in lowercase without accents, for accent- and case-blind search.",
    "practice_id": "The id of the practice it belongs to (kept on the node for quick filtering).",
    "source_id": "The id of the source it cites.",
    "locator": "Where in the source (the same text as the citing relationship's `locator`).",
}

PROPERTY_NOTES: dict[str, str] = {
    "Practice.collection": "The collection it belongs to (e.g. `issa-americas`).",
    "Practice.title": "The English title (`title.en`).",
    "Practice.title_original": "The title in the source's language (`title.original`).",
    "Practice.title_language": "That language (`title.language`).",
    "Practice.title_fr": "The French title (`title.fr`), when given.",
    "Practice.title_other_languages": "The title in each other original language, as `fr: …`.",
    "Practice.countries": "ISO 3166 alpha-3 codes of its countries.",
    "Practice.region": "Its regions joined by `; ` (for readers that show one text; filter on `regions`).",
    "Practice.regions": "Its world regions, as named in the regions list.",
    "Practice.years": "Years the source ties to it.",
    "Practice.when": "The period it ran or since when it runs, in ISO form (`2001/2013`, `2003/..`).",
    "Practice.when_start_year": "The first year of `when`, for filtering and sorting by year.",
    "Practice.when_end_year": "The last year of `when`; absent while the period still runs.",
    "Practice.summary_en": "The summary in English.",
    "Practice.summary_fr": "The summary in French, when written.",
    "Practice.sse_roles": "Parts played by social and solidarity economy units.",
    "Practice.display_order": "Its place in the source's listing.",
    "Actor.name": "Its English name.",
    "Actor.acronym": "Its acronym, when it has one.",
    "Actor.original_name": "Its name in its own language, when given.",
    "Actor.other_languages": "Its name in each other language, as `fr: …`.",
    "Actor.former_names": "Names it bore before, in the case file's order.",
    "Actor.former_names_when": "When it bore each former name, in the same order (empty text where unknown).",
    "Actor.kind": "The first of its kinds (for readers that show one; filter on `kinds`).",
    "Actor.kinds": "What kinds of organisation it is.",
    "Actor.scope": "The first of its scopes (for readers that show one; filter on `scopes`).",
    "Actor.scopes": "The territories it acts for.",
    "Actor.part_of": "The id of the actor it belongs to (the same as its `PART_OF` relationship).",
    "Actor.country": "Its country, when it has one.",
    "Actor.countries": "Its countries: `countries` of the case file, or its one `country`.",
    "Actor.note": "The case file's note about it.",
    "Agreement.title": "Its title.",
    "Agreement.other_languages": "Its title in each other language, as `fr: …`.",
    "Agreement.kind": "What kind of instrument it is.",
    "Agreement.year": "The first year of `when` (kept for readers and queries written before `when`).",
    "Agreement.when": "When it was signed or adopted, or the period it ran, in ISO form (`1990-01-15`, `2001/2013`).",
    "Agreement.when_start_year": "The first year of `when`.",
    "Agreement.when_end_year": "The last year of `when`; absent while the period still runs.",
    "Agreement.purpose_en": "What it is for, in English.",
    "Agreement.purpose_fr": "What it is for, in French, when written.",
    "Mechanism.level": "The first of its levels (for readers that show one; match on `levels` or `AT_LEVEL`).",
    "Mechanism.levels": "Its levels, in macro, meso, micro order (the same as the `Level`s it points to with "
    "`AT_LEVEL`).",
    "Mechanism.when": "When it was set up, or the period it ran, in ISO form.",
    "Mechanism.when_start_year": "The first year of `when`.",
    "Mechanism.when_end_year": "The last year of `when`; absent while the period still runs.",
    "Mechanism.label": "Its short name.",
    "Mechanism.other_languages": "Its short name in each other language, as `fr: …`.",
    "Mechanism.description_en": "Its description in English.",
    "Mechanism.description_fr": "Its description in French, when written.",
    "Mechanism.order": "Its place among the practice's mechanisms.",
    "Level.order": "1 for macro, 2 for meso, 3 for micro.",
    "Level.position": "Its place among the levels (0 for macro).",
    "Level.name_en": "Its name in English.",
    "Level.name_fr": "Its name in French.",
    "Level.definition_en": "Its definition in English (paraphrased from the typology's source).",
    "Level.definition_fr": "Its definition in French.",
    "LevelClaim.levels": "The levels it assigns, in macro, meso, micro order.",
    "LevelClaim.levels_key": "The same levels joined by commas (`macro,meso`): two claims disagree when their keys "
    "differ.",
    "LevelClaim.status": "`stated` or `inferred`.",
    "LevelClaim.rationale": "Why the levels were inferred, when they were.",
    "Evidence.kind": "`cost` or `benefit`.",
    "Evidence.category": "The slug grouping similar items.",
    "Evidence.description_en": "What the source records, in English.",
    "Evidence.description_fr": "The same in French, when written.",
    "Evidence.figure_values": "The numbers, in the case file's order; a range by its lower bound (graph properties "
    "cannot hold maps, so each figure is spread over parallel lists, and whole in `figures`).",
    "Evidence.figure_units": "Their currencies, or their units where they have no currency, in the same order.",
    "Evidence.figure_labels": "What each counts, in the same order.",
    "Evidence.figures": "Each figure whole, as JSON text (value or low and high, qualifier, unit and unit_fr, "
    "currency, as_of, status, label and label_fr), in the same order.",
    "Evidence.mechanism_id": "The id of the mechanism it concerns, when there is one.",
    "Source.citation": "The full reference.",
    "Source.publisher": "Its publisher.",
    "Source.authors": "Its authors, when given.",
    "Source.year": "Year of publication, when known.",
    "Source.url": "Where to read it, when online.",
    "Source.accessed": "The day it was read online (`YYYY-MM-DD`), when given.",
    "Source.archived_url": "The archived copy it was read through, when given.",
    "Source.language": "Its language, when given.",
    "Source.seed_file": "The seed text it was read from (bundled registry).",
    "Function.name": "The slug with hyphens turned into spaces.",
    "Population.name": "The slug with hyphens turned into spaces.",
    "Benefit.name": "The slug with hyphens turned into spaces.",
    "Instrument.kind": "What kind of instrument it is.",
    "Instrument.title": "Its title.",
    "Instrument.issuer": "The body that adopted it (`ILO` for `C…` and `R…` ids unless the file says otherwise).",
    "Instrument.year": "Year of adoption.",
    "Term.id": "The vocabulary and the term joined by a colon (`function:socioeconomic-characterisation`).",
    "Term.vocabulary": "The vocabulary it adds to (`function`, `actor-kind` …).",
    "Term.term": "The term, as case files write it.",
    "Term.name_en": "Its label in English.",
    "Term.name_fr": "Its label in French.",
    "Term.definition": "Its one-line definition.",
    "Term.narrows": "The built-in term it makes more precise, when it names one.",
    "Term.position": "Its place among the registry's own terms, vocabulary by vocabulary (0 first).",
    "Rename.id": "The list and the old slug joined by a colon (`evidence-category:coverage-extended`).",
    "Rename.vocabulary": "The slug list: `population`, `benefit`, `evidence-category` or `collection`.",
    "Rename.old": "The slug older files still use (`from` in the vocabulary file).",
    "Rename.new": "The slug it is read as (`to`).",
    "Rename.note": "Why, in a sentence, when the file says.",
    "Rename.position": "Its place in the registry's list of renames (0 first).",
}

RELATIONSHIP_PROPERTY_NOTES: dict[str, str] = {
    "position": "Its place in the case file's list it comes from (0 first).",
    "locator": "Where in the source the fact is (on `CITES`).",
    "role": "The actor's role: a party role on `PARTY`, the source's words on `INVOLVES`, a person's role in the "
    "organisation on `HOLDS_ROLE`.",
    "when": "When the role was held, in ISO form (on `HOLDS_ROLE`).",
    "when_start_year": "The first year of `when`.",
    "when_end_year": "The last year of `when`; absent while the role is still held.",
}

# Definitions of the fixed lists' values where the code has none (the levels' are in registry/schema/levels.py).
FIXED_VALUE_NOTES: dict[str, str] = {
    "claim-status.stated": "The passage says in so many words at which levels the practice coordinates.",
    "claim-status.inferred": "The case's author reads the levels from the passage, which does not name them; the "
    "claim then carries a rationale.",
    "evidence-kind.cost": "What coordination costs or risks: money, staff time, delays, data exposed.",
    "evidence-kind.benefit": "What coordination brings: savings, people reached, errors or duplicate payments avoided.",
    "figure-qualifier.about": "The source gives the number as approximate.",
    "figure-qualifier.more-than": "The true number is above the one given.",
    "figure-qualifier.less-than": "The true number is below the one given.",
    "figure-status.expected": "A target, a forecast or a budget: what was planned, not what happened.",
    "figure-status.observed": "What was measured or counted.",
}

# Graph properties whose values come from a vocabulary or a list: the section of vocabularies.md that lists them.
PROPERTY_VOCABULARY: dict[str, str] = {
    "Practice.sse_roles": "sse-role",
    "Practice.region": "regions",
    "Practice.regions": "regions",
    "Actor.kind": "actor-kind",
    "Actor.kinds": "actor-kind",
    "Actor.scope": "actor-scope",
    "Actor.scopes": "actor-scope",
    "Agreement.kind": "agreement-kind",
    "Mechanism.level": "level",
    "Mechanism.levels": "level",
    "LevelClaim.levels": "level",
    "LevelClaim.status": "claim-status",
    "Evidence.kind": "evidence-kind",
    "Level.id": "level",
    "Function.id": "function",
    "Instrument.kind": "instrument-kind",
    "PARTY.role": "party-role",
}
