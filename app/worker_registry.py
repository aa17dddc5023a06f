"""The live workers, as each announces itself in Redis: what the API reads to say whether anyone is working.

Every worker keeps a key `konspekt:worker:<id>` alive with a TTL (app/worker/heartbeat.py); a worker that
dies stops refreshing it and drops out of the list within the TTL. This module needs only Redis, so the
API imports it without the speech and language model runtimes.
"""

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime

from redis.asyncio import Redis

logger = logging.getLogger(__name__)

WORKER_KEY_PREFIX = "konspekt:worker:"


def worker_key(worker_id: str) -> str:
    return WORKER_KEY_PREFIX + worker_id


@dataclass(frozen=True, slots=True)
class AsrEngineInfo:
    """The speech recognition engine a worker loaded, with the device and precision it runs on."""

    name: str
    model: str
    device: str
    compute_type: str


@dataclass(frozen=True, slots=True)
class LanguageModelInfo:
    model: str
    gpu_layers: int


@dataclass(frozen=True, slots=True)
class WorkerRecord:
    id: str
    host: str
    pid: int
    started_at: datetime
    asr: AsrEngineInfo
    llm: LanguageModelInfo

    def to_json(self) -> str:
        return json.dumps(asdict(self), default=datetime.isoformat)

    @classmethod
    def from_json(cls, raw: str | bytes) -> "WorkerRecord":
        fields = json.loads(raw)
        return cls(
            id=fields["id"],
            host=fields["host"],
            pid=fields["pid"],
            started_at=datetime.fromisoformat(fields["started_at"]),
            asr=AsrEngineInfo(**fields["asr"]),
            llm=LanguageModelInfo(**fields["llm"]),
        )


async def live_workers(redis: Redis) -> list[WorkerRecord]:
    """Every worker whose heartbeat has not expired, oldest first. Raises what Redis raises."""
    keys = [key async for key in redis.scan_iter(match=WORKER_KEY_PREFIX + "*", count=100)]
    if not keys:
        return []
    workers = []
    for key, raw in zip(keys, await redis.mget(keys), strict=True):
        if raw is None:  # expired between SCAN and MGET
            continue
        try:
            workers.append(WorkerRecord.from_json(raw))
        except (ValueError, KeyError, TypeError):
            # Written by a worker of another version, say; it must not hide the others.
            logger.warning("unreadable worker record under %s", key, exc_info=True)
    return sorted(workers, key=lambda worker: worker.started_at)
