// FalkorDB schema, version 4: state that every replica of the service shares (browser sessions,
// sign-in codes, counters of sign-in attempts and wrong tokens), looked up by id on each request.
// FalkorDB runs one writer at a time, so the counters' MERGE needs no constraint to stay single.

// name: browser_session_index
CREATE INDEX FOR (s:BrowserSession) ON (s.id)

// name: sign_in_code_index
CREATE INDEX FOR (c:SignInCode) ON (c.id)

// name: attempt_counter_index
CREATE INDEX FOR (c:AttemptCounter) ON (c.id)
