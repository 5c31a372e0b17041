"""Refusals the CLI prints as they are and the web app words in the reader's language."""

from __future__ import annotations


class JobError(ValueError):
    """An English message (``str(exc)``) plus a ``code`` and its ``values`` for translation."""

    def __init__(self, message: str, code: str = "", **values: object) -> None:
        super().__init__(message)
        self.code = code
        self.values = values
