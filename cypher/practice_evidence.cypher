// title: Practice evidence
// question: Which costs and benefits of coordination do the sources record for one practice, with which figures, and where exactly?
// param: practice (string, required) The practice id, e.g. ury-public-software-reuse
// columns: evidence_id, kind, category, description_en, description_fr, figures, mechanism_id, mechanism,
// columns: source_id, locator, figure_details, mechanism_other_languages
// backends: falkordb, neo4j
// note: figures is a list of {value, unit, label} (numbers kept as numbers). mechanism is the label of the
// note: mechanism the item belongs to, when it belongs to one. locator says where in the source the item is.
// note: Rows: benefits, then costs, each in id order.
// note: figures gives value, unit and label (a range by its lower bound); figure_details gives each figure whole, as
// note: JSON text (range, qualifier, currency, the year it holds for, observed or expected).
// note: mechanism_other_languages holds the mechanism's label in other languages ("fr: …").
MATCH (p:Practice {id: $practice})-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (e)-[:CONCERNS]->(m:Mechanism)
WITH e, m, coalesce(e.figure_values, []) AS values
RETURN e.id AS evidence_id,
       e.kind AS kind,
       e.category AS category,
       e.description_en AS description_en,
       e.description_fr AS description_fr,
       [i IN range(0, size(values) - 1) |
         {value: values[i], unit: e.figure_units[i], label: e.figure_labels[i]}] AS figures,
       m.id AS mechanism_id,
       m.label AS mechanism,
       e.source_id AS source_id,
       e.locator AS locator,
       coalesce(e.figures, []) AS figure_details,
       coalesce(m.other_languages, []) AS mechanism_other_languages
ORDER BY kind, evidence_id
