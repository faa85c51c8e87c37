"""Changing settings for one test: set JOBBOARD_* variables and have them re-read."""

from __future__ import annotations

import os

from jobboard.config import get_settings


def override_settings(changed: dict[str, str], **values: str) -> None:
    """Set settings (by field name) until the `settings_env` fixture restores them."""
    for name, value in values.items():
        key = f"JOBBOARD_{name.upper()}"
        changed.setdefault(key, os.environ.get(key, ""))
        os.environ[key] = value
    get_settings.cache_clear()
