"""API clients: a company's OAuth client credentials for integrators."""
