"""The konspekt API process: `uvicorn app.main:app`."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from starlette.middleware.trustedhost import TrustedHostMiddleware

from app.api.main import api_router
from app.api.routes import health, metrics, openai_audio
from app.api.security import SecurityHeadersMiddleware
from app.auth.login_guard import LoginGuard
from app.core.config import Settings, get_settings
from app.core.errors import StoreUnavailable
from app.core.logging import configure_logging
from app.core.secret_key import resolve_secret_key
from app.lifecycle import IllegalTransition
from app.notes.templates import TemplateLibrary
from app.queue import LectureQueue
from app.repository import create_repository
from app.services.accounts import Accounts
from app.services.first_admin import ensure_first_admin
from app.services.lectures import QueueUnavailable
from app.services.upload_slots import UploadSlots
from app.storage import create_storage
from app.web import mount_frontend


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    resolve_secret_key(settings)  # refuses a weak key in production; in development, keeps one

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        repository = create_repository(settings)
        await repository.connect()
        storage = create_storage(settings)
        await storage.ensure_ready()
        queue = LectureQueue(settings.redis_url)
        await queue.connect()
        accounts = Accounts(
            repository,
            secret_key=resolve_secret_key(settings),
            access_token_lifetime=timedelta(minutes=settings.access_token_expire_minutes),
            guard=LoginGuard(
                settings.redis_url,
                per_account=settings.login_limit_per_account,
                per_address=settings.login_limit_per_address,
            ),
        )
        await ensure_first_admin(accounts, settings)
        app.state.settings = settings
        app.state.repository = repository
        app.state.storage = storage
        app.state.queue = queue
        app.state.accounts = accounts
        app.state.upload_slots = UploadSlots(queue.pool, settings.max_concurrent_uploads)
        app.state.templates = TemplateLibrary(settings.templates_dir)
        try:
            yield
        finally:
            await queue.close()
            await repository.close()

    app = FastAPI(
        title="konspekt",
        summary="Lecture recordings in, transcript, glossary and summary out.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.add_exception_handler(IllegalTransition, _conflict)
    app.add_exception_handler(QueueUnavailable, _unavailable)
    app.add_exception_handler(StoreUnavailable, _unavailable)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(api_router)
    app.include_router(openai_audio.router)
    mount_frontend(app, settings.frontend_dist_dir)  # last: its catch-all must not shadow the API
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    # Added last, so it runs outermost: TrustedHostMiddleware's 400 gets the headers too.
    app.add_middleware(SecurityHeadersMiddleware, api_docs_paths=(app.docs_url, app.redoc_url))
    return app


async def _conflict(request: Request, exc: Exception) -> JSONResponse:
    """A move the lecture's status does not allow (app.lifecycle): 409 with the reason."""
    return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_409_CONFLICT)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    """Redis or a store cannot be reached right now: 503, and the client may try again."""
    detail = (
        str(exc)
        if isinstance(exc, QueueUnavailable)
        else "The database or the storage is unavailable right now; try again shortly."
    )
    return JSONResponse({"detail": detail}, status_code=status.HTTP_503_SERVICE_UNAVAILABLE)


app = create_app()
