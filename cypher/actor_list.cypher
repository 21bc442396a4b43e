// title: Actor list
// question: Which actors does the registry hold, of which kind and where, and in how many practices does each take part?
// param: actor_kind (string, default null) Only actors of this kind, e.g. social-security-institution
// param: country (string, default null) Only actors of this country (ISO alpha-3, e.g. ARG)
// columns: actor_id, name, acronym, original_name, kind, scope, country, practice_count, kinds, scopes, part_of,
// columns: other_languages
// backends: falkordb, neo4j
// note: practice_count counts the practices whose mechanisms the actor takes part in (INVOLVES, or PARTY to an
// note: agreement a mechanism USES), as in actor_portfolio; 0 for an actor that only documented practices.
// note: kind and scope are an actor's first kind and scope; kinds and scopes list them all (an actor may have
// note: several), and part_of is the id of the actor it belongs to, if any. Rows in actor-id order.
// note: other_languages holds the actor's name in other languages ("fr: …"), the French one shown in French.
MATCH (a:Actor)
WHERE ($actor_kind IS NULL OR $actor_kind IN a.kinds)
  AND ($country IS NULL OR a.country = $country OR $country IN coalesce(a.countries, []))
// Two kinds of row per actor, without carrying lists: mechanisms that INVOLVE it (branch 0) and mechanisms
// that USE an agreement it is PARTY to (branch 1).
UNWIND [0, 1] AS branch
OPTIONAL MATCH (a)<-[:INVOLVES]-(involving:Mechanism)
  WHERE branch = 0
OPTIONAL MATCH (a)<-[:PARTY]-(:Agreement)<-[:USES]-(using:Mechanism)
  WHERE branch = 1
// A mechanism's practice_id is the id of the practice that HAS it (written together at load).
WITH a, coalesce(involving, using).practice_id AS practice
WITH a, count(DISTINCT practice) AS practice_count
RETURN a.id AS actor_id,
       a.name AS name,
       a.acronym AS acronym,
       a.original_name AS original_name,
       a.kind AS kind,
       a.scope AS scope,
       a.country AS country,
       practice_count,
       a.kinds AS kinds,
       a.scopes AS scopes,
       a.part_of AS part_of,
       coalesce(a.other_languages, []) AS other_languages
ORDER BY actor_id
