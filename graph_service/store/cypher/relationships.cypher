// Relationship statements. `__REL__` stands for a relationship type from the vocabulary.
// Endpoint kinds are checked in the statement too, so a node deleted and re-created as another
// kind between validation and write cannot receive a tie it may not have. Ties are matched
// without node labels so that FalkorDB starts from the tie-type id index.

// name: create_links
UNWIND $rows AS row
MATCH (a:Node {id: row.from})
MATCH (b:Node {id: row.to})
WHERE a.kind IN $from_kinds AND b.kind IN $to_kinds
CREATE (a)-[r:__REL__]->(b)
SET r = row.props, r.created = coalesce(row.props.created, $stamp)
WITH count(r) AS written, collect(a.id) + collect(b.id) AS touched
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: CASE WHEN size(touched) > 64 THEN ['*'] ELSE touched END})
WITH written, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN written, v.value AS version

// name: get_link
MATCH (a)-[r:__REL__ {id: $id}]->(b)
RETURN r {.*, kind: $kind, from: a.id, to: b.id} AS rel

// name: update_link
MATCH (a)-[r:__REL__ {id: $id}]->(b)
SET r += $props
WITH a, r, b
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: [a.id, b.id]})
WITH a, r, b, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN r {.*, kind: $kind, from: a.id, to: b.id} AS rel

// name: delete_link
MATCH (a)-[r:__REL__ {id: $id}]->(b)
WITH r, a.id AS x, b.id AS y
DELETE r
WITH count(*) AS deleted, collect(x) + collect(y) AS touched
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: CASE WHEN size(touched) > 64 THEN ['*'] ELSE touched END})
WITH deleted, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN deleted

// name: links_of
MATCH (n:Node {id: $id})-[r]-(other:Node)
WHERE ($as_of IS NULL OR (r.since <= $as_of AND (r.until IS NULL OR r.until > $as_of)))
RETURN r {.*, type: type(r), from: startNode(r).id, to: endNode(r).id} AS rel
ORDER BY r.since, r.id

// name: existing_link_ids
UNWIND $ids AS wanted
MATCH ()-[r:__REL__ {id: wanted}]->()
RETURN r.id AS id

// name: dump_links
MATCH (a:Node)-[r:__REL__]->(b:Node)
RETURN r {.*, from: a.id, to: b.id} AS rel
ORDER BY r.id
