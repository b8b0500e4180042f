// FalkorDB schema, version 2: API tokens are looked up by their hash on every request.

// name: token_hash_index
CREATE INDEX FOR (t:ApiToken) ON (t.hash)

// name: token_id_index
CREATE INDEX FOR (t:ApiToken) ON (t.id)
