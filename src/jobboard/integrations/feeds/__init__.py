"""Importing jobs from applicant-tracking systems and syndication feeds into the one job model."""
