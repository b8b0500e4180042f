"""HTTP surface: the starlette app (GraphQL arrives with the coordinator API)."""
