// The audit log's anchor: the sequence number and MAC of its last event, kept in the database so
// that a log shortened or rebuilt on disk no longer matches it. Not graph data (`:Node`): left out
// of counts, exports and backups, and never bumps the graph version.

// One anchor per chain: each replica of the service writes its own chain (`$chain`).

// name: write_audit_anchor
MERGE (a:AuditAnchor {key: $chain})
SET a.seq = $seq, a.hash = $hash, a.at = $at

// name: read_audit_anchor
MATCH (a:AuditAnchor {key: $chain})
RETURN a.seq AS seq, a.hash AS hash, a.at AS at
