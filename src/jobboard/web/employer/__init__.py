"""The employer's workspace, ``/employer/...``: a company's jobs, profile, applicants, team and
integrations, over the same services as the REST API (docs/web.md)."""
