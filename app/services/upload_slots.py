"""How many uploads each teacher has in flight, counted in Redis so that every API process sees the
same count: one teacher cannot fill the disk and the upload bandwidth for everybody."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis

# A count left behind by an API process that died mid-upload is forgotten after this long.
FORGET_AFTER_S = 6 * 3600


class TooManyUploads(Exception):
    pass


class UploadSlots:
    def __init__(self, redis: Redis, per_user: int) -> None:
        self.redis = redis
        self.per_user = per_user

    @asynccontextmanager
    async def hold(self, user_id: str) -> AsyncIterator[None]:
        """A slot for one upload of this user's while the block runs; TooManyUploads when all
        their slots are taken."""
        key = f"konspekt:uploads:{user_id}"
        async with self.redis.pipeline(transaction=True) as pipe:
            in_flight, _ = await pipe.incr(key).expire(key, FORGET_AFTER_S).execute()
        try:
            if in_flight > self.per_user:
                raise TooManyUploads(
                    f"You are already uploading {self.per_user} recording(s); wait until "
                    "one has finished, then try again."
                )
            yield
        finally:
            await self.redis.decr(key)
