// The audit log's anchor: the sequence number and MAC of its last event, kept in the database so
// that a log shortened or rebuilt on disk no longer matches it. Not graph data (`:Node`): left out
// of counts, exports and backups, and never bumps the graph version.

// name: write_audit_anchor
MERGE (a:AuditAnchor {key: 'head'})
SET a.seq = $seq, a.hash = $hash, a.at = $at

// name: read_audit_anchor
MATCH (a:AuditAnchor {key: 'head'})
RETURN a.seq AS seq, a.hash AS hash, a.at AS at
