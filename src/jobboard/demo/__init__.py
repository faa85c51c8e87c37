"""Deterministic demo data: companies and published jobs that read like real ones."""
