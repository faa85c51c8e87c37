"""Posting analysis: read a job description, extract what it asks for, lint it, match people.

Everything here is a pure function over an immutable taxonomy snapshot, so analysis needs no
database and gives the same answer for the same text.
"""
