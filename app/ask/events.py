"""An answer's events on Redis, from the worker writing it to the API relaying it (Server-Sent Events).

The worker appends to the stream `konspekt:answer:<question id>`: `text` events (the answer as the
model writes it), then one `answer` (the verified answer as stored, which replaces the streamed text)
or `error`. A stream, not pub/sub: a dashboard that connects late, or again, reads from the start.
"""

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

from redis.asyncio import Redis

from app.models import LectureQuestion

STREAM_PREFIX = "konspekt:answer:"
# Long enough for a dashboard to reconnect and read the whole answer again; the conversation keeps it.
STREAM_TTL_S = 600
READ_BLOCK_MS = 1000
TEXT = "text"
ANSWER = "answer"
ERROR = "error"
FINAL = (ANSWER, ERROR)


@dataclass(frozen=True, slots=True)
class AnswerEvent:
    kind: str  # TEXT, ANSWER or ERROR
    data: dict

    def as_sse(self) -> str:
        return f"event: {self.kind}\ndata: {json.dumps(self.data, ensure_ascii=False)}\n\n"


def stream_key(question_id: str) -> str:
    return STREAM_PREFIX + question_id


async def publish(redis: Redis, question_id: str, event: AnswerEvent) -> None:
    key = stream_key(question_id)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.xadd(key, {"kind": event.kind, "data": json.dumps(event.data, ensure_ascii=False)})
        pipe.expire(key, STREAM_TTL_S)
        await pipe.execute()


async def follow(redis: Redis, question_id: str, *, timeout_s: float) -> AsyncIterator[AnswerEvent]:
    """The question's events from the first on, until the final one or `timeout_s` passes."""
    key = stream_key(question_id)
    last = "0"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = await redis.xread({key: last}, block=READ_BLOCK_MS)
        for _, entries in found or ():
            for entry_id, fields in entries:
                last = entry_id
                event = AnswerEvent(_text(fields[b"kind"]), json.loads(fields[b"data"]))
                yield event
                if event.kind in FINAL:
                    return


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def question_event_data(question: LectureQuestion) -> dict:
    return {
        "id": question.id,
        "question": question.text,
        "status": question.status.value,
        "answer": question.answer,
        "citations": [
            {"quote": c.quote, "start": c.start, "end": c.end} for c in question.citations
        ],
        "asker_id": question.asker_id,
        "asked_at": question.asked_at.isoformat(),
        "answered_at": question.answered_at.isoformat() if question.answered_at else None,
    }
