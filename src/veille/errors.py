"""Errors a user sees: one clear line naming the record and the reason."""


class InputError(ValueError):
    """Bad input for one record (empty, binary, too large, undecodable, malformed, unknown language)."""

    def __init__(self, reason: str, record: str | None = None):
        self.reason = reason
        self.record = record
        super().__init__(f"{record}: {reason}" if record else reason)
