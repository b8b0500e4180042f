// Whole-graph reads: snapshots for analysis and maps, counts, the graph version.

// name: coalition_subgraph
// The coalition, its members and what belongs to it, and the professionals working at member
// organisations, all as of $as_of: first a row per node (`node`), then a row per node with the
// ties leaving it that were valid then (`from`, `ties`). Ties to nodes outside the set (a family,
// another coalition's partner) are dropped by the caller, which holds the node ids as a set; so is
// a second row for a node reached twice (UNION ALL does not compare the large rows).
// Why not one row per node with OPTIONAL MATCH for its ties: in FalkorDB that traversal ran twice
// as slow, and each tie then repeated its `from`. Why each branch starts at the coalition: an order
// of magnitude faster in FalkorDB than collecting the members into one list first. One statement,
// so the nodes and the ties are read from the same state of the graph. A tie of a family's card
// (`$card_types`: a professional assigned to a family, a handover around one) is not part of the
// coalition's network and is not even read: at 200,000 families those were four in five of the
// professionals' ties.
MATCH (n:Coalition {id: $coalition})
RETURN n {.*} AS node, null AS from, null AS ties
UNION ALL
MATCH (:Coalition {id: $coalition})<-[r:MEMBER_OF|BELONGS_TO]-(n)
WHERE r.since <= $as_of AND (r.until IS NULL OR r.until > $as_of) AND n.kind <> 'family'
RETURN DISTINCT n {.*} AS node, null AS from, null AS ties
UNION ALL
MATCH (:Coalition {id: $coalition})<-[r:MEMBER_OF]-(:Organisation)<-[w:WORKS_AT]-(n:Professional)
WHERE w.since <= $as_of AND (w.until IS NULL OR w.until > $as_of)
  AND r.since <= $as_of AND (r.until IS NULL OR r.until > $as_of)
RETURN DISTINCT n {.*} AS node, null AS from, null AS ties
UNION ALL
MATCH (n:Coalition {id: $coalition})-[e]->(b)
WHERE e.since <= $as_of AND (e.until IS NULL OR e.until > $as_of) AND NOT type(e) IN $card_types
RETURN null AS node, n.id AS from, collect(e {.*, type: type(e), to: b.id}) AS ties
UNION ALL
MATCH (:Coalition {id: $coalition})<-[r:MEMBER_OF|BELONGS_TO]-(n)
WHERE r.since <= $as_of AND (r.until IS NULL OR r.until > $as_of) AND n.kind <> 'family'
WITH DISTINCT n
MATCH (n)-[e]->(b)
WHERE e.since <= $as_of AND (e.until IS NULL OR e.until > $as_of) AND NOT type(e) IN $card_types
RETURN null AS node, n.id AS from, collect(e {.*, type: type(e), to: b.id}) AS ties
UNION ALL
MATCH (:Coalition {id: $coalition})<-[r:MEMBER_OF]-(:Organisation)<-[w:WORKS_AT]-(n:Professional)
WHERE w.since <= $as_of AND (w.until IS NULL OR w.until > $as_of)
  AND r.since <= $as_of AND (r.until IS NULL OR r.until > $as_of)
WITH DISTINCT n
MATCH (n)-[e]->(b)
WHERE e.since <= $as_of AND (e.until IS NULL OR e.until > $as_of) AND NOT type(e) IN $card_types
RETURN null AS node, n.id AS from, collect(e {.*, type: type(e), to: b.id}) AS ties

// name: family_card
// One family and everybody tied to it as of $as_of, with the ties among those people (are the
// professionals around this family connected to each other?), and the family's coalition on
// every row. A professional has ties to many families: only ties that end on this card leave the
// database.
MATCH (f:Node {id: $family})
WHERE f.kind = 'family'
OPTIONAL MATCH (f)-[:BELONGS_TO]->(c:Coalition)
WITH f, c.id AS coalition
OPTIONAL MATCH (p:Node)-[r]->(f)
WHERE r.since <= $as_of AND (r.until IS NULL OR r.until > $as_of)
WITH f, coalition, collect(DISTINCT p) AS people
WITH f, coalition, people, [x IN people | x.id] + [f.id] AS ids
UNWIND [f] + people AS n
WITH DISTINCT n, ids, coalition
OPTIONAL MATCH (n)-[e]->(b:Node)
WHERE b.id IN ids AND e.since <= $as_of AND (e.until IS NULL OR e.until > $as_of)
RETURN n {.*} AS node, coalition,
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

