"""The web application: server-rendered pages for people in a browser, over the same services
the REST API calls (see docs/web.md)."""
