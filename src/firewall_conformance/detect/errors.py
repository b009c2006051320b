"""The one error a scan raises: input that cannot be read, located for the reader."""

from __future__ import annotations


class UnreadableExport(Exception):
    """An export (or member of one) that cannot be read; says which and where."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        self.source, self.where, self.problem = source, where, problem
        super().__init__(f"{source}, {where}: {problem}")


class WorkerDied(UnreadableExport):
    """A worker process reading an export ended abruptly (killed, or out of memory): the export
    was not read to its end, and reading it again could end the same way, so the scan says so."""

    def __init__(self, source: str) -> None:
        super().__init__(
            source,
            "a worker process",
            "ended abruptly (killed, or out of memory); the file was not read to its end",
        )
