// Neo4j schema, version 6: the record of which ids each change of the graph touched
// (GraphChange, one per graph version, the last 4,096 kept), read by version range.

// name: graph_change_index
CREATE INDEX graph_change_version IF NOT EXISTS FOR (c:GraphChange) ON (c.version)
