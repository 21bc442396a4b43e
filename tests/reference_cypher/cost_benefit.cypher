// title: Coordination cost–benefit profile
// question: How complex is each practice's coordination, and what costs and benefits do the sources record for it?
// param: collection (string, default null) Only practices of this collection, e.g. issa-americas
// param: country (string, default null) Only practices in this country (ISO alpha-3, e.g. URY)
// param: practice (string, default null) Only this practice, e.g. ury-public-software-reuse
// columns: practice_id, title, collection, actors, agreements, levels, mechanisms, cross_level_actors,
// columns: cost_evidence, benefit_evidence, cost_categories, benefit_categories, figures, actor_names,
// columns: agreement_titles, level_ids, mechanism_labels, cross_level_actor_names, cost_evidence_ids,
// columns: benefit_evidence_ids, mechanism_other_languages, agreement_other_languages
// backends: falkordb, neo4j
// note: The complexity columns are a PROXY for what coordination demands, not a price: how many actors take part
// note: (INVOLVES a mechanism or PARTY to an agreement a mechanism USES), how many agreements the practice declares
// note: or uses, at how many levels its mechanisms sit, how many mechanisms it has, and how many of its actors work
// note: at more than one level (cross_level_actors). The source gives no money amounts for coordination itself.
// note: Beside it, the evidence the sources record: how many cost and benefit items, their categories, and every
// note: figure as {evidence, kind, value, unit, label} (e.g. Uruguay: 10 months to develop, 4 months to reuse, 40 %).
// note: Every count is named beside it: actor_names (acronym or name, in actor-id order), agreement_titles (in id
// note: order), level_ids, mechanism_labels (table order), cross_level_actor_names, cost_evidence_ids and
// note: benefit_evidence_ids, so a reader can check what a figure counts.
// note: mechanism_other_languages and agreement_other_languages give, in the order of mechanism_labels and
// note: agreement_titles, each one's label or title in other languages ("fr: …").
// note: Rows are grouped by collection, then follow the practices' own listing (display order), then id.
MATCH (p:Practice)
WHERE ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
  AND ($practice IS NULL OR p.id = $practice)
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(m:Mechanism)
WITH p, m
ORDER BY m.order, m.id
WITH p, collect(m.label) AS mechanism_labels, collect(DISTINCT m.levels) AS level_sets,
     collect(CASE WHEN m.label IS NOT NULL THEN coalesce(m.other_languages, []) END) AS mechanism_others
WITH p, mechanism_labels, mechanism_others,
     [level IN ['macro', 'meso', 'micro'] WHERE any(chosen IN level_sets WHERE level IN chosen)] AS level_ids
OPTIONAL MATCH (p)-[:HAS_AGREEMENT]->(g:Agreement)
WITH p, mechanism_labels, mechanism_others, level_ids, collect(DISTINCT g) AS declared
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(:Mechanism)-[:USES]->(g:Agreement)
WITH p, mechanism_labels, mechanism_others, level_ids, declared, collect(DISTINCT g) AS used
WITH p, mechanism_labels, mechanism_others, level_ids,
     declared + [g IN used WHERE NOT g.id IN [d IN declared | d.id]] AS agreement_nodes
WITH p, mechanism_labels, mechanism_others, level_ids,
     reduce(sorted = [], g IN agreement_nodes |
       [r IN sorted WHERE r.id < g.id] + [g] + [r IN sorted WHERE r.id > g.id]) AS agreements_sorted
WITH p, mechanism_labels, mechanism_others, level_ids, [g IN agreements_sorted | g.title] AS agreement_titles,
     [g IN agreements_sorted | coalesce(g.other_languages, [])] AS agreement_others
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(am:Mechanism)-[:INVOLVES]->(a:Actor)
WITH p, mechanism_labels, mechanism_others, level_ids, agreement_titles, agreement_others,
     collect(CASE WHEN a IS NOT NULL THEN [level IN am.levels | [a.id, level, coalesce(a.acronym, a.name)]] END) AS involved_sets
WITH p, mechanism_labels, mechanism_others, level_ids, agreement_titles, agreement_others,
     reduce(acc = [], each IN involved_sets | acc + each) AS involved
OPTIONAL MATCH (p)-[:HAS_MECHANISM]->(am:Mechanism)-[:USES]->(:Agreement)-[:PARTY]->(a:Actor)
WITH p, mechanism_labels, mechanism_others, level_ids, agreement_titles, agreement_others, involved,
     collect(CASE WHEN a IS NOT NULL THEN [level IN am.levels | [a.id, level, coalesce(a.acronym, a.name)]] END) AS party_sets
WITH p, mechanism_labels, mechanism_others, level_ids, agreement_titles, agreement_others,
     involved, reduce(acc = [], each IN party_sets | acc + each) AS parties
UNWIND CASE WHEN involved + parties = [] THEN [null] ELSE involved + parties END AS placement
WITH p, mechanism_labels, mechanism_others, level_ids, agreement_titles, agreement_others,
     placement[0] AS actor, placement[2] AS name,
     count(DISTINCT placement[1]) AS actor_levels
ORDER BY actor
WITH p, mechanism_labels, mechanism_others, level_ids, agreement_titles, agreement_others, collect(name) AS actor_names,
     collect(CASE WHEN actor_levels > 1 THEN name END) AS cross_level_actor_names
OPTIONAL MATCH (p)-[:HAS_EVIDENCE]->(e:Evidence)
WITH p, mechanism_labels, mechanism_others, level_ids, agreement_titles, agreement_others,
     actor_names, cross_level_actor_names, e
ORDER BY e.kind, e.category, e.id
WITH p, mechanism_labels, mechanism_others, level_ids, agreement_titles, agreement_others,
     actor_names, cross_level_actor_names, collect(e) AS evidence
WITH p, mechanism_labels, mechanism_others, level_ids, agreement_titles, agreement_others,
     actor_names, cross_level_actor_names,
     [e IN evidence WHERE e.kind = 'cost'] AS costs,
     [e IN evidence WHERE e.kind = 'benefit'] AS benefits,
     reduce(figures = [], e IN evidence |
       figures + [i IN range(0, size(coalesce(e.figure_values, [])) - 1) |
         {evidence: e.id, kind: e.kind, value: e.figure_values[i], unit: e.figure_units[i],
          label: e.figure_labels[i]}]) AS figures
RETURN p.id AS practice_id,
       p.title AS title,
       p.collection AS collection,
       size(actor_names) AS actors,
       size(agreement_titles) AS agreements,
       size(level_ids) AS levels,
       size(mechanism_labels) AS mechanisms,
       size(cross_level_actor_names) AS cross_level_actors,
       size(costs) AS cost_evidence,
       size(benefits) AS benefit_evidence,
       reduce(seen = [], e IN costs | CASE WHEN e.category IN seen THEN seen ELSE seen + [e.category] END)
         AS cost_categories,
       reduce(seen = [], e IN benefits | CASE WHEN e.category IN seen THEN seen ELSE seen + [e.category] END)
         AS benefit_categories,
       figures,
       actor_names,
       agreement_titles,
       level_ids,
       mechanism_labels,
       cross_level_actor_names,
       [e IN costs | e.id] AS cost_evidence_ids,
       [e IN benefits | e.id] AS benefit_evidence_ids,
       mechanism_others AS mechanism_other_languages,
       agreement_others AS agreement_other_languages
ORDER BY collection, coalesce(p.display_order, 999), practice_id
