"""What every resolver of one request shares: the engine and fresh loaders."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.resolvers.dataloaders import Loaders, create_loaders


@dataclass(slots=True)
class Context:
    engine: AsyncEngine
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = create_loaders(self.engine)
