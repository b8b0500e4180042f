// FalkorDB schema, version 6: the record of which ids each change of the graph touched
// (GraphChange, one per graph version, the last 4,096 kept), read by version range.

// name: graph_change_index
CREATE INDEX FOR (c:GraphChange) ON (c.version)
