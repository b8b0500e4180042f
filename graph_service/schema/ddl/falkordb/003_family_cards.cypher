// FalkorDB schema, version 3: the family network card. Card items are found by the family id
// they carry; card handovers by their id like every other tie type.

// name: node_family_index
CREATE INDEX FOR (n:Node) ON (n.family)

// name: hands_over_id_index
CREATE INDEX FOR ()-[r:HANDS_OVER]-() ON (r.id)
