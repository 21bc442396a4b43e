// title: Actor network
// question: Which actors work together, and how closely: how many agreements are they both party to, and how many mechanisms do they both take part in?
// param: level (string, default null) Only ties made at this level: macro, meso or micro
// param: country (string, default null) Only ties made in practices of this country (ISO alpha-3, e.g. ARG)
// param: practice (string, default null) Only ties made in this practice, e.g. arg-intercosecha
// param: collection (string, default null) Only ties made in practices of this collection, e.g. issa-americas
// param: actor_kind (string, default null) Only actors of this kind, at both ends of a tie (e.g. ministry)
// columns: source, target, weight, shared_agreements, shared_mechanisms, levels, practices, agreements, mechanisms,
// columns: source_name, source_label, source_kind, source_country, target_name, target_label, target_kind, target_country
// backends: falkordb, neo4j
// note: One row per pair of actors (source id < target id). Two actors are tied when both are PARTY to one
// note: agreement or both INVOLVED in one mechanism; weight = shared_agreements + shared_mechanisms.
// note: An agreement's context is every practice and level where a mechanism uses it, plus the practice that
// note: declares it (no level); the filters keep a tie when one of its contexts passes them all.
// note: Organisations that only documented a practice (DOCUMENTED_BY) are not in the network.
// note: This is the projection actor_centrality measures.
MATCH (g:Agreement)
OPTIONAL MATCH (p:Practice)-[:HAS_MECHANISM]->(m:Mechanism)-[:USES]->(g)
OPTIONAL MATCH (m)-[:AT_LEVEL]->(l:Level)
WITH g, collect({practice: p.id, level: l.id, level_order: l.order, collection: p.collection, countries: p.countries}) AS used
OPTIONAL MATCH (h:Practice)-[:HAS_AGREEMENT]->(g)
WITH g, used + collect({practice: h.id, level: null, level_order: null, collection: h.collection, countries: h.countries}) AS contexts
WITH g, [c IN contexts WHERE c.practice IS NOT NULL
           AND ($practice IS NULL OR c.practice = $practice)
           AND ($level IS NULL OR c.level = $level)
           AND ($collection IS NULL OR c.collection = $collection)
           AND ($country IS NULL OR $country IN c.countries)] AS kept
WHERE size(kept) > 0
MATCH (a1:Actor)<-[:PARTY]-(g)-[:PARTY]->(a2:Actor)
WHERE a1.id < a2.id AND ($actor_kind IS NULL OR (a1.kind = $actor_kind AND a2.kind = $actor_kind))
UNWIND kept AS c
WITH collect({source: a1.id, target: a2.id, agreement: g.id, mechanism: null, level: c.level,
              level_order: c.level_order, practice: c.practice}) AS agreement_ties
OPTIONAL MATCH (p:Practice)-[:HAS_MECHANISM]->(m:Mechanism)-[:AT_LEVEL]->(l:Level),
               (a1:Actor)<-[:INVOLVES]-(m)-[:INVOLVES]->(a2:Actor)
WHERE a1.id < a2.id
  AND ($practice IS NULL OR p.id = $practice)
  AND ($level IS NULL OR l.id = $level)
  AND ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
  AND ($actor_kind IS NULL OR (a1.kind = $actor_kind AND a2.kind = $actor_kind))
WITH agreement_ties,
     collect({source: a1.id, target: a2.id, agreement: null, mechanism: m.id, level: l.id,
              level_order: l.order, practice: p.id}) AS mechanism_ties
UNWIND [t IN agreement_ties + mechanism_ties WHERE t.source IS NOT NULL] AS tie
// Three passes, each sorting before it collects, so every list comes back in a stable order.
WITH tie
ORDER BY tie.level_order
WITH tie.source AS source, tie.target AS target, collect(DISTINCT tie.level) AS levels, collect(tie) AS ties
UNWIND ties AS tie
WITH source, target, levels, tie
ORDER BY tie.practice
WITH source, target, levels, collect(DISTINCT tie.practice) AS practices, collect(tie) AS ties
UNWIND ties AS tie
WITH source, target, levels, practices, tie
ORDER BY tie.agreement, tie.mechanism
WITH source, target, levels, practices,
     collect(DISTINCT tie.agreement) AS agreements, collect(DISTINCT tie.mechanism) AS mechanisms
MATCH (s:Actor {id: source})
MATCH (t:Actor {id: target})
RETURN source,
       target,
       size(agreements) + size(mechanisms) AS weight,
       size(agreements) AS shared_agreements,
       size(mechanisms) AS shared_mechanisms,
       levels,
       practices,
       agreements,
       mechanisms,
       s.name AS source_name,
       coalesce(s.acronym, s.name) AS source_label,
       s.kind AS source_kind,
       s.country AS source_country,
       t.name AS target_name,
       coalesce(t.acronym, t.name) AS target_label,
       t.kind AS target_kind,
       t.country AS target_country
ORDER BY weight DESC, source, target
