"""The worker's heartbeat: its record in Redis (app/worker_registry.py), refreshed while it lives.

The record is written once the models are loaded, so a worker counts as alive only when it can take a
lecture; it is refreshed every third of its TTL and deleted on a clean shutdown. A worker killed outright
drops out when the TTL runs out.
"""

import asyncio
import logging
import os
import socket
import uuid
from datetime import UTC, datetime

from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.worker_registry import AsrEngineInfo, LanguageModelInfo, WorkerRecord, worker_key

logger = logging.getLogger(__name__)


def describe_worker(asr: AsrEngineInfo, llm: LanguageModelInfo) -> WorkerRecord:
    """This process's record, under a fresh id (a restarted worker is a new one)."""
    host = socket.gethostname()
    return WorkerRecord(
        id=f"{host}-{os.getpid()}-{uuid.uuid4().hex[:8]}",
        host=host,
        pid=os.getpid(),
        started_at=datetime.now(UTC),
        asr=asr,
        llm=llm,
    )


async def register(redis: Redis, worker: WorkerRecord, ttl_s: float) -> None:
    await redis.set(worker_key(worker.id), worker.to_json(), px=int(ttl_s * 1000))


async def beat_forever(redis: Redis, worker: WorkerRecord, ttl_s: float) -> None:
    """Rewrite the record every ttl/3 (rewritten, not just extended: Redis may have lost it)."""
    while True:
        await asyncio.sleep(ttl_s / 3)
        try:
            await register(redis, worker, ttl_s)
        except (RedisError, OSError) as exc:
            logger.warning("could not refresh the worker heartbeat: %s", exc)


async def deregister(redis: Redis, worker: WorkerRecord) -> None:
    await redis.delete(worker_key(worker.id))
