"""Jobboard: job search and hiring for software-engineering roles."""

__version__ = "0.1.0"
