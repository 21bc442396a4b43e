// title: Practice levels table
// question: What does this practice's own table say: at each level, which mechanisms, with which actors and agreements?
// param: practice (string, required) The practice id, e.g. arg-intercosecha
// columns: level, mechanism, actors, agreements, functions, description, mechanism_id, description_fr,
// columns: actor_names, actor_other_languages, mechanism_other_languages, agreement_other_languages
// backends: falkordb, neo4j
// note: Rows follow the source table: levels macro, meso, micro, then the table's row order; a mechanism at two
// note: levels has a row under each. description is in English, description_fr in French where the case gives it.
// note: actors names each actor by its acronym, else its name; actor_names and actor_other_languages give, in the
// note: same order, each one's name and its names in other languages ("fr: …"). mechanism_other_languages holds
// note: the mechanism's label in other languages; agreement_other_languages, in the order of agreements, each
// note: agreement's title in other languages.
MATCH (p:Practice {id: $practice})-[:HAS_MECHANISM]->(m:Mechanism)-[:AT_LEVEL]->(l:Level)
OPTIONAL MATCH (m)-[:INVOLVES]->(a:Actor)
WITH l, m, a
ORDER BY a.id
WITH l, m, collect(DISTINCT a) AS involved
WITH l, m, [x IN involved | coalesce(x.acronym, x.name)] AS actors, [x IN involved | x.name] AS actor_names,
     [x IN involved | coalesce(x.other_languages, [])] AS actor_other_languages
OPTIONAL MATCH (m)-[:USES]->(g:Agreement)
WITH l, m, actors, actor_names, actor_other_languages, g
ORDER BY g.id
WITH l, m, actors, actor_names, actor_other_languages, collect(DISTINCT g) AS used
WITH l, m, actors, actor_names, actor_other_languages, [x IN used | x.title] AS agreements,
     [x IN used | coalesce(x.other_languages, [])] AS agreement_other_languages
OPTIONAL MATCH (m)-[:SERVES]->(f:Function)
WITH l, m, actors, actor_names, actor_other_languages, agreements, agreement_other_languages, f
ORDER BY f.id
WITH l, m, actors, actor_names, actor_other_languages, agreements, agreement_other_languages,
     collect(DISTINCT f.id) AS functions
RETURN l.id AS level,
       m.label AS mechanism,
       actors,
       agreements,
       functions,
       m.description_en AS description,
       m.id AS mechanism_id,
       m.description_fr AS description_fr,
       actor_names,
       actor_other_languages,
       coalesce(m.other_languages, []) AS mechanism_other_languages,
       agreement_other_languages
ORDER BY l.order, m.order, mechanism_id
