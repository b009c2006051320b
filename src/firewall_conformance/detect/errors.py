"""The one error a scan raises: input that cannot be read, located for the reader."""

from __future__ import annotations


class UnreadableExport(Exception):
    """An export (or member of one) that cannot be read; says which and where."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        self.source, self.where, self.problem = source, where, problem
        super().__init__(f"{source}, {where}: {problem}")
