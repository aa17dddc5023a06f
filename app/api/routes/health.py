from fastapi import APIRouter, Response, status

from app.api.deps import QueueDep, RepositoryDep, StorageDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(
    response: Response, repository: RepositoryDep, storage: StorageDep, queue: QueueDep
) -> dict[str, str]:
    """Redis, the database and storage all answer."""
    checks = {"redis": queue.ping, "database": repository.ping, "storage": storage.ping}
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            await check()
            results[name] = "ok"
        except Exception as exc:
            results[name] = f"unavailable: {exc}"
    if any(result != "ok" for result in results.values()):
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return results
