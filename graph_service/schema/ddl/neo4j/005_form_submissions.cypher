// Neo4j schema, version 5: the one-time ids of the web application's forms, so a form sent twice
// (refresh, back button, a double click) is written once. The constraint keeps two replicas'
// concurrent MERGE of one id from making two.

// name: form_submission_unique
CREATE CONSTRAINT form_submission_id IF NOT EXISTS FOR (f:FormSubmission) REQUIRE f.id IS UNIQUE
