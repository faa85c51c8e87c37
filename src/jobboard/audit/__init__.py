"""The audit log: recording privileged actions and reading them back (admins only)."""
