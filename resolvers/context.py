"""What every resolver of one request shares: the engine and fresh loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.resolvers.dataloaders import Loaders, create_loaders

if TYPE_CHECKING:
    from genegraph.execution.planned.plan import OperationPlan


@dataclass(slots=True)
class Context:
    engine: AsyncEngine
    loaders: Loaders = field(init=False)
    # The release read by a statement that reads it with its data (the planned gene
    # card's): a request of that one statement needs no release check
    # (genegraph/server/one_release.py).
    release_read: int | None = field(default=None, init=False)
    # The plan that answered the request, when planned execution did (so the planned
    # lane may answer its document next time: genegraph/execution/planned/documents.py).
    planned: OperationPlan | None = field(default=None, init=False)
    # Whether orjson encodes the answer as it is (the planned lane): a planned statement's
    # JSON text may then stand in it as an ``orjson.Fragment``
    # (genegraph/execution/planned/written.py); else the data is Python values.
    json_fragments: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.loaders = create_loaders(self.engine)
