"""Use cases: what the CLI and the API ask of the store, with validation and (later) permissions."""
