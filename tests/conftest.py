"""Shared test fixtures. Tests may read ../shared (CI has it beside the clone); the repo keeps no copy."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "examples" / "fr_baghdad_missile.txt"
REFERENCE_PUBLISHED = "2021-03-07"  # a Sunday: the wire story's "dimanche" is the day itself


def shared_path(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not available (../shared is laid beside the clone in CI)")
    return p


@pytest.fixture(scope="session")
def reference_text() -> str:
    return shared_path("examples", "fr_baghdad_missile.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def reference_report(reference_text):
    import veille

    return veille.extract(reference_text, published=REFERENCE_PUBLISHED)
