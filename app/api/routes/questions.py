"""Ask a lecture: a question (typed, or a recording of it spoken) answered from the lecture by a
worker's quick job, streamed as Server-Sent Events when asked for, and kept as the conversation."""

import asyncio
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from app.api.auth import CurrentUser
from app.api.deps import LectureDep, RepositoryDep, SettingsDep, StoresDep
from app.api.schemas import Message, QuestionCreate, QuestionPublic, QuestionsPublic
from app.ask.events import ANSWER, ERROR, AnswerEvent, follow, publish, question_event_data
from app.models import LectureQuestion, QuestionStatus
from app.queue import QuickJobError
from app.services import corrections, questions
from app.services.questions import NotAnswerable

router = APIRouter(prefix="/lectures/{lecture_id}/questions", tags=["questions"])

ERRORS = {code: {"model": Message} for code in (404, 409, 413, 422, 503, 504)}
EVENT_STREAM = "text/event-stream"
MAX_QUESTION_AUDIO_BYTES = 10 * 1024 * 1024
ASK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": QuestionCreate.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"audio": {"type": "string", "format": "binary"}},
                    "required": ["audio"],
                }
            },
        },
    }
}
# Keeps the jobs of streamed questions alive while their answers stream.
_answering: set[asyncio.Task] = set()


@router.post(
    "",
    response_model=QuestionPublic,
    status_code=status.HTTP_201_CREATED,
    responses={**ERRORS, 200: {"content": {EVENT_STREAM: {}}}},
    openapi_extra=ASK_BODY,
)
async def ask_question(
    lecture: LectureDep,
    request: Request,
    user: CurrentUser,
    stores: StoresDep,
    settings: SettingsDep,
):
    """`{"question"}`, or multipart with `audio` (the question spoken). Answers the question with its
    answer once written, or, with `Accept: text/event-stream`, streams it (see `/events`)."""
    with tempfile.TemporaryDirectory() as scratch:
        text, audio = await _read_question(request, Path(scratch))
        try:
            question, audio_key = await questions.ask(stores, lecture, user.id, text, audio)
        except NotAnswerable as exc:
            raise HTTPException(
                status.HTTP_409_CONFLICT, "Questions can be asked once the lecture is done."
            ) from exc
    timeout_s = settings.quick_job_timeout_s
    if EVENT_STREAM in request.headers.get("accept", ""):
        task = asyncio.create_task(_answer_in_background(stores, question, audio_key, timeout_s))
        _answering.add(task)
        task.add_done_callback(_answering.discard)
        return _event_response(stores, question.id, timeout_s)
    try:
        answered = await questions.answer(stores, question, audio_key, timeout_s=timeout_s)
    except QuickJobError as exc:
        await _fail(stores, question, str(exc))
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from exc
    return JSONResponse(
        QuestionPublic.model_validate(_public(answered, user.display_name)).model_dump(mode="json"),
        status_code=status.HTTP_201_CREATED,
    )


@router.get("", response_model=QuestionsPublic)
async def list_questions(lecture: LectureDep, repository: RepositoryDep) -> QuestionsPublic:
    """The lecture's conversation, oldest first: question, answer, citations, who asked and when."""
    asked = await repository.list_questions(lecture.id)
    names = await corrections.editor_names(repository, (q.asker_id for q in asked))
    return QuestionsPublic(
        questions=[
            QuestionPublic.model_validate(q).model_copy(
                update={"asker_name": names.get(q.asker_id)}
            )
            for q in asked
        ]
    )


@router.get(
    "/{question_id}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {EVENT_STREAM: {}}}, 404: {"model": Message}},
)
async def question_events(
    lecture: LectureDep, question_id: str, stores: StoresDep, settings: SettingsDep
) -> StreamingResponse:
    """Server-Sent Events: `text` (`{"text"}`, the answer as the model writes it), then `answer` (the
    question as stored, its verified answer replacing the streamed text) or `error` (`{"detail"}`)."""
    question = await stores.repository.get_question(lecture.id, question_id)
    if question is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"There is no question {question_id!r}.")
    if question.status is not QuestionStatus.PENDING:
        final = AnswerEvent(ANSWER, question_event_data(question))
        return StreamingResponse(_once(final), media_type=EVENT_STREAM)
    return _event_response(stores, question_id, settings.quick_job_timeout_s)


async def _read_question(request: Request, scratch: Path) -> tuple[str, tuple[Path, str] | None]:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=5, max_part_size=1024 * 1024)
        audio = form.get("audio")
        if not isinstance(audio, UploadFile):
            raise HTTPException(422, "Send the spoken question as the multipart field `audio`.")
        path = scratch / "question"
        size = 0
        with path.open("wb") as out:
            while chunk := await audio.read(1024 * 1024):
                size += len(chunk)
                if size > MAX_QUESTION_AUDIO_BYTES:
                    raise HTTPException(413, "A spoken question may take at most 10 MB.")
                out.write(chunk)
        if size == 0:
            raise HTTPException(422, "The recording of the question is empty.")
        return "", (path, audio.content_type or "application/octet-stream")
    try:
        return QuestionCreate.model_validate_json(await request.body()).question, None
    except ValidationError as exc:
        raise HTTPException(422, 'Send {"question": "…"} (1 to 1000 characters).') from exc


async def _answer_in_background(stores, question: LectureQuestion, audio_key, timeout_s) -> None:
    try:
        await questions.answer(stores, question, audio_key, timeout_s=timeout_s)
    except QuickJobError as exc:
        await _fail(stores, question, str(exc))
    except Exception:  # the job published its error event itself
        pass


async def _fail(stores, question: LectureQuestion, detail: str) -> None:
    await publish(stores.queue.pool, question.id, AnswerEvent(ERROR, {"detail": detail}))


def _event_response(stores, question_id: str, timeout_s: float) -> StreamingResponse:
    async def events() -> AsyncIterator[str]:
        async for event in follow(stores.queue.pool, question_id, timeout_s=timeout_s):
            yield event.as_sse()

    return StreamingResponse(
        events(), media_type=EVENT_STREAM, headers={"Cache-Control": "no-cache"}
    )


async def _once(event: AnswerEvent) -> AsyncIterator[str]:
    yield event.as_sse()


def _public(data: dict, asker_name: str | None) -> dict:
    return {**data, "text": data.get("question", ""), "asker_name": asker_name}