// name: graph_changes_since
// The graph version now and what the changes after $since touched (one record per version; a
// version without one, or one deleted as too old, shows as a gap the caller counts).
MATCH (v:GraphMeta {key: 'version'})
OPTIONAL MATCH (c:GraphChange)
WHERE c.version > $since AND c.version <= v.value
RETURN v.value AS version, collect(c.touched) AS touched

// name: delete_all_nodes
MATCH (n:Node)
DETACH DELETE n
WITH count(*) AS deleted
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
RETURN deleted

// name: delete_everything
// Every node of ours, API tokens and the audit anchor included; the schema bookkeeping stays. For
// test runs on Neo4j, whose Community edition has one database: each test starts from nothing.
MATCH (n)
WHERE n:Node OR n:ApiToken OR n:AuditAnchor OR n:BrowserSession OR n:SignInCode OR n:AttemptCounter OR n:GraphChange
DETACH DELETE n
WITH count(*) AS deleted
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
RETURN deleted

// name: set_version
MATCH (v:GraphMeta {key: 'version'})
SET v.value = $version
RETURN v.value AS version

// name: ties_of_many
// Every tie of many nodes in one round trip (the API's DataLoaders batch through this).
UNWIND $ids AS wanted
MATCH (n:Node {id: wanted})-[r]-(other:Node)
WHERE $as_of IS NULL OR (r.since <= $as_of AND (r.until IS NULL OR r.until > $as_of))
RETURN wanted AS id, collect(r {.*, type: type(r), from: startNode(r).id, to: endNode(r).id}) AS ties

// name: coalitions_of
// The coalitions each node is part of on $as_of: as member, as something belonging to it, or
// as staff of a member organisation. Used to decide who may change what.
UNWIND $ids AS wanted
MATCH (n:Node {id: wanted})
OPTIONAL MATCH (n)-[m:MEMBER_OF|BELONGS_TO]->(c:Coalition)
WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of)
OPTIONAL MATCH (n)-[w:WORKS_AT]->(:Organisation)-[m2:MEMBER_OF]->(c2:Coalition)
WHERE w.since <= $as_of AND (w.until IS NULL OR w.until > $as_of)
  AND m2.since <= $as_of AND (m2.until IS NULL OR m2.until > $as_of)
RETURN wanted AS id, n.kind AS kind, collect(DISTINCT c.id) + collect(DISTINCT c2.id) AS coalitions

// name: families_assigned_to
// Which of these families the professional is assigned to on $as_of. Each family is matched by
// its id (an index lookup), not by filtering her assignments on a list: three times faster in
// FalkorDB, and this check comes before every card read.
UNWIND $ids AS wanted
MATCH (p:Node {id: $professional})-[a:ASSIGNED_TO]->(f:Node {id: wanted})
WHERE f.kind = 'family' AND a.since <= $as_of AND (a.until IS NULL OR a.until > $as_of)
RETURN collect(f.id) AS ids

// name: family_support_profiles
// For the evaluator's aggregates: per family of a coalition, who stands around it (kind, domain,
// the kind of tie, emotional support given). No names or labels leave the store.
MATCH (:Coalition {id: $coalition})<-[b:BELONGS_TO]-(f:Family)
WHERE b.since <= $as_of AND (b.until IS NULL OR b.until > $as_of)
OPTIONAL MATCH (p:Node)-[r:SUPPORTS|COORDINATES|ASSIGNED_TO]->(f)
WHERE r.since <= $as_of AND (r.until IS NULL OR r.until > $as_of)
RETURN f.id AS family,
       collect(CASE WHEN p IS NULL THEN NULL
               ELSE {id: p.id, kind: p.kind, domain: p.domain, tie: type(r), emotional: r.emotional} END) AS people
