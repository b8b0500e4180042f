"""Gap analysis on plain networkx snapshots: pure functions, no store, no HTTP."""
