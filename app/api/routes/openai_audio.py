"""OpenAI-compatible transcription, so that OpenAI's clients work with `base_url=<konspekt>/v1`.

A clip up to SYNC_TRANSCRIPTION_MAX_S is transcribed while the caller waits, by a worker's quick
queue with the worker's own engine and model: the `model` the caller names is accepted and
ignored, as are `prompt` and `temperature`. Errors come in OpenAI's shape, not konspekt's.
"""

import asyncio
import logging
import uuid
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.routing import APIRoute

from app.api.auth import CurrentUser
from app.api.deps import QueueDep, SettingsDep, StorageDep, UploadSlotsDep
from app.api.openai_schemas import (
    OpenAIError,
    OpenAIErrorDetail,
    ResponseFormat,
    TranscriptionPublic,
    TranscriptionSegmentPublic,
    VerboseTranscriptionPublic,
)
from app.api.upload import SizeLimit, UploadRejected, receive_upload
from app.core.errors import StoreUnavailable
from app.exports import to_srt, to_vtt
from app.languages import AUTO, normalise_language
from app.media.probe import MediaRejected, probe_media
from app.models import ClipTranscript
from app.queue import TRANSCRIBE_CLIP, NoWorker, QuickJobTimeout, run_quick_job
from app.services.upload_slots import TooManyUploads

logger = logging.getLogger(__name__)

CLIP_KEY_PREFIX = "clips/"
ERROR_TYPES = {
    status.HTTP_401_UNAUTHORIZED: "authentication_error",
    status.HTTP_403_FORBIDDEN: "permission_error",
    status.HTTP_429_TOO_MANY_REQUESTS: "rate_limit_error",
}


