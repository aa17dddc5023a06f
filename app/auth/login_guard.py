"""Failed sign-ins counted per account and per address in Redis (the `limits` library), shared by
every API process: past either limit, login answers 429 until the window has moved on."""

import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter


@dataclass(frozen=True, slots=True)
class LoginRefused:
    retry_after_s: int


class LoginGuard:
    def __init__(self, redis_url: str, *, per_account: str, per_address: str) -> None:
        """`per_account` and `per_address` are limits such as "5/5 minutes"."""
        self._storage = RedisStorage(
            f"async+{redis_url}", implementation="redispy", key_prefix="konspekt:login"
        )
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._limits: tuple[tuple[RateLimitItem, str], ...] = (
            (parse(per_account), "account"),
            (parse(per_address), "address"),
        )

    async def refusal(self, email: str, address: str) -> LoginRefused | None:
        """Whether this attempt is refused before its password is even checked."""
        for limit, scope in self._limits:
            key = self._key(scope, email, address)
            if not await self._limiter.test(limit, scope, key):
                stats = await self._limiter.get_window_stats(limit, scope, key)
                return LoginRefused(retry_after_s=max(1, round(stats.reset_time - time.time())))
        return None

    async def record_failure(self, email: str, address: str) -> None:
        for limit, scope in self._limits:
            await self._limiter.hit(limit, scope, self._key(scope, email, address))

    async def record_success(self, email: str) -> None:
        """A person who got their password right starts with a clean slate on their account (not
        on the address, which others may share with a guesser)."""
        limit, scope = self._limits[0]
        await self._limiter.clear(limit, scope, email.lower())

    @staticmethod
    def _key(scope: str, email: str, address: str) -> str:
        return email.lower() if scope == "account" else address
