// title: Practice agreements (app)
// question: Which agreements does this practice rest on, what are they for, and who are their parties?
// param: practice (string, required) The practice id, e.g. arg-intercosecha
// columns: agreement_id, title, kind, year, purpose_en, purpose_fr, parties, other_languages
// backends: falkordb, neo4j
// note: The agreements the practice declares (HAS_AGREEMENT) or its mechanisms USE; parties as "name (role)".
// note: other_languages holds the title in other languages ("fr: …"), the French one shown in French.
MATCH (p:Practice {id: $practice})
OPTIONAL MATCH (p)-[:HAS_AGREEMENT]->(g1:Agreement)
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(:Mechanism)-[:USES]->(g2:Agreement)
WITH collect(DISTINCT g1) + collect(DISTINCT g2) AS found
UNWIND found AS g
WITH DISTINCT g
OPTIONAL MATCH (g)-[r:PARTY]->(a:Actor)
WITH g, a, r
ORDER BY a.id
WITH g, [x IN collect(CASE WHEN a IS NULL THEN null ELSE coalesce(a.acronym, a.name) + ' (' + coalesce(r.role, '?') + ')' END)
         WHERE x IS NOT NULL] AS parties
RETURN g.id AS agreement_id,
       g.title AS title,
       g.kind AS kind,
       g.year AS year,
       g.purpose_en AS purpose_en,
       g.purpose_fr AS purpose_fr,
       parties,
       coalesce(g.other_languages, []) AS other_languages
ORDER BY agreement_id
