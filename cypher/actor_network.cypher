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
// post: actor_ties
// note: One row per pair of actors (source id < target id). Two actors are tied when both are PARTY to one
// note: agreement or both INVOLVED in one mechanism; weight = shared_agreements + shared_mechanisms.
// note: An agreement's context is every practice and level where a mechanism uses it, plus the practice that
// note: declares it (no level); the filters keep a tie when one of its contexts passes them all.
// note: Organisations that only documented a practice (DOCUMENTED_BY) are not in the network.
// note: How it is computed: the store does not join the pairs. The query returns one row per connector (an
// note: agreement or a mechanism used in a practice that passes the filters, with its actors of the chosen kind,
// note: the practices and levels where it is used, and its name) and one row per actor (names, kind, country);
// note: the Python step "actor_ties" (registry/analysis/actor_ties.py) forms each connector's pairs of actors and
// note: gathers each pair's lists and columns. The answer is the one the store's join of every pair gave (kept in
// note: tests/fixtures/actor_ties/ and compared on both stores), in half the time or less (10,000 practices).
// note: A connector is used where its practice HAS_MECHANISM or HAS_AGREEMENT it, at the levels of that mechanism
// note: (its `levels` property; an agreement's own row has no level), and, for an agreement a mechanism USES, in
// note: the practice and at the levels of that mechanism.
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
WITH x, collect(DISTINCT p.id) AS practices, collect(DISTINCT level) AS levels
MATCH (x)-[:PARTY|INVOLVES]->(a:Actor)
WHERE $actor_kind IS NULL OR $actor_kind IN a.kinds
WITH x, practices, levels, collect(DISTINCT a.id) AS actors
WHERE size(actors) > 1
RETURN 'connector' AS row, x.id AS id, x:Agreement AS is_agreement,
       CASE WHEN x:Agreement THEN x.title ELSE x.label END AS name, null AS label, null AS kind, null AS country,
       coalesce(x.other_languages, []) AS other_languages, practices, levels, actors
UNION ALL
// The actors' names: with no practice, collection, country or level chosen, every actor (of the kind), read
// directly; otherwise the actors of the connectors found as above.
MATCH (a:Actor)
WHERE $practice IS NULL AND $collection IS NULL AND $country IS NULL AND $level IS NULL
  AND ($actor_kind IS NULL OR $actor_kind IN a.kinds)
RETURN 'actor' AS row, a.id AS id, null AS is_agreement, a.name AS name, coalesce(a.acronym, a.name) AS label,
       a.kind AS kind, a.country AS country, coalesce(a.other_languages, []) AS other_languages,
       null AS practices, null AS levels, null AS actors
UNION ALL
MATCH (p:Practice)-[:HAS_MECHANISM|HAS_AGREEMENT]->(y)
WHERE NOT ($practice IS NULL AND $collection IS NULL AND $country IS NULL AND $level IS NULL)
  AND ($practice IS NULL OR p.id = $practice)
  AND ($collection IS NULL OR p.collection = $collection)
  AND ($country IS NULL OR $country IN p.countries)
  AND ($level IS NULL OR $level IN coalesce(y.levels, []))
OPTIONAL MATCH (y)-[:USES]->(used)
WITH y, used
UNWIND CASE WHEN used IS NULL THEN [y] ELSE [y, used] END AS x
WITH DISTINCT x
MATCH (x)-[:PARTY|INVOLVES]->(a:Actor)
WHERE $actor_kind IS NULL OR $actor_kind IN a.kinds
WITH DISTINCT a
RETURN 'actor' AS row, a.id AS id, null AS is_agreement, a.name AS name, coalesce(a.acronym, a.name) AS label,
       a.kind AS kind, a.country AS country, coalesce(a.other_languages, []) AS other_languages,
       null AS practices, null AS levels, null AS actors
