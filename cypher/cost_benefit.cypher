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
// post: cost_profile
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
// note: How it is computed: the query returns the practices that pass the filters; the Python step "cost_profile"
// note: (registry/analysis/cost_profile.py) reads lists from the store, each id with the ids it is linked to (a
// note: practice's mechanisms and declared agreements, the mechanisms at each level, using each agreement and
// note: involving each actor, each agreement's parties), a few properties (mechanisms' order and label, agreements'
// note: titles, actors' names, evidence and its figures), then orders, joins and counts per practice, the same code
// note: for every backend. A filtered answer reads only the links of its practices. One chain of matches and
// note: collections per column in Cypher took 10-12 s at 10,000 practices (30 s while the snapshot was computed);
// note: the lists and the step take 3-6 s.
MATCH (p:Practice)
WHERE ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
  AND ($practice IS NULL OR p.id = $practice)
RETURN p.id AS practice_id, p.title AS title, p.collection AS collection, p.display_order AS display_order
