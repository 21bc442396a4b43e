// title: Practice actors (app)
// question: Which actors take part in this practice's mechanisms, in which roles and at which levels?
// param: practice (string, required) The practice id, e.g. arg-intercosecha
// columns: actor_id, name, acronym, kind, country, roles, levels, mechanisms, other_languages
// backends: falkordb, neo4j
// note: An actor takes part when one of the practice's mechanisms INVOLVES it. Rows: most mechanisms first, then id.
// note: other_languages holds the actor's name in other languages ("fr: …"), the French one shown in French.
MATCH (p:Practice {id: $practice})-[:HAS_MECHANISM]->(m:Mechanism)-[r:INVOLVES]->(a:Actor)
WITH a, m, r
ORDER BY m.order, m.id
WITH a, collect(DISTINCT r.role) AS roles, collect(DISTINCT m.levels) AS level_sets, count(DISTINCT m) AS mechanisms
RETURN a.id AS actor_id,
       a.name AS name,
       a.acronym AS acronym,
       a.kind AS kind,
       a.country AS country,
       roles,
       [level IN ['macro', 'meso', 'micro'] WHERE any(chosen IN level_sets WHERE level IN chosen)] AS levels,
       mechanisms,
       coalesce(a.other_languages, []) AS other_languages
ORDER BY mechanisms DESC, actor_id
