"""Recommendations: jobs that fit a seeker, and jobs like a given job, with reasons."""
