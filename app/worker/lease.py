"""A per-run lease in Redis: proof that a live worker is processing a run of a lecture right now.

The job renews it while it runs; a worker killed outright stops renewing and the lease expires, which is
how the reconciler tells an orphaned lecture from one that is merely taking long.
"""

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

from arq import ArqRedis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LEASE_KEY_PREFIX = "konspekt:lease:"


def lease_key(lecture_id: str, run_id: str) -> str:
    return f"{LEASE_KEY_PREFIX}{lecture_id}:{run_id}"


class LeaseHeld(RuntimeError):
    """Another worker holds the lecture's lease: it is already being processed."""


@dataclass
class Lease:
    lecture_id: str
    owner: str
    lost: bool = False


@asynccontextmanager
async def hold_lease(
    redis: ArqRedis, lecture_id: str, run_id: str, ttl_s: float
) -> AsyncIterator[Lease]:
    """Take the run's lease for the duration of the block, renewing it every ttl/3.

    Raises LeaseHeld when another worker holds it. If the lease is lost meanwhile (Redis lost its data
    and another worker took the lecture), the block's task is cancelled and `lost` is set.
    """
    key = lease_key(lecture_id, run_id)
    lease = Lease(lecture_id, f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}")
    ttl_ms = int(ttl_s * 1000)
    if not await redis.set(key, lease.owner, px=ttl_ms, nx=True):
        raise LeaseHeld(lecture_id)
    holder = asyncio.current_task()

    async def renew() -> None:
        while True:
            await asyncio.sleep(ttl_s / 3)
            try:
                current = await redis.get(key)
                if current is None:  # Redis lost its data: take it back unless someone was quicker
                    if await redis.set(key, lease.owner, px=ttl_ms, nx=True):
                        continue
                    current = await redis.get(key)
                if current is not None and current.decode() != lease.owner:
                    logger.warning("lease on lecture %s taken by %s; stopping", lecture_id, current)
                    lease.lost = True
                    if holder is not None:
                        holder.cancel()
                    return
                await redis.pexpire(key, ttl_ms)
            except (RedisError, OSError) as exc:
                logger.warning("could not renew the lease on lecture %s: %s", lecture_id, exc)

    renewal = asyncio.create_task(renew())
    try:
        yield lease
    finally:
        renewal.cancel()
        if not lease.lost:
            with suppress(RedisError, OSError):
                if (await redis.get(key) or b"").decode() == lease.owner:
                    await redis.delete(key)
