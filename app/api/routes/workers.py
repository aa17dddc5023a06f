from fastapi import APIRouter, HTTPException, status
from redis.exceptions import RedisError

from app.api.deps import QueueDep
from app.api.schemas import Message, WorkerPublic, WorkersPublic
from app.worker_registry import live_workers

router = APIRouter(prefix="/workers", tags=["workers"])


@router.get(
    "",
    response_model=WorkersPublic,
    responses={status.HTTP_503_SERVICE_UNAVAILABLE: {"model": Message}},
)
async def list_workers(queue: QueueDep) -> WorkersPublic:
    """The workers alive now, with the engines and devices each runs on; empty when none is."""
    try:
        workers = await live_workers(queue.pool)
    except (RedisError, OSError) as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "Redis is not answering, so which workers are alive is unknown.",
        ) from exc
    return WorkersPublic(items=[WorkerPublic.model_validate(worker) for worker in workers])
