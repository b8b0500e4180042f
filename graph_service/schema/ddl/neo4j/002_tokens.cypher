// Neo4j schema, version 2: API tokens are looked up by their hash on every request.

// name: token_hash_unique
CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.hash IS UNIQUE

// name: token_id_unique
CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE
