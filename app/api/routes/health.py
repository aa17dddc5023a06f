import asyncio
import logging
from collections.abc import Awaitable

from fastapi import APIRouter, Response, status

from app.api.deps import QueueDep, RepositoryDep, SettingsDep, StorageDep
from app.api.schemas import ReadinessChecks, ReadinessPublic, WorkerPublic
from app.worker_registry import live_workers

logger = logging.getLogger(__name__)

router = APIRouter(tags=["health"])

# A dependency that hangs is as unready as one that refuses; the probe must answer either way.
CHECK_TIMEOUT_S = 3.0
OK = "ok"


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


async def _check(what: str, probe: Awaitable[object]) -> str:
    """`ok`, or a few words for a person; the exception itself goes to the log, not over the wire."""
    try:
        await asyncio.wait_for(probe, CHECK_TIMEOUT_S)
    except TimeoutError:
        logger.warning("readiness: %s did not answer within %g s", what, CHECK_TIMEOUT_S)
        return f"{what} did not answer within {CHECK_TIMEOUT_S:g} s"
    except Exception:
        logger.warning("readiness: %s is unavailable", what, exc_info=True)
        return f"{what} is unavailable"
    return OK


@router.get(
    "/readyz",
    response_model=ReadinessPublic,
    responses={status.HTTP_503_SERVICE_UNAVAILABLE: {"model": ReadinessPublic}},
)
async def readyz(
    response: Response,
    settings: SettingsDep,
    repository: RepositoryDep,
    storage: StorageDep,
    queue: QueueDep,
) -> ReadinessPublic:
    """Ready when Redis, the database and storage answer and at least one worker is alive.

    Without a live worker an upload would be accepted and then wait in the queue with nothing to
    say why, so that counts as not ready too.
    """
    lookup = asyncio.ensure_future(live_workers(queue.pool))
    redis, database, storage_state, workers_state = await asyncio.gather(
        _check("Redis", queue.ping()),
        _check("the database", repository.ping()),
        _check("storage", storage.ping()),
        _check("the worker registry in Redis", lookup),
    )
    workers = lookup.result() if workers_state == OK else []
    if workers_state == OK and not workers:
        workers_state = (
            f"no worker is alive (none has sent a heartbeat in the last "
            f"{settings.worker_heartbeat_ttl_s:g} s)"
        )
    checks = ReadinessChecks(
        redis=redis, database=database, storage=storage_state, workers=workers_state
    )
    ready = all(state == OK for state in checks.model_dump().values())
    if not ready:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return ReadinessPublic(
        ready=ready,
        checks=checks,
        workers=[WorkerPublic.model_validate(worker) for worker in workers],
    )
