"""The web application people work in: server-rendered pages (Jinja2, htmx vendored, NL Design
System CSS), sign-in and sessions, and the map pages. It calls the same services as the GraphQL
API and never the store directly."""
