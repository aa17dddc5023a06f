from fastapi import APIRouter

from app.api.routes import lectures, templates, workers

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(lectures.router)
api_router.include_router(templates.router)
api_router.include_router(workers.router)
