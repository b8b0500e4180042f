// Neo4j 5 schema, version 1: the unique node id (which also indexes it), lookup indexes
// per kind and per tie type.

// name: node_id_unique
CREATE CONSTRAINT node_id_unique IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE

// name: coalition_id_index
CREATE INDEX coalition_id IF NOT EXISTS FOR (n:Coalition) ON (n.id)

// name: organisation_id_index
CREATE INDEX organisation_id IF NOT EXISTS FOR (n:Organisation) ON (n.id)

// name: professional_id_index
CREATE INDEX professional_id IF NOT EXISTS FOR (n:Professional) ON (n.id)

// name: informalsupporter_id_index
CREATE INDEX informalsupporter_id IF NOT EXISTS FOR (n:InformalSupporter) ON (n.id)

// name: family_id_index
CREATE INDEX family_id IF NOT EXISTS FOR (n:Family) ON (n.id)

// name: community_id_index
CREATE INDEX community_id IF NOT EXISTS FOR (n:Community) ON (n.id)

// name: intervention_id_index
CREATE INDEX intervention_id IF NOT EXISTS FOR (n:Intervention) ON (n.id)

// name: neighbourhood_id_index
CREATE INDEX neighbourhood_id IF NOT EXISTS FOR (n:Neighbourhood) ON (n.id)

// name: member_of_id_index
CREATE INDEX member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.id)

// name: belongs_to_id_index
CREATE INDEX belongs_to_id IF NOT EXISTS FOR ()-[r:BELONGS_TO]-() ON (r.id)

// name: works_at_id_index
CREATE INDEX works_at_id IF NOT EXISTS FOR ()-[r:WORKS_AT]-() ON (r.id)

// name: collaborates_with_id_index
CREATE INDEX collaborates_with_id IF NOT EXISTS FOR ()-[r:COLLABORATES_WITH]-() ON (r.id)

// name: refers_to_id_index
CREATE INDEX refers_to_id IF NOT EXISTS FOR ()-[r:REFERS_TO]-() ON (r.id)

// name: warm_handover_id_index
CREATE INDEX warm_handover_id IF NOT EXISTS FOR ()-[r:WARM_HANDOVER]-() ON (r.id)

// name: agreement_id_index
CREATE INDEX agreement_id IF NOT EXISTS FOR ()-[r:AGREEMENT]-() ON (r.id)

// name: funds_id_index
CREATE INDEX funds_id IF NOT EXISTS FOR ()-[r:FUNDS]-() ON (r.id)

// name: reaches_id_index
CREATE INDEX reaches_id IF NOT EXISTS FOR ()-[r:REACHES]-() ON (r.id)

// name: offers_id_index
CREATE INDEX offers_id IF NOT EXISTS FOR ()-[r:OFFERS]-() ON (r.id)

// name: located_in_id_index
CREATE INDEX located_in_id IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() ON (r.id)

// name: supports_id_index
CREATE INDEX supports_id IF NOT EXISTS FOR ()-[r:SUPPORTS]-() ON (r.id)

// name: coordinates_id_index
CREATE INDEX coordinates_id IF NOT EXISTS FOR ()-[r:COORDINATES]-() ON (r.id)

// name: assigned_to_id_index
CREATE INDEX assigned_to_id IF NOT EXISTS FOR ()-[r:ASSIGNED_TO]-() ON (r.id)

// name: graph_meta_unique
CREATE CONSTRAINT graph_meta_key IF NOT EXISTS FOR (v:GraphMeta) REQUIRE v.key IS UNIQUE

// name: schema_migration_unique
CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE
