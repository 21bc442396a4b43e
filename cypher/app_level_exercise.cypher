// title: Mechanisms to sort into levels (app training exercise)
// question: Which mechanisms does the registry record, at which level, for which practice — the answers of the self-check exercise?
// param: collection (string, default null) Only mechanisms of this collection's practices
// columns: mechanism_id, label, description_en, description_fr, level, practice_id, practice_title, practice_title_fr,
// columns: other_languages
// backends: falkordb, neo4j
// note: A mechanism that works at two levels is left out: a question must have one right answer.
// note: other_languages holds the label in other languages ("fr: …"), the French one shown in French.
MATCH (p:Practice)-[:HAS_MECHANISM]->(m:Mechanism)-[:AT_LEVEL]->(l:Level)
WHERE ($collection IS NULL OR p.collection = $collection) AND size(coalesce(m.levels, [l.id])) = 1
RETURN m.id AS mechanism_id,
       m.label AS label,
       m.description_en AS description_en,
       m.description_fr AS description_fr,
       l.id AS level,
       p.id AS practice_id,
       p.title AS practice_title,
       p.title_fr AS practice_title_fr,
       coalesce(m.other_languages, []) AS other_languages
ORDER BY mechanism_id
