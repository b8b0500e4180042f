// State the service's replicas share: browser sessions, one-time sign-in codes and counters of
// attempts. Ids are SHA-256 hashes of the secrets (the database never holds a session or a
// code itself); times are seconds since the epoch. Not graph data (`:Node`): left out of counts,
// exports and backups, and never bumps the graph version.

// name: create_browser_session
CREATE (s:BrowserSession {id: $id, token: $token, expires: $expires})

// name: browser_session_token
MATCH (s:BrowserSession {id: $id})
WHERE s.expires > $now
RETURN s.token AS token

// name: end_browser_session
MATCH (s:BrowserSession {id: $id})
DELETE s

// name: create_sign_in_code
CREATE (c:SignInCode {id: $id, token: $token, expires: $expires})

// name: redeem_sign_in_code
// One statement: a code read by one replica is gone for every other.
MATCH (c:SignInCode {id: $id})
WITH c, c.token AS token, c.expires AS expires
DELETE c
RETURN token, expires

// name: count_attempt
MERGE (c:AttemptCounter {id: $id})
ON CREATE SET c.count = 0, c.window = $window
SET c.count = c.count + 1
RETURN c.count AS count

// name: claim_form_submission
// The first post of a form claims its one-time id (count 1); the same form sent again finds it claimed.
MERGE (f:FormSubmission {id: $id})
ON CREATE SET f.count = 0, f.expires = $expires
SET f.count = f.count + 1
RETURN f.count AS count

// name: drop_expired_shared_state
MATCH (s)
WHERE (s:BrowserSession OR s:SignInCode OR s:FormSubmission) AND s.expires < $now
   OR (s:AttemptCounter AND s.window < $window)
DELETE s
