"""Shared test fixtures: the project root, the bundled example, and the third-party data in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = ROOT.parent / "shared" / "external-data"


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def external_data() -> Path:
    """``../shared/external-data``; tests that use it skip cleanly where it is absent."""
    if not EXTERNAL.is_dir():
        pytest.skip("../shared/external-data is not present on this machine")
    return EXTERNAL
