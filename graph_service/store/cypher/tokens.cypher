// API tokens. Only a SHA-256 hash of each token is stored; tokens are not graph data (`:Node`)
// and are left out of counts, exports and backups.

// name: create_token
CREATE (t:ApiToken)
SET t = $token
RETURN t {.id, .name, .role, .coalitions, .professional, .created} AS token

// name: token_by_hash
MATCH (t:ApiToken {hash: $hash})
WHERE t.revoked IS NULL
RETURN t {.id, .name, .role, .coalitions, .professional, .created} AS token

// name: list_tokens
MATCH (t:ApiToken)
RETURN t {.id, .name, .role, .coalitions, .professional, .created, .revoked} AS token
ORDER BY t.created, t.id

// name: revoke_token
MATCH (t:ApiToken {id: $id})
WHERE t.revoked IS NULL
SET t.revoked = $stamp
RETURN t.id AS id

// name: dump_tokens
// Every token with its hash, to carry them over when a restore replaces the graph.
MATCH (t:ApiToken)
RETURN t {.*} AS token

// name: carry_over_tokens
// A restore keeps the API tokens (they are not in backups): created where missing, and an
// existing token (Neo4j restores in place) is left exactly as it is, revoked or not.
UNWIND $tokens AS token
MERGE (t:ApiToken {id: token.id})
ON CREATE SET t = token
RETURN count(t) AS tokens
