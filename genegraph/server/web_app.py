"""The web app (web/, built into genegraph/static/app by `npm run build`): its index.html
answers `/` and the app's own routes, so a page can be opened, shared and reloaded by its
address; the app's scripts and styles are served under /static/app/."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

APP = Path(__file__).parent.parent / "static" / "app"
INDEX = APP / "index.html"

# The paths the app routes itself (web/src/router.ts); anything else stays a 404.
CLIENT_ROUTES = ("/", "/search", "/enrichment", "/gene/{id:path}", "/term/{id:path}")


async def index(request: Request) -> Response:
    if not INDEX.exists():
        return PlainTextResponse("The web app is not built: run `npm run build` in web/.", 503)
    # The page names its hashed assets, so it is revalidated on every load.
    return FileResponse(INDEX, headers={"cache-control": "no-cache"})


def routes() -> list[BaseRoute]:
    """The app's page at each of its routes."""
    return [Route(path, index, methods=["GET", "HEAD"]) for path in CLIENT_ROUTES]
