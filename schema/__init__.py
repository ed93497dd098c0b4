"""GraphQL schema: Strawberry types, enums and the root schema."""

from pathlib import Path

SDL_PATH = Path(__file__).parent / "schema.graphql"
