"""Stage: entities."""

from __future__ import annotations

from veille.document import Document


def run(doc: Document) -> None:
    """Add the entities layer to ``doc``."""
    return None
