// FalkorDB schema, version 1: the unique node id and a lookup index per tie type. Nodes are
// found by the `Node` id index only: a second id index per kind doubled the cost of MERGE.
// A block with a `falkordb-constraint:` line and no Cypher is applied with GRAPH.CONSTRAINT,
// which FalkorDB offers as a command, not as Cypher. Indexes come first: the constraint needs one.

// name: node_id_index
CREATE INDEX FOR (n:Node) ON (n.id)

// name: node_id_unique
// falkordb-constraint: UNIQUE NODE Node id

// name: member_of_id_index
CREATE INDEX FOR ()-[r:MEMBER_OF]-() ON (r.id)

// name: belongs_to_id_index
CREATE INDEX FOR ()-[r:BELONGS_TO]-() ON (r.id)

// name: works_at_id_index
CREATE INDEX FOR ()-[r:WORKS_AT]-() ON (r.id)

// name: collaborates_with_id_index
CREATE INDEX FOR ()-[r:COLLABORATES_WITH]-() ON (r.id)

// name: refers_to_id_index
CREATE INDEX FOR ()-[r:REFERS_TO]-() ON (r.id)

// name: warm_handover_id_index
CREATE INDEX FOR ()-[r:WARM_HANDOVER]-() ON (r.id)

// name: agreement_id_index
CREATE INDEX FOR ()-[r:AGREEMENT]-() ON (r.id)

// name: funds_id_index
CREATE INDEX FOR ()-[r:FUNDS]-() ON (r.id)

// name: reaches_id_index
CREATE INDEX FOR ()-[r:REACHES]-() ON (r.id)

// name: offers_id_index
CREATE INDEX FOR ()-[r:OFFERS]-() ON (r.id)

// name: located_in_id_index
CREATE INDEX FOR ()-[r:LOCATED_IN]-() ON (r.id)

// name: supports_id_index
CREATE INDEX FOR ()-[r:SUPPORTS]-() ON (r.id)

// name: coordinates_id_index
CREATE INDEX FOR ()-[r:COORDINATES]-() ON (r.id)

// name: assigned_to_id_index
CREATE INDEX FOR ()-[r:ASSIGNED_TO]-() ON (r.id)

// name: graph_meta_index
CREATE INDEX FOR (v:GraphMeta) ON (v.key)
