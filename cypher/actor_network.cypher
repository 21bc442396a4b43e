// title: Actor network
// question: Which actors work together, and how closely: how many agreements are they both party to, and how many mechanisms do they both take part in?
// param: level (string, default null) Only ties made at this level: macro, meso or micro
// param: country (string, default null) Only ties made in practices of this country (ISO alpha-3, e.g. ARG)
// param: practice (string, default null) Only ties made in this practice, e.g. arg-intercosecha
// param: collection (string, default null) Only ties made in practices of this collection, e.g. issa-americas
// param: actor_kind (string, default null) Only actors of this kind, at both ends of a tie (e.g. ministry)
// columns: source, target, weight, shared_agreements, shared_mechanisms, levels, practices, agreements, mechanisms,
// columns: source_name, source_label, source_kind, source_country, target_name, target_label, target_kind, target_country,
// columns: source_other_languages, target_other_languages, agreement_titles, agreement_other_languages,
// columns: mechanism_labels, mechanism_other_languages
// backends: falkordb, neo4j
// note: One row per pair of actors (source id < target id). Two actors are tied when both are PARTY to one
// note: agreement or both INVOLVED in one mechanism; weight = shared_agreements + shared_mechanisms.
// note: An agreement's context is every practice and level where a mechanism uses it, plus the practice that
// note: declares it (no level); the filters keep a tie when one of its contexts passes them all.
// note: Organisations that only documented a practice (DOCUMENTED_BY) are not in the network.
// note: One pattern finds both kinds of tie: (a1)<-[:PARTY|INVOLVES]-(x)-[:PARTY|INVOLVES]->(a2), x being an
// note: agreement (only PARTY leaves one) or a mechanism (only INVOLVES leaves one); a tie's contexts come from
// note: (practice)-[:HAS_MECHANISM|HAS_AGREEMENT]->(y)-[:USES*0..1]->(x) and the level of y when y is a mechanism.
// note: Plan (fast at 10,000 practices): contexts are found first, from the practices that pass the filters
// note: (y, plus each agreement a mechanism y USES), then the actor pairs of each connector; the levels of a
// note: mechanism are read from its `levels` property, written together with its AT_LEVEL relationships
// note: (a mechanism may work at two levels).
// note: This is the projection actor_centrality measures.
// note: source_other_languages and target_other_languages hold each actor's names in other languages ("fr: …").
// note: agreement_titles and mechanism_labels name, in the order of agreements and mechanisms, each connector;
// note: agreement_other_languages and mechanism_other_languages give those names in other languages.
MATCH (p:Practice)-[:HAS_MECHANISM|HAS_AGREEMENT]->(y)
WHERE ($practice IS NULL OR p.id = $practice)
  AND ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
  AND ($level IS NULL OR $level IN coalesce(y.levels, []))
OPTIONAL MATCH (y)-[:USES]->(used)
WITH p, y, used
UNWIND CASE WHEN used IS NULL THEN [y] ELSE [y, used] END AS x
UNWIND [level IN coalesce(y.levels, [null]) WHERE $level IS NULL OR level = $level] AS level
WITH x, p.id AS practice, level
MATCH (a1:Actor)<-[:PARTY|INVOLVES]-(x)-[:PARTY|INVOLVES]->(a2:Actor)
WHERE a1.id < a2.id AND ($actor_kind IS NULL OR ($actor_kind IN a1.kinds AND $actor_kind IN a2.kinds))
WITH a1, a2, x, x.id AS connector, x:Agreement AS is_agreement, practice, level
ORDER BY connector
WITH a1, a2,
     collect(DISTINCT CASE WHEN is_agreement THEN connector END) AS agreements,
     collect(DISTINCT CASE WHEN NOT is_agreement THEN connector END) AS mechanisms,
     collect(DISTINCT CASE WHEN is_agreement THEN x END) AS agreement_nodes,
     collect(DISTINCT CASE WHEN NOT is_agreement THEN x END) AS mechanism_nodes,
     collect(DISTINCT practice) AS practice_set,
     collect(DISTINCT level) AS level_ids
RETURN a1.id AS source,
       a2.id AS target,
       size(agreements) + size(mechanisms) AS weight,
       size(agreements) AS shared_agreements,
       size(mechanisms) AS shared_mechanisms,
       [level IN ['macro', 'meso', 'micro'] WHERE level IN level_ids] AS levels,
       reduce(sorted = [], q IN practice_set | [r IN sorted WHERE r < q] + [q] + [r IN sorted WHERE r > q]) AS practices,
       agreements,
       mechanisms,
       a1.name AS source_name,
       coalesce(a1.acronym, a1.name) AS source_label,
       a1.kind AS source_kind,
       a1.country AS source_country,
       a2.name AS target_name,
       coalesce(a2.acronym, a2.name) AS target_label,
       a2.kind AS target_kind,
       a2.country AS target_country,
       coalesce(a1.other_languages, []) AS source_other_languages,
       coalesce(a2.other_languages, []) AS target_other_languages,
       [g IN agreement_nodes | g.title] AS agreement_titles,
       [g IN agreement_nodes | coalesce(g.other_languages, [])] AS agreement_other_languages,
       [m IN mechanism_nodes | m.label] AS mechanism_labels,
       [m IN mechanism_nodes | coalesce(m.other_languages, [])] AS mechanism_other_languages
ORDER BY weight DESC, source, target
