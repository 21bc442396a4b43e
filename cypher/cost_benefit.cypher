// title: Coordination cost–benefit profile
// question: How complex is each practice's coordination, and what costs and benefits do the sources record for it?
// param: collection (string, default null) Only practices of this collection, e.g. issa-americas
// param: country (string, default null) Only practices in this country (ISO alpha-3, e.g. URY)
// param: practice (string, default null) Only this practice, e.g. ury-public-software-reuse
// columns: practice_id, title, collection, actors, agreements, levels, mechanisms, cross_level_actors,
// columns: cost_evidence, benefit_evidence, cost_categories, benefit_categories, figures
// backends: falkordb, neo4j
// note: The complexity columns are a PROXY for what coordination demands, not a price: how many actors take part
// note: (INVOLVES a mechanism or PARTY to an agreement a mechanism USES), how many agreements the practice declares
// note: or uses, at how many levels its mechanisms sit, how many mechanisms it has, and how many of its actors work
// note: at more than one level (cross_level_actors). The source gives no money amounts for coordination itself.
// note: Beside it, the evidence the sources record: how many cost and benefit items, their categories, and every
// note: figure as {evidence, kind, value, unit, label} (e.g. Uruguay: 10 months to develop, 4 months to reuse, 40 %).
// note: Rows follow the practices' own listing (display order), then collection and id.
MATCH (p:Practice)
WHERE ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
  AND ($practice IS NULL OR p.id = $practice)
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(m:Mechanism)
WITH p, count(DISTINCT m) AS mechanisms, count(DISTINCT m.level) AS levels
OPTIONAL MATCH (p)-[:HAS_AGREEMENT]->(g:Agreement)
WITH p, mechanisms, levels, collect(DISTINCT g.id) AS declared
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(:Mechanism)-[:USES]->(g:Agreement)
WITH p, mechanisms, levels, declared, collect(DISTINCT g.id) AS used
WITH p, mechanisms, levels, size(declared) + size([g IN used WHERE NOT g IN declared]) AS agreements
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(am:Mechanism)-[:INVOLVES]->(a:Actor)
WITH p, mechanisms, levels, agreements, collect(CASE WHEN a IS NOT NULL THEN [a.id, am.level] END) AS involved
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(am:Mechanism)-[:USES]->(:Agreement)-[:PARTY]->(a:Actor)
WITH p, mechanisms, levels, agreements, involved, collect(CASE WHEN a IS NOT NULL THEN [a.id, am.level] END) AS parties
UNWIND CASE WHEN involved + parties = [] THEN [null] ELSE involved + parties END AS placement
WITH p, mechanisms, levels, agreements, placement[0] AS actor, count(DISTINCT placement[1]) AS actor_levels
WITH p, mechanisms, levels, agreements, count(actor) AS actors,
     count(CASE WHEN actor_levels > 1 THEN actor END) AS cross_level_actors
OPTIONAL MATCH (p)-[:HAS_EVIDENCE]->(e:Evidence)
WITH p, mechanisms, levels, agreements, actors, cross_level_actors, e
ORDER BY e.kind, e.category, e.id
WITH p, mechanisms, levels, agreements, actors, cross_level_actors, collect(e) AS evidence
WITH p, mechanisms, levels, agreements, actors, cross_level_actors,
     [e IN evidence WHERE e.kind = 'cost'] AS costs,
     [e IN evidence WHERE e.kind = 'benefit'] AS benefits,
     reduce(figures = [], e IN evidence |
       figures + [i IN range(0, size(coalesce(e.figure_values, [])) - 1) |
         {evidence: e.id, kind: e.kind, value: e.figure_values[i], unit: e.figure_units[i],
          label: e.figure_labels[i]}]) AS figures
RETURN p.id AS practice_id,
       p.title AS title,
       p.collection AS collection,
       actors,
       agreements,
       levels,
       mechanisms,
       cross_level_actors,
       size(costs) AS cost_evidence,
       size(benefits) AS benefit_evidence,
       reduce(seen = [], e IN costs | CASE WHEN e.category IN seen THEN seen ELSE seen + [e.category] END)
         AS cost_categories,
       reduce(seen = [], e IN benefits | CASE WHEN e.category IN seen THEN seen ELSE seen + [e.category] END)
         AS benefit_categories,
       figures
ORDER BY coalesce(p.display_order, 999), collection, practice_id
