// title: Practice evidence (app)
// question: Which costs and benefits do the sources record for this practice, with which figures, and where?
// param: practice (string, required) The practice id, e.g. arg-intercosecha
// columns: evidence_id, kind, category, description_en, description_fr, figure_values, figure_units, figure_labels,
// columns: mechanism, source, locator
// backends: falkordb, neo4j
MATCH (p:Practice {id: $practice})-[:HAS_EVIDENCE]->(e:Evidence)
OPTIONAL MATCH (e)-[:CONCERNS]->(m:Mechanism)
OPTIONAL MATCH (e)-[:CITES]->(s:Source)
RETURN e.id AS evidence_id,
       e.kind AS kind,
       e.category AS category,
       e.description_en AS description_en,
       e.description_fr AS description_fr,
       e.figure_values AS figure_values,
       e.figure_units AS figure_units,
       e.figure_labels AS figure_labels,
       m.label AS mechanism,
       s.id AS source,
       e.locator AS locator
ORDER BY kind, evidence_id
