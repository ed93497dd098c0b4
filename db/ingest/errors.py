"""The one error type of bad input to a load, raised by every parser and store."""

from __future__ import annotations


class LoadError(Exception):
    """Input a load cannot accept; names the file, the line and the problem."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {problem}")
