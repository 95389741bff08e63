"""Veille: news reports to an evidenced, geocoded record of events, actors and quotes."""

from veille.errors import InputError
from veille.version import __version__


def extract(text, published=None, lang="auto", **metadata):
    """Extract one article's :class:`veille.schema.Report` (see :func:`veille.pipeline.extract`)."""
    from veille.pipeline import extract as _extract

    return _extract(text, published=published, lang=lang, **metadata)


__all__ = ["extract", "InputError", "__version__"]
