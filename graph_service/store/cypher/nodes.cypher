// Node statements. `__KIND__` stands for a node label taken from the vocabulary (never from
// user input); values always travel as parameters. Every mutation bumps the graph version in
// the same statement, so caches keyed by it can never serve data older than a write, and records
// which ids it touched as a GraphChange of that version (the ends of a tie; '*' for a large
// batch): a cache of one coalition's network is still good after a write elsewhere. The change
// that fell out of the last 4,096 is deleted in the same statement.

// name: create_nodes
UNWIND $rows AS row
CREATE (n:Node:__KIND__)
SET n = row
WITH count(n) AS written, collect(n.id) AS touched
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: CASE WHEN size(touched) > 64 THEN ['*'] ELSE touched END})
WITH written, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN written, v.value AS version

// name: upsert_nodes
// The caller splits the rows into ids that exist (updated in place) and new ids (created):
// CREATE is twice as fast as MERGE in FalkorDB. A new id taken meanwhile by another writer
// fails the whole statement on the unique id constraint, so the batch stays all-or-nothing.
// Each row is the node's properties with its id.
UNWIND $existing AS row
MATCH (n:Node {id: row.id})
SET n += row, n.updated = $stamp
WITH count(n) AS updated, collect(n.id) + [row IN $new | row.id] AS touched
FOREACH (row IN $new |
  CREATE (m:Node:__KIND__)
  SET m = row, m.kind = $kind, m.created = $stamp, m.updated = $stamp)
WITH updated, touched
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: CASE WHEN size(touched) > 64 THEN ['*'] ELSE touched END})
WITH updated, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN updated + size($new) AS written, v.value AS version

// name: update_node
MATCH (n:Node {id: $id})
WHERE n.kind = $kind
SET n += $props, n.updated = $stamp
WITH n
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: [n.id]})
WITH n, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN n {.*} AS node

// name: delete_node
MATCH (n:Node {id: $id})
WHERE n.kind = $kind
WITH n, n.id AS gone
DETACH DELETE n
WITH count(*) AS deleted, collect(gone) AS touched
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: CASE WHEN size(touched) > 64 THEN ['*'] ELSE touched END})
WITH deleted, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN deleted

// name: get_nodes
UNWIND $ids AS wanted
MATCH (n:Node {id: wanted})
RETURN n {.*} AS node

// name: kinds_of
// Grouped by kind: a few rows with long lists parse much faster than one row per id.
UNWIND $ids AS wanted
MATCH (n:Node {id: wanted})
RETURN n.kind AS kind, collect(n.id) AS ids

// name: ids_of_kind
MATCH (n:__KIND__)
RETURN collect(n.id) AS ids

// Lists sort by the kind's title property (name or label), then id, and continue after the
// cursor's (sort key, id). The "_in_coalition" variants start at the coalition, so a page of
// one coalition costs the same with 1 or 300 coalitions in the graph; professionals also count
// as part of a coalition through their work at a member organisation.

// name: list_nodes
MATCH (n:__KIND__)
WITH n, toLower(coalesce(toString(n[$title]), '')) AS sort_key
WHERE all(k IN keys($equals) WHERE n[k] = $equals[k])
  AND all(k IN keys($contains) WHERE $contains[k] IN coalesce(n[k], []))
  AND ($text IS NULL OR sort_key CONTAINS $text)
  AND ($after_key IS NULL OR sort_key > $after_key OR (sort_key = $after_key AND n.id > $after_id))
RETURN n {.*} AS node, sort_key
ORDER BY sort_key, n.id
LIMIT $limit

// name: list_nodes_desc
MATCH (n:__KIND__)
WITH n, toLower(coalesce(toString(n[$title]), '')) AS sort_key
WHERE all(k IN keys($equals) WHERE n[k] = $equals[k])
  AND all(k IN keys($contains) WHERE $contains[k] IN coalesce(n[k], []))
  AND ($text IS NULL OR sort_key CONTAINS $text)
  AND ($after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND n.id < $after_id))
RETURN n {.*} AS node, sort_key
ORDER BY sort_key DESC, n.id DESC
LIMIT $limit

