"""Applying to jobs and the employer's pipeline: stages, transitions, notes, applicant lists."""
