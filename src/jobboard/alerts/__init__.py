"""Saved searches and the alerts they send about new jobs."""
