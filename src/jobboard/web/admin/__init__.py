"""The platform admins' pages, ``/admin/...``: the moderation queue and the audit log."""
