from fastapi import APIRouter, Depends

from app.api.auth import current_user
from app.api.routes import (
    corrections,
    lectures,
    login,
    questions,
    search,
    templates,
    users,
    webhooks,
    workers,
)

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(login.router)
api_router.include_router(users.router)
api_router.include_router(lectures.router)
api_router.include_router(corrections.router)
api_router.include_router(webhooks.router)
api_router.include_router(questions.router)
api_router.include_router(search.router)
api_router.include_router(templates.router, dependencies=[Depends(current_user)])
api_router.include_router(workers.router, dependencies=[Depends(current_user)])
