"""Serves the built teacher dashboard (frontend/dist) from the API process, with an SPA fallback."""

from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

# Paths the page must never answer with index.html: an unknown API URL is a 404, not the app.
_RESERVED_PREFIXES = ("api/", "healthz", "metrics", "openapi.json", "docs", "redoc")


def mount_frontend(app: FastAPI, dist_dir: Path) -> None:
    """Mount the built app at `/` if `dist_dir` holds a build; without one, the API runs alone."""
    index = dist_dir / "index.html"
    if not index.is_file():
        return
    root = dist_dir.resolve()
    assets = root / "assets"
    if assets.is_dir():
        # Vite puts content hashes in these names, so they can be cached for good.
        app.mount("/assets", StaticFiles(directory=assets), name="frontend-assets")

    @app.get("/{path:path}", include_in_schema=False)
    async def frontend(path: str) -> FileResponse:
        if path.startswith(_RESERVED_PREFIXES):
            raise HTTPException(status_code=404, detail="Not Found")
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            return FileResponse(candidate)
        # index.html must be revalidated so a new build's asset names are picked up.
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
