// title: Compare two practices
// question: How do two practices compare, side by side: levels, actors, agreements, functions, populations and evidence?
// param: a (string, required) The first practice's id, e.g. arg-intercosecha
// param: b (string, required) The second practice's id, e.g. arg-digital-payroll-single-window
// columns: aspect, a, b, shared, only_a, only_b, a_names, b_names, a_other_languages, b_other_languages
// backends: falkordb, neo4j
// note: One row per aspect, in a fixed order: title, countries, collection, claimed levels (every level a stated
// note: claim assigns; inferred claims when there is no stated one), mechanism levels (levels of the practice's
// note: own table), actors (acronym or name; taking part as in actor_portfolio), agreements (titles), functions,
// note: populations, benefits, cost evidence and benefit evidence (categories). Each cell is a list;
// note: `shared` = in both, `only_a` / `only_b` = in one practice only. An unknown id gives empty lists.
// note: For actors and agreements, a_names / b_names give, in the order of a / b, each one's name (an agreement's
// note: title) and a_other_languages / b_other_languages its names in other languages ("fr: …"); they are
// note: empty lists for the other aspects.
MATCH (p:Practice)
WHERE p.id = $a OR p.id = $b
OPTIONAL MATCH (p)-[:HAS_CLAIM]->(c:LevelClaim)
WITH p, collect(c) AS claims
WITH p, [c IN claims WHERE c.status = 'stated'] AS stated, claims
WITH p, reduce(acc = [], c IN CASE WHEN size(stated) > 0 THEN stated ELSE claims END | acc + c.levels) AS claimed
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(:Mechanism)-[:AT_LEVEL]->(l:Level)
WITH p, claimed, collect(DISTINCT l.id) AS table_levels
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(:Mechanism)-[:USES*0..1]->()-[:INVOLVES|PARTY]->(x:Actor)
WITH p, claimed, table_levels, x
ORDER BY coalesce(x.acronym, x.name)
WITH p, claimed, table_levels, collect(DISTINCT coalesce(x.acronym, x.name)) AS actors,
     collect(DISTINCT x) AS actor_nodes
WITH p, claimed, table_levels, actors,
     [label IN actors | head([x IN actor_nodes WHERE coalesce(x.acronym, x.name) = label])] AS named
WITH p, claimed, table_levels, actors, [x IN named | x.name] AS actor_names,
     [x IN named | coalesce(x.other_languages, [])] AS actor_others
OPTIONAL MATCH (p)-[:HAS_MECHANISM*0..1]->()-[:HAS_AGREEMENT|USES]->(g:Agreement)
WITH p, claimed, table_levels, actors, actor_names, actor_others, g
ORDER BY g.title
WITH p, claimed, table_levels, actors, actor_names, actor_others, collect(DISTINCT g.title) AS agreements,
     collect(DISTINCT g) AS agreement_nodes
WITH p, claimed, table_levels, actors, actor_names, actor_others, agreements,
     [title IN agreements | head([g IN agreement_nodes WHERE g.title = title])] AS titled
WITH p, claimed, table_levels, actors, actor_names, actor_others, agreements,
     [g IN titled | coalesce(g.other_languages, [])] AS agreement_others
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(:Mechanism)-[:SERVES]->(f:Function)
WITH p, claimed, table_levels, actors, actor_names, actor_others, agreements, agreement_others, f
ORDER BY f.id
WITH p, claimed, table_levels, actors, actor_names, actor_others, agreements, agreement_others,
     collect(DISTINCT f.id) AS functions
OPTIONAL MATCH (p)-[:HAS_MECHANISM*0..1]->()-[:TARGETS|REACHES]->(n:Population)
WITH p, claimed, table_levels, actors, actor_names, actor_others, agreements, agreement_others, functions, n
ORDER BY n.id
WITH p, claimed, table_levels, actors, actor_names, actor_others, agreements, agreement_others,
     functions, collect(DISTINCT n.id) AS populations
OPTIONAL MATCH (p)-[:DELIVERS]->(d:Benefit)
WITH p, claimed, table_levels, actors, actor_names, actor_others, agreements, agreement_others,
     functions, populations, d
ORDER BY d.id
WITH p, claimed, table_levels, actors, actor_names, actor_others, agreements, agreement_others,
     functions, populations, collect(DISTINCT d.id) AS benefits
OPTIONAL MATCH (p)-[:HAS_EVIDENCE]->(e:Evidence)
WITH p, claimed, table_levels, actors, actor_names, actor_others, agreements, agreement_others,
     functions, populations, benefits, e
ORDER BY e.category
WITH p, claimed, table_levels, actors, actor_names, actor_others, agreements, agreement_others,
     functions, populations, benefits,
     collect(DISTINCT CASE WHEN e.kind = 'cost' THEN e.category END) AS costs,
     collect(DISTINCT CASE WHEN e.kind = 'benefit' THEN e.category END) AS gains
WITH collect({id: p.id, title: [p.title], countries: p.countries, collection: [p.collection],
              claimed: [level IN ['macro', 'meso', 'micro'] WHERE level IN claimed],
              table_levels: [level IN ['macro', 'meso', 'micro'] WHERE level IN table_levels],
              actors: actors, agreements: agreements, functions: functions, populations: populations,
              actor_names: actor_names, actor_others: actor_others, agreement_others: agreement_others,
              benefits: benefits, costs: costs, gains: gains}) AS profiles
WITH [x IN profiles WHERE x.id = $a][0] AS pa, [x IN profiles WHERE x.id = $b][0] AS pb
UNWIND [
  {order: 1, aspect: 'title', a: pa.title, b: pb.title},
  {order: 2, aspect: 'countries', a: pa.countries, b: pb.countries},
  {order: 3, aspect: 'collection', a: pa.collection, b: pb.collection},
  {order: 4, aspect: 'claimed levels', a: pa.claimed, b: pb.claimed},
  {order: 5, aspect: 'mechanism levels', a: pa.table_levels, b: pb.table_levels},
  {order: 6, aspect: 'actors', a: pa.actors, b: pb.actors, a_names: pa.actor_names, b_names: pb.actor_names,
   a_others: pa.actor_others, b_others: pb.actor_others},
  {order: 7, aspect: 'agreements', a: pa.agreements, b: pb.agreements, a_names: pa.agreements,
   b_names: pb.agreements, a_others: pa.agreement_others, b_others: pb.agreement_others},
  {order: 8, aspect: 'functions', a: pa.functions, b: pb.functions},
  {order: 9, aspect: 'populations', a: pa.populations, b: pb.populations},
  {order: 10, aspect: 'benefits', a: pa.benefits, b: pb.benefits},
  {order: 11, aspect: 'cost evidence', a: pa.costs, b: pb.costs},
  {order: 12, aspect: 'benefit evidence', a: pa.gains, b: pb.gains}
] AS row
WITH row.order AS position, row.aspect AS aspect, coalesce(row.a, []) AS a, coalesce(row.b, []) AS b,
     coalesce(row.a_names, []) AS a_names, coalesce(row.b_names, []) AS b_names,
     coalesce(row.a_others, []) AS a_other_languages, coalesce(row.b_others, []) AS b_other_languages
RETURN aspect,
       a,
       b,
       [x IN a WHERE x IN b] AS shared,
       [x IN a WHERE NOT x IN b] AS only_a,
       [x IN b WHERE NOT x IN a] AS only_b,
       a_names,
       b_names,
       a_other_languages,
       b_other_languages
ORDER BY position
