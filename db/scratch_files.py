"""Scratch files of a load: temporary files without a name (``tempfile.TemporaryFile``:
unlinked as they are made), all closed, their disk freed, when the stack is left. Nothing
is left behind however the process ends, a killed loader included."""

from __future__ import annotations

import tempfile
from contextlib import ExitStack
from typing import BinaryIO


class ScratchFiles(ExitStack):
    """An ``ExitStack`` that makes the files it closes (``new``)."""

    def new(self) -> BinaryIO:
        """A new empty file, closed with the stack (or before, by its reader)."""
        return self.enter_context(tempfile.TemporaryFile(prefix="genegraph-"))
