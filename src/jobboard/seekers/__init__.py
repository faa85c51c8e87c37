"""Job seekers: the profile, résumés, saved jobs and recommendations."""
