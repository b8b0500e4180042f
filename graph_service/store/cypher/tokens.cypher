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