def openai_error(
    status_code: int,
    message: str,
    *,
    param: str | None = None,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    kind = ERROR_TYPES.get(
        status_code, "server_error" if status_code >= 500 else "invalid_request_error"
    )
    body = OpenAIError(error=OpenAIErrorDetail(message=message, type=kind, param=param, code=code))
    return JSONResponse(body.model_dump(), status_code=status_code, headers=headers)


class OpenAIRequestError(Exception):
    def __init__(self, status_code: int, message: str, *, param: str | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.param = param


class OpenAIErrorRoute(APIRoute):
    """Every error of the route, its dependencies' included (401), in OpenAI's shape."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except OpenAIRequestError as exc:
                return openai_error(exc.status_code, exc.message, param=exc.param)
            except HTTPException as exc:
                return openai_error(exc.status_code, str(exc.detail), headers=exc.headers)
            except RequestValidationError as exc:
                return openai_error(status.HTTP_400_BAD_REQUEST, str(exc.errors()))
            except StoreUnavailable:
                return openai_error(
                    status.HTTP_503_SERVICE_UNAVAILABLE,
                    "The storage or Redis is unavailable right now; try again shortly.",
                )
            except Exception:
                logger.exception("transcription request failed")
                return openai_error(
                    status.HTTP_500_INTERNAL_SERVER_ERROR,
                    "The recording could not be transcribed; the server's log says why.",
                )

        return route


router = APIRouter(prefix="/v1/audio", tags=["openai"], route_class=OpenAIErrorRoute)

TRANSCRIPTION_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "model"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "model": {
                            "type": "string",
                            "description": "Accepted and ignored: the deployment's model is used.",
                        },
                        "language": {"type": "string"},
                        "prompt": {"type": "string", "description": "Accepted and ignored."},
                        "response_format": {
                            "type": "string",
                            "enum": [choice.value for choice in ResponseFormat],
                            "default": ResponseFormat.JSON.value,
                        },
                        "temperature": {
                            "type": "number",
                            "description": "Accepted and ignored: decoding is deterministic.",
                        },
                    },
                }
            }
        },
    }
}
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": OpenAIError} for code in (400, 401, 413, 415, 429, 431, 503, 504)
}


@router.post(
    "/transcriptions",
    openapi_extra=TRANSCRIPTION_BODY,
    response_model=None,
    responses={
        status.HTTP_200_OK: {
            "model": VerboseTranscriptionPublic | TranscriptionPublic,
            "content": {"text/plain": {"schema": {"type": "string"}}},
            "description": "`json`: {text}; `verbose_json`: with segments; text, srt, vtt: plain",
        },
        **ERRORS,
    },
)
async def create_transcription(
    request: Request,
    user: CurrentUser,
    settings: SettingsDep,
    storage: StorageDep,
    queue: QueueDep,
    upload_slots: UploadSlotsDep,
) -> Response:
    """Transcribe a short recording at once (OpenAI's `audio.transcriptions.create`)."""
    limit = SizeLimit.of_uploads(settings.upload_limit_bytes)
    try:
        async with upload_slots.hold(user.id):
            upload = await receive_upload(request, settings.upload_tmp_dir, limit=limit)
    except TooManyUploads as exc:
        raise OpenAIRequestError(status.HTTP_429_TOO_MANY_REQUESTS, str(exc)) from None
    except UploadRejected as rejected:
        raise OpenAIRequestError(rejected.status_code, rejected.detail, param="file") from None
    key = f"{CLIP_KEY_PREFIX}{uuid.uuid4().hex}"
    try:
        response_format = _response_format(upload.fields.get("response_format"))
        language = _language(upload.fields.get("language"))
        try:
            info = await asyncio.to_thread(probe_media, upload.recording.path)
        except MediaRejected as exc:
            raise OpenAIRequestError(status.HTTP_400_BAD_REQUEST, str(exc), param="file") from None
        if info.duration is not None and info.duration > settings.sync_transcription_max_s:
            raise OpenAIRequestError(
                status.HTTP_413_CONTENT_TOO_LARGE,
                f"The recording lasts {info.duration:.0f} s, longer than the "
                f"{settings.sync_transcription_max_s:g} s transcribed while you wait: upload it as "
                "a lecture with POST /api/v1/lectures and fetch its transcript when it is done.",
                param="file",
            )
        await storage.put_file(key, upload.recording.path, "application/octet-stream")
        try:
            transcript: ClipTranscript = await run_quick_job(
                queue.pool,
                TRANSCRIBE_CLIP,
                key,
                language,
                timeout_s=settings.quick_job_timeout_s,
            )
        except NoWorker as exc:
            raise OpenAIRequestError(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from None
        except QuickJobTimeout as exc:
            raise OpenAIRequestError(status.HTTP_504_GATEWAY_TIMEOUT, str(exc)) from None
        finally:
            await storage.delete(key)
    finally:
        upload.recording.path.unlink(missing_ok=True)
    return _answer(transcript, response_format)


def _response_format(value: str | None) -> ResponseFormat:
    try:
        return ResponseFormat((value or ResponseFormat.JSON).strip())
    except ValueError:
        choices = ", ".join(choice.value for choice in ResponseFormat)
        raise OpenAIRequestError(
            status.HTTP_400_BAD_REQUEST,
            f"Unknown response_format {value!r}: use one of {choices}.",
            param="response_format",
        ) from None


def _language(value: str | None) -> str | None:
    """The language to transcribe in; None to detect it."""
    try:
        language = normalise_language(value or None)
    except ValueError as exc:
        raise OpenAIRequestError(status.HTTP_400_BAD_REQUEST, str(exc), param="language") from None
    return None if language == AUTO else language


def _answer(transcript: ClipTranscript, response_format: ResponseFormat) -> Response:
    match response_format:
        case ResponseFormat.JSON:
            return JSONResponse(TranscriptionPublic(text=transcript.text).model_dump())
        case ResponseFormat.TEXT:
            return PlainTextResponse(transcript.text)
        case ResponseFormat.SRT:
            return PlainTextResponse(to_srt(transcript.segments))
        case ResponseFormat.VTT:
            return PlainTextResponse(to_vtt(transcript.segments), media_type="text/vtt")
        case ResponseFormat.VERBOSE_JSON:
            return JSONResponse(_verbose(transcript).model_dump())


def _verbose(transcript: ClipTranscript) -> VerboseTranscriptionPublic:
    # The engine keeps no per-segment scores; these are OpenAI's values for a confident segment.
    segments = [
        TranscriptionSegmentPublic(
            id=segment.index,
            seek=0,
            start=segment.start,
            end=segment.end,
            text=segment.text,
            tokens=[],
            temperature=0.0,
            avg_logprob=0.0,
            compression_ratio=1.0,
            no_speech_prob=0.0,
        )
        for segment in transcript.segments
    ]
    return VerboseTranscriptionPublic(
        language=transcript.language or "",
        duration=round(transcript.duration, 3),
        text=transcript.text,
        segments=segments,
    )
