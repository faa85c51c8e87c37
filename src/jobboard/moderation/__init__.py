"""Trust and safety: reports of jobs, and (for moderators) what is done about them."""
