// FalkorDB schema, version 5: the one-time ids of the web application's forms, so a form sent
// twice (refresh, back button, a double click) is written once; looked up by id on each post.

// name: form_submission_index
CREATE INDEX FOR (f:FormSubmission) ON (f.id)
