"""Evaluation: gold format (``gold``), matching and metrics (``scorer``), the ``veille eval``
command (``runner``) and adapters for shared annotated data sets (``hipe``, ``timebank``,
``geovirus``, ``lgl``, ``wikievents``: each exposes ``evaluate(path, limit=None) -> dict[str, float]``)."""
