"""A question about a lecture, between HTTP and the worker: stored in the conversation, then answered
by a quick job whose events the API relays."""

import uuid
from datetime import UTC, datetime
from pathlib import Path

from app.lifecycle import LectureStatus
from app.models import Lecture, LectureQuestion
from app.queue import ANSWER_QUESTION, run_quick_job
from app.services.lectures import Stores


class NotAnswerable(Exception):
    """The lecture has no finished transcript to answer from."""


def question_audio_key(lecture_id: str, question_id: str) -> str:
    return f"questions/{lecture_id}/{question_id}"


async def ask(
    stores: Stores,
    lecture: Lecture,
    asker_id: str,
    text: str,
    audio: tuple[Path, str] | None = None,
) -> tuple[LectureQuestion, str | None]:
    """Store the question (with its recording, when spoken: `(file, content type)`); returns it and
    the recording's storage key."""
    if lecture.status is not LectureStatus.DONE:
        raise NotAnswerable
    question = LectureQuestion(
        id=uuid.uuid4().hex,
        lecture_id=lecture.id,
        asker_id=asker_id,
        text=text,
        asked_at=datetime.now(UTC),
    )
    audio_key = None
    if audio is not None:
        audio_key = question_audio_key(lecture.id, question.id)
        await stores.storage.put_file(audio_key, *audio)
    await stores.repository.add_question(question)
    return question, audio_key


async def answer(
    stores: Stores, question: LectureQuestion, audio_key: str | None, *, timeout_s: float
) -> dict:
    """Have a worker answer it; the stored question as the worker's final event carries it."""
    return await run_quick_job(
        stores.queue.pool,
        ANSWER_QUESTION,
        question.lecture_id,
        question.id,
        audio_key,
        timeout_s=timeout_s,
    )
