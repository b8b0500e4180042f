// A coordinator's import: all nodes and ties of one file in ONE statement, so it is written
// whole or not at all on both backends. One FOREACH per node kind and per tie type (labels and
// types cannot be parameters). Nodes are merged by id; a tie is merged by its type and ends, so
// importing the same file twice changes nothing. Every endpoint was checked to exist (in the
// graph or in the file) before this runs.

// name: import_batch
FOREACH (row IN $nodes.organisation |
  MERGE (n:Node:Organisation {id: row.id})
  ON CREATE SET n.kind = 'organisation', n.created = $stamp
  SET n += row.props, n.updated = $stamp)
FOREACH (row IN $nodes.professional |
  MERGE (n:Node:Professional {id: row.id})
  ON CREATE SET n.kind = 'professional', n.created = $stamp
  SET n += row.props, n.updated = $stamp)
FOREACH (row IN $nodes.informal_supporter |
  MERGE (n:Node:InformalSupporter {id: row.id})
  ON CREATE SET n.kind = 'informal_supporter', n.created = $stamp
  SET n += row.props, n.updated = $stamp)
FOREACH (row IN $nodes.community |
  MERGE (n:Node:Community {id: row.id})
  ON CREATE SET n.kind = 'community', n.created = $stamp
  SET n += row.props, n.updated = $stamp)
FOREACH (row IN $nodes.intervention |
  MERGE (n:Node:Intervention {id: row.id})
  ON CREATE SET n.kind = 'intervention', n.created = $stamp
  SET n += row.props, n.updated = $stamp)
FOREACH (row IN $nodes.neighbourhood |
  MERGE (n:Node:Neighbourhood {id: row.id})
  ON CREATE SET n.kind = 'neighbourhood', n.created = $stamp
  SET n += row.props, n.updated = $stamp)
FOREACH (row IN $ties.MEMBER_OF |
  MERGE (a:Node {id: row.from})
  MERGE (b:Node {id: row.to})
  MERGE (a)-[r:MEMBER_OF]->(b)
  ON CREATE SET r = row.props, r.created = $stamp
  ON MATCH SET r += row.changes)
FOREACH (row IN $ties.BELONGS_TO |
  MERGE (a:Node {id: row.from})
  MERGE (b:Node {id: row.to})
  MERGE (a)-[r:BELONGS_TO]->(b)
  ON CREATE SET r = row.props, r.created = $stamp
  ON MATCH SET r += row.changes)
FOREACH (row IN $ties.WORKS_AT |
  MERGE (a:Node {id: row.from})
  MERGE (b:Node {id: row.to})
  MERGE (a)-[r:WORKS_AT]->(b)
  ON CREATE SET r = row.props, r.created = $stamp
  ON MATCH SET r += row.changes)
FOREACH (row IN $ties.COLLABORATES_WITH |
  MERGE (a:Node {id: row.from})
  MERGE (b:Node {id: row.to})
  MERGE (a)-[r:COLLABORATES_WITH]->(b)
  ON CREATE SET r = row.props, r.created = $stamp
  ON MATCH SET r += row.changes)
FOREACH (row IN $ties.REFERS_TO |
  MERGE (a:Node {id: row.from})
  MERGE (b:Node {id: row.to})
  MERGE (a)-[r:REFERS_TO]->(b)
  ON CREATE SET r = row.props, r.created = $stamp
  ON MATCH SET r += row.changes)
FOREACH (row IN $ties.WARM_HANDOVER |
  MERGE (a:Node {id: row.from})
  MERGE (b:Node {id: row.to})
  MERGE (a)-[r:WARM_HANDOVER]->(b)
  ON CREATE SET r = row.props, r.created = $stamp
  ON MATCH SET r += row.changes)
FOREACH (row IN $ties.AGREEMENT |
  MERGE (a:Node {id: row.from})
  MERGE (b:Node {id: row.to})
  MERGE (a)-[r:AGREEMENT]->(b)
  ON CREATE SET r = row.props, r.created = $stamp
  ON MATCH SET r += row.changes)
FOREACH (row IN $ties.FUNDS |
  MERGE (a:Node {id: row.from})
  MERGE (b:Node {id: row.to})
  MERGE (a)-[r:FUNDS]->(b)
  ON CREATE SET r = row.props, r.created = $stamp
  ON MATCH SET r += row.changes)
FOREACH (row IN $ties.REACHES |
  MERGE (a:Node {id: row.from})
  MERGE (b:Node {id: row.to})
  MERGE (a)-[r:REACHES]->(b)
  ON CREATE SET r = row.props, r.created = $stamp
  ON MATCH SET r += row.changes)
FOREACH (row IN $ties.OFFERS |
  MERGE (a:Node {id: row.from})
  MERGE (b:Node {id: row.to})
  MERGE (a)-[r:OFFERS]->(b)
  ON CREATE SET r = row.props, r.created = $stamp
  ON MATCH SET r += row.changes)
FOREACH (row IN $ties.LOCATED_IN |
  MERGE (a:Node {id: row.from})
  MERGE (b:Node {id: row.to})
  MERGE (a)-[r:LOCATED_IN]->(b)
  ON CREATE SET r = row.props, r.created = $stamp
  ON MATCH SET r += row.changes)
WITH 1 AS done
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
RETURN v.value AS version
