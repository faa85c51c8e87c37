"""Recorded real feeds live in ../shared/fixtures/feeds beside the repository when present;
tests marked `shared_fixtures` are deselected (and the header says so) when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_FEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "feeds"
OWN_FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SHARED_FEEDS.is_dir():
        return
    deselected = [item for item in items if item.get_closest_marker("shared_fixtures")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]
