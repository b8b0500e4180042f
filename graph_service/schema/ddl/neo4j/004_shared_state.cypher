// Neo4j schema, version 4: state that every replica of the service shares (browser sessions,
// sign-in codes, counters of sign-in attempts and wrong tokens). The uniqueness constraint also
// keeps two replicas' concurrent MERGE of one counter from making two.

// name: browser_session_unique
CREATE CONSTRAINT browser_session_id IF NOT EXISTS FOR (s:BrowserSession) REQUIRE s.id IS UNIQUE

// name: sign_in_code_unique
CREATE CONSTRAINT sign_in_code_id IF NOT EXISTS FOR (c:SignInCode) REQUIRE c.id IS UNIQUE

// name: attempt_counter_unique
CREATE CONSTRAINT attempt_counter_id IF NOT EXISTS FOR (c:AttemptCounter) REQUIRE c.id IS UNIQUE
