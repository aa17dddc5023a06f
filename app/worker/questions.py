"""The quick job that answers a question about a lecture, beside the lecture a worker may be running.

The question (typed, or spoken and transcribed here with the worker's engine) is looked up in the
lecture's segments, the model writes the answer under the pipeline's model lock, and every piece of
it goes out on the question's event stream while it is written; the verified answer is stored in the
lecture's conversation and sent last.
"""

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from app.ask.answering import Answer, compose_answer
from app.ask.events import ANSWER, ERROR, TEXT, AnswerEvent, publish, question_event_data
from app.ask.retrieval import find_passages
from app.models import LectureQuestion, QuestionStatus
from app.pipeline.runner import LecturePipeline
from app.worker.clips import transcribe_clip

logger = logging.getLogger(__name__)

NOT_HEARD = {
    "en": "The question could not be made out in the recording.",
    "ru": "В записи не удалось разобрать вопрос.",
    "de": "Die Frage war in der Aufnahme nicht zu verstehen.",
}


async def answer_question(
    ctx: dict[str, Any], lecture_id: str, question_id: str, audio_key: str | None
) -> dict:
    """Answer the stored question (its recording under `audio_key`, when spoken); returns the
    stored question as the `answer` event carries it."""
    pipeline: LecturePipeline = ctx["pipeline"]
    repository = pipeline.repository
    lecture = await repository.get_lecture(lecture_id)
    question = await repository.get_question(lecture_id, question_id)
    if lecture is None or question is None:
        return {}
    try:
        if audio_key is not None:
            question.text = await _transcribe(ctx, audio_key, lecture.language)
            await repository.set_question_text(lecture_id, question_id, question.text)
        if question.text:
            answer = await _answer(ctx, pipeline, question, lecture.language)
            status = QuestionStatus.ANSWERED
        else:
            language = lecture.language or "en"
            answer = Answer(NOT_HEARD.get(language, NOT_HEARD["en"]), (), "not heard")
            status = QuestionStatus.FAILED
    except Exception as exc:
        logger.exception("question %s about lecture %s failed", question_id, lecture_id)
        await publish(ctx["redis"], question_id, AnswerEvent(ERROR, {"detail": str(exc)}))
        raise
    answered_at = datetime.now(UTC)
    await repository.answer_question(
        lecture_id,
        question_id,
        status=status,
        answer=answer.text,
        citations=answer.citations,
        at=answered_at,
    )
    stored = await repository.get_question(lecture_id, question_id)
    final = question_event_data(stored) if stored is not None else {}
    await publish(ctx["redis"], question_id, AnswerEvent(ANSWER, final))
    return final


async def _transcribe(ctx: dict[str, Any], audio_key: str, language: str | None) -> str:
    pipeline: LecturePipeline = ctx["pipeline"]
    try:
        clip = await transcribe_clip(ctx, audio_key, language)
    finally:
        await pipeline.storage.delete(audio_key)
    return " ".join(segment.text.strip() for segment in clip.segments).strip()


async def _answer(
    ctx: dict[str, Any], pipeline: LecturePipeline, question: LectureQuestion, language: str | None
) -> Answer:
    passages = await find_passages(
        pipeline.repository, question.lecture_id, question.text, language
    )
    loop = asyncio.get_running_loop()
    pieces: asyncio.Queue[str | None] = asyncio.Queue()

    def write() -> Answer:
        def on_text(piece: str) -> None:
            loop.call_soon_threadsafe(pieces.put_nowait, piece)

        try:
            with pipeline.llm_lock:
                return compose_answer(question.text, language, passages, pipeline.llm, on_text)
        finally:
            loop.call_soon_threadsafe(pieces.put_nowait, None)

    async def relay() -> None:
        # In order, one at a time: each piece is an XADD of its own.
        while (piece := await pieces.get()) is not None:
            await publish(ctx["redis"], question.id, AnswerEvent(TEXT, {"text": piece}))

    relaying = asyncio.create_task(relay())
    try:
        return await asyncio.to_thread(write)
    finally:
        await relaying