// name: list_nodes_in_coalition
MATCH (:Coalition {id: $coalition})<-[m:MEMBER_OF|BELONGS_TO]-(n:__KIND__)
WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of) AND ($level IS NULL OR m.level = $level)
WITH DISTINCT n
WITH n, toLower(coalesce(toString(n[$title]), '')) AS sort_key
WHERE all(k IN keys($equals) WHERE n[k] = $equals[k])
  AND all(k IN keys($contains) WHERE $contains[k] IN coalesce(n[k], []))
  AND ($text IS NULL OR sort_key CONTAINS $text)
  AND ($after_key IS NULL OR sort_key > $after_key OR (sort_key = $after_key AND n.id > $after_id))
RETURN n {.*} AS node, sort_key
ORDER BY sort_key, n.id
LIMIT $limit

// name: list_nodes_in_coalition_desc
MATCH (:Coalition {id: $coalition})<-[m:MEMBER_OF|BELONGS_TO]-(n:__KIND__)
WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of) AND ($level IS NULL OR m.level = $level)
WITH DISTINCT n
WITH n, toLower(coalesce(toString(n[$title]), '')) AS sort_key
WHERE all(k IN keys($equals) WHERE n[k] = $equals[k])
  AND all(k IN keys($contains) WHERE $contains[k] IN coalesce(n[k], []))
  AND ($text IS NULL OR sort_key CONTAINS $text)
  AND ($after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND n.id < $after_id))
RETURN n {.*} AS node, sort_key
ORDER BY sort_key DESC, n.id DESC
LIMIT $limit

// name: list_staff_in_coalition
MATCH (c:Coalition {id: $coalition})
OPTIONAL MATCH (c)<-[m:MEMBER_OF]-(direct:Professional)
WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of)
OPTIONAL MATCH (c)<-[m2:MEMBER_OF]-(:Organisation)<-[w:WORKS_AT]-(staff:Professional)
WHERE m2.since <= $as_of AND (m2.until IS NULL OR m2.until > $as_of)
  AND w.since <= $as_of AND (w.until IS NULL OR w.until > $as_of)
WITH collect(DISTINCT direct) + collect(DISTINCT staff) AS people
UNWIND people AS n
WITH DISTINCT n
WITH n, toLower(coalesce(toString(n[$title]), '')) AS sort_key
WHERE all(k IN keys($equals) WHERE n[k] = $equals[k])
  AND all(k IN keys($contains) WHERE $contains[k] IN coalesce(n[k], []))
  AND ($text IS NULL OR sort_key CONTAINS $text)
  AND ($after_key IS NULL OR sort_key > $after_key OR (sort_key = $after_key AND n.id > $after_id))
RETURN n {.*} AS node, sort_key
ORDER BY sort_key, n.id
LIMIT $limit

// name: list_staff_in_coalition_desc
MATCH (c:Coalition {id: $coalition})
OPTIONAL MATCH (c)<-[m:MEMBER_OF]-(direct:Professional)
WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of)
OPTIONAL MATCH (c)<-[m2:MEMBER_OF]-(:Organisation)<-[w:WORKS_AT]-(staff:Professional)
WHERE m2.since <= $as_of AND (m2.until IS NULL OR m2.until > $as_of)
  AND w.since <= $as_of AND (w.until IS NULL OR w.until > $as_of)
WITH collect(DISTINCT direct) + collect(DISTINCT staff) AS people
UNWIND people AS n
WITH DISTINCT n
WITH n, toLower(coalesce(toString(n[$title]), '')) AS sort_key
WHERE all(k IN keys($equals) WHERE n[k] = $equals[k])
  AND all(k IN keys($contains) WHERE $contains[k] IN coalesce(n[k], []))
  AND ($text IS NULL OR sort_key CONTAINS $text)
  AND ($after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND n.id < $after_id))
RETURN n {.*} AS node, sort_key
ORDER BY sort_key DESC, n.id DESC
LIMIT $limit

// name: dump_nodes
MATCH (n:Node)
WHERE $after IS NULL OR n.id > $after
RETURN n {.*} AS node
ORDER BY n.id
LIMIT $limit

// name: create_member
// A new organisation or person and its membership of a coalition, in one statement: when the
// coalition is not there, nothing is written (and no row comes back).
MATCH (c:Node {id: $coalition})
WHERE c.kind = 'coalition'
CREATE (n:Node:__KIND__)
SET n = $node
CREATE (n)-[r:__REL__]->(c)
SET r = $tie, r.created = $stamp
WITH n, c
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: [n.id, c.id]})
WITH n, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN n {.*} AS node
