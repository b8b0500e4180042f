// Whole-graph reads: snapshots for analysis and maps, counts, the graph version.

// name: coalition_subgraph
// The coalition, its members and what belongs to it, and the professionals working at member
// organisations, all as of $as_of; each with every tie leaving it that was valid then. Ties to
// nodes outside the set (a family, another coalition's partner) are dropped by the caller, which
// holds the node ids as a set. Three UNION branches that each start at the coalition are an
// order of magnitude faster in FalkorDB than collecting the members into one list first.
MATCH (n:Coalition {id: $coalition})
OPTIONAL MATCH (n)-[e]->(b)
WHERE e.since <= $as_of AND (e.until IS NULL OR e.until > $as_of)
RETURN n {.*} AS node,
       collect(CASE WHEN e IS NULL THEN NULL ELSE e {.*, type: type(e), from: n.id, to: b.id} END) AS ties
UNION
MATCH (:Coalition {id: $coalition})<-[r:MEMBER_OF|BELONGS_TO]-(n)
WHERE r.since <= $as_of AND (r.until IS NULL OR r.until > $as_of) AND n.kind <> 'family'
OPTIONAL MATCH (n)-[e]->(b)
WHERE e.since <= $as_of AND (e.until IS NULL OR e.until > $as_of)
RETURN n {.*} AS node,
       collect(CASE WHEN e IS NULL THEN NULL ELSE e {.*, type: type(e), from: n.id, to: b.id} END) AS ties
UNION
MATCH (:Coalition {id: $coalition})<-[r:MEMBER_OF]-(:Organisation)<-[w:WORKS_AT]-(n:Professional)
WHERE w.since <= $as_of AND (w.until IS NULL OR w.until > $as_of)
  AND r.since <= $as_of AND (r.until IS NULL OR r.until > $as_of)
OPTIONAL MATCH (n)-[e]->(b)
WHERE e.since <= $as_of AND (e.until IS NULL OR e.until > $as_of)
RETURN n {.*} AS node,
       collect(CASE WHEN e IS NULL THEN NULL ELSE e {.*, type: type(e), from: n.id, to: b.id} END) AS ties

// name: family_card
// One family and everybody tied to it as of $as_of, with the ties among those people (are the
// professionals around this family connected to each other?).
MATCH (f:Family {id: $family})
OPTIONAL MATCH (p:Node)-[r]->(f)
WHERE r.since <= $as_of AND (r.until IS NULL OR r.until > $as_of)
WITH f, collect(DISTINCT p) AS people
UNWIND [f] + people AS n
WITH DISTINCT n
OPTIONAL MATCH (n)-[e]->(b:Node)
WHERE e.since <= $as_of AND (e.until IS NULL OR e.until > $as_of)
RETURN n {.*} AS node,
       collect(CASE WHEN e IS NULL THEN NULL ELSE e {.*, type: type(e), from: n.id, to: b.id} END) AS ties

// name: count_nodes
MATCH (n:Node)
RETURN n.kind AS kind, count(*) AS count

// name: count_links
MATCH (:Node)-[r]->(:Node)
RETURN type(r) AS type, count(*) AS count

// name: graph_version
MATCH (v:GraphMeta {key: 'version'})
RETURN v.value AS version

// name: delete_all_nodes
MATCH (n:Node)
DETACH DELETE n
WITH count(*) AS deleted
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
RETURN deleted

// name: set_version
MATCH (v:GraphMeta {key: 'version'})
SET v.value = $version
RETURN v.value AS version
