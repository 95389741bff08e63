"""Stage: quotes."""

from __future__ import annotations

from veille.document import Document


def run(doc: Document) -> None:
    """Add the quotes layer to ``doc``."""
    return None
