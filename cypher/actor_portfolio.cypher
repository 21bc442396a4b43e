// title: Actor portfolio
// question: For each actor, in which practices, at which coordination levels and for which functions does it take part?
// param: actor (string, default null) Only this actor, e.g. arg-mteyss
// param: collection (string, default null) Only practices of this collection, e.g. issa-americas
// param: actor_kind (string, default null) Only actors of this kind, e.g. ministry
// columns: actor_id, name, acronym, kind, country, practice_count, practices, levels, functions, mechanism_count, agreements
// backends: falkordb, neo4j
// post: portfolio
// note: An actor takes part in a mechanism when the mechanism INVOLVES it or USES an agreement it is PARTY to;
// note: its practices, levels and functions are those of these mechanisms. `agreements` lists the agreements it is
// note: party to (ids). Actors that take part in no practice (e.g. an organisation that only documented practices)
// note: are left out. Rows: most practices first, then most mechanisms, then actor id. Lists are in id order,
// note: levels in macro, meso, micro order.
// note: How it is computed: the query returns flat links only, one row per actor and mechanism (with the
// note: mechanism's practice) and one per actor and agreement it is party to. The Python step "portfolio"
// note: (registry/analysis/portfolio.py) asks the store for the levels and functions of the mechanisms found and
// note: the names of the actors found, then groups, counts and sorts, the same code for every backend. Collecting
// note: and sorting per actor in Cypher took 3-8 s at 10,000 practices, and 35 s while the snapshot was computed.
MATCH (a:Actor)<-[:INVOLVES]-(m:Mechanism)<-[:HAS_MECHANISM]-(p:Practice)
WHERE ($actor IS NULL OR a.id = $actor) AND ($actor_kind IS NULL OR $actor_kind IN a.kinds)
  AND ($collection IS NULL OR p.collection = $collection)
RETURN a.id AS actor, m.id AS mechanism, p.id AS practice, null AS agreement
UNION ALL
MATCH (a:Actor)<-[:PARTY]-(:Agreement)<-[:USES]-(m:Mechanism)<-[:HAS_MECHANISM]-(p:Practice)
WHERE ($actor IS NULL OR a.id = $actor) AND ($actor_kind IS NULL OR $actor_kind IN a.kinds)
  AND ($collection IS NULL OR p.collection = $collection)
RETURN a.id AS actor, m.id AS mechanism, p.id AS practice, null AS agreement
UNION ALL
MATCH (a:Actor)<-[:PARTY]-(g:Agreement)
WHERE ($actor IS NULL OR a.id = $actor) AND ($actor_kind IS NULL OR $actor_kind IN a.kinds)
RETURN a.id AS actor, null AS mechanism, null AS practice, g.id AS agreement
