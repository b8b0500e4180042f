// Bookkeeping of the versioned schema migrations (the DDL itself lives in graph_service/schema/ddl/).

// name: applied_migrations
MATCH (m:SchemaMigration)
RETURN m.version AS version, m.name AS name, m.applied AS applied
ORDER BY m.version

// name: record_migration
MERGE (m:SchemaMigration {version: $version})
SET m.name = $name, m.applied = $applied
RETURN m.version AS version

// name: ensure_graph_meta
MERGE (v:GraphMeta {key: 'version'})
ON CREATE SET v.value = 0
RETURN v.value AS version
