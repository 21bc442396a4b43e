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
// note: How it is computed: the query returns the actors that pass the filters; the Python step "portfolio"
// note: (registry/analysis/portfolio.py) reads lists of links from the store, each id with the ids it is linked
// note: to (INVOLVES, PARTY, USES, HAS_MECHANISM, SERVES, and the mechanisms at each level), and joins, counts and
// note: sorts them, the same code for every backend. $collection is applied there, to the practices' mechanisms
// note: (an actor's agreements are listed whatever the collection). For one actor it reads only the links of what
// note: it found so far. Collecting and sorting per actor in Cypher took 10-12 s at 10,000 practices (35 s while
// note: the snapshot was computed); the lists and the step take about 2 s.
MATCH (a:Actor)
WHERE ($actor IS NULL OR a.id = $actor) AND ($actor_kind IS NULL OR $actor_kind IN a.kinds)
RETURN a.id AS actor_id, a.name AS name, a.acronym AS acronym, a.kind AS kind, a.country AS country
