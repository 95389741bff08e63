"""Stage: times."""

from __future__ import annotations

from veille.document import Document


def run(doc: Document) -> None:
    """Add the times layer to ``doc``."""
    return None
