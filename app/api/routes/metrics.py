from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from app.api.deps import QueueDep
from app.metrics import render_api_metrics

router = APIRouter(tags=["operations"])


@router.get("/metrics", include_in_schema=False)
async def metrics(queue: QueueDep) -> Response:
    """The API's metrics in Prometheus' text format; each worker serves its own."""
    return Response(await render_api_metrics(queue.pool), media_type=CONTENT_TYPE_LATEST)
