from email.utils import encode_rfc2231
from enum import StrEnum
from pathlib import PurePath

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response, status
from fastapi.responses import PlainTextResponse, StreamingResponse

from app.accounts.models import Role, User
from app.api.auth import CurrentUser
from app.api.deps import (
    LectureDep,
    RepositoryDep,
    SettingsDep,
    StorageDep,
    StoresDep,
    TemplatesDep,
    UploadSlotsDep,
)
from app.api.ranges import parse_range
from app.api.schemas import (
    GlossaryEntryPublic,
    GlossaryPublic,
    LecturePublic,
    LecturesPublic,
    Message,
    SegmentPublic,
    SummaryPublic,
    TranscriptPublic,
    named_editor,
)
from app.api.upload import MIB, SizeLimit, UploadRejected, receive_upload
from app.exports import to_flashcards_csv, to_flashcards_tsv, to_srt, to_txt, to_vtt
from app.languages import normalise_language
from app.media.probe import MediaRejected
from app.media.served_types import served_type
from app.metrics import count_job, count_upload
from app.notes.templates import DEFAULT_TEMPLATE
from app.services import lectures as lecture_service
from app.services.corrections import editor_names
from app.services.upload_slots import TooManyUploads
from app.storage import ObjectNotFound
from app.summary_docx import DOCX_MEDIA_TYPE, to_docx

router = APIRouter(prefix="/lectures", tags=["lectures"])

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "title": {"type": "string", "maxLength": 200},
                        "language": {"type": "string", "default": "auto"},
                        "template": {"type": "string", "default": DEFAULT_TEMPLATE},
                        "reprocess": {
                            "type": "boolean",
                            "default": False,
                            "description": "Process the recording even if the same file was "
                            "processed before (otherwise its results are copied).",
                        },
                    },
                }
            }
        },
    }
}
ERRORS = {code: {"model": Message} for code in (400, 413, 415, 422, 429, 503)}


class TranscriptFormat(StrEnum):
    JSON = "json"
    TXT = "txt"
    SRT = "srt"
    VTT = "vtt"


class SummaryFormat(StrEnum):
    MD = "md"
    JSON = "json"
    DOCX = "docx"


class GlossaryFormat(StrEnum):
    JSON = "json"
    CSV = "csv"  # Anki
    TSV = "tsv"  # Quizlet


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=LecturePublic,
    openapi_extra=UPLOAD_BODY,
    responses=ERRORS,
)
async def upload_lecture(
    request: Request,
    response: Response,
    user: CurrentUser,
    settings: SettingsDep,
    stores: StoresDep,
    templates: TemplatesDep,
    upload_slots: UploadSlotsDep,
) -> LecturePublic:
    """Upload a recording; it is stored, queued, and processed in the background."""
    limit = await _size_limit_for(user, settings, stores.repository)
    try:
        async with upload_slots.hold(user.id):
            upload = await receive_upload(request, settings.upload_tmp_dir, limit=limit)
    except TooManyUploads as exc:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, str(exc)) from None
    except UploadRejected as rejected:
        raise HTTPException(rejected.status_code, rejected.detail) from None
    try:
        fields = upload.fields
        try:
            language = normalise_language(fields.get("language"))
        except ValueError as exc:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
        template = (fields.get("template") or DEFAULT_TEMPLATE).strip()
        if template not in templates.names():
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                f"There is no summary template named {template!r}; "
                f"available: {', '.join(templates.names())}.",
            )
        title = " ".join(fields.get("title", "").split())[:200]
        reprocess = _form_flag(fields.get("reprocess"), "reprocess")
        try:
            lecture = await lecture_service.accept_upload(
                upload.recording,
                lecture_service.LectureRequest(
                    title, language, template, owner_id=user.id, reprocess=reprocess
                ),
                stores,
            )
        except MediaRejected as exc:
            raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, str(exc)) from None
    finally:
        upload.recording.path.unlink(missing_ok=True)
    count_upload(lecture.size_bytes)
    count_job(lecture.status)  # `queued`, or `done` when served from an identical earlier upload
    response.headers["Location"] = str(request.url_for("get_lecture", lecture_id=lecture.id))
    return LecturePublic.model_validate(lecture)


async def _size_limit_for(
    user: User, settings: SettingsDep, repository: RepositoryDep
) -> SizeLimit:
    """The upload limit, or what is left of the teacher's storage quota when that is less."""
    limit = SizeLimit.of_uploads(settings.upload_limit_bytes)
    if not settings.user_quota_mb:
        return limit
    quota = settings.user_quota_mb * MIB
    left = quota - await repository.owner_storage_bytes(user.id)
    if left >= limit.max_bytes:
        return limit
    explanation = (
        f"This recording does not fit in your storage quota of {settings.user_quota_mb} MB "
        f"({max(left, 0) // MIB} MB left): delete lectures you no longer need, or ask an admin "
        "for more room."
    )
    if left <= 0:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, explanation)
    return SizeLimit(left, explanation)


def _form_flag(value: str | None, name: str) -> bool:
    match (value or "").strip().lower():
        case "" | "false" | "0" | "no" | "off":
            return False
        case "true" | "1" | "yes" | "on":
            return True
        case _:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, f"The field {name!r} must be true or false."
            )


@router.get("", response_model=LecturesPublic)
async def list_lectures(
    user: CurrentUser,
    repository: RepositoryDep,
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=2**31 - 1),
) -> LecturesPublic:
    """Your lectures (an admin's list has everyone's), newest first."""
    owner_id = None if user.role is Role.ADMIN else user.id
    lectures, total = await repository.list_lectures(owner_id=owner_id, limit=limit, offset=offset)
    return LecturesPublic(
        items=[LecturePublic.model_validate(lecture) for lecture in lectures],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get("/{lecture_id}", response_model=LecturePublic, responses={404: {"model": Message}})
async def get_lecture(lecture: LectureDep) -> LecturePublic:
    """Status and progress: small enough to poll every second."""
    return LecturePublic.model_validate(lecture)


@router.get(
    "/{lecture_id}/transcript",
    response_model=TranscriptPublic,
    responses={
        200: {"content": {"text/plain": {}, "application/x-subrip": {}, "text/vtt": {}}},
        404: {"model": Message},
    },
)
async def get_transcript(
    lecture: LectureDep,
    repository: RepositoryDep,
    format: TranscriptFormat = TranscriptFormat.JSON,
) -> TranscriptPublic | Response:
    """The transcript so far (it grows while the lecture is processed)."""
    segments = await repository.get_segments(lecture.id)
    match format:
        case TranscriptFormat.JSON:
            names = await editor_names(repository, (s.edited_by for s in segments))
            return TranscriptPublic(
                segments=[named_editor(SegmentPublic.model_validate(s), names) for s in segments]
            )
        case TranscriptFormat.TXT:
            return _download(to_txt(segments), "text/plain", lecture.id, "txt")
        case TranscriptFormat.SRT:
            return _download(to_srt(segments), "application/x-subrip", lecture.id, "srt")
        case TranscriptFormat.VTT:
            return _download(to_vtt(segments), "text/vtt", lecture.id, "vtt")


def _download(body: str, media_type: str, lecture_id: str, extension: str) -> Response:
    return PlainTextResponse(
        body,
        media_type=f"{media_type}; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="lecture-{lecture_id}.{extension}"'},
    )


def _attachment(body: str | bytes, media_type: str, filename: str) -> Response:
    """A file to save and open in another program (Word, Anki), never shown in the browser."""
    disposition = f'attachment; filename="{filename}"'
    return Response(body, media_type=media_type, headers={"Content-Disposition": disposition})


@router.get(
    "/{lecture_id}/glossary",
    response_model=GlossaryPublic,
    responses={200: {"content": {"text/csv": {}}}, 404: {"model": Message}},
)
async def get_glossary(
    lecture: LectureDep, repository: RepositoryDep, format: GlossaryFormat = GlossaryFormat.JSON
) -> GlossaryPublic | Response:
    """The glossary; `csv` (Anki) and `tsv` (Quizlet) are flashcards: term, definition."""
    entries = await repository.get_glossary(lecture.id)
    if format is GlossaryFormat.CSV:
        return _attachment(
            to_flashcards_csv(entries),
            "text/csv; charset=utf-8",
            f"lecture-{lecture.id}-glossary.csv",
        )
    if format is GlossaryFormat.TSV:
        return _attachment(
            to_flashcards_tsv(entries),
            "text/tab-separated-values; charset=utf-8",
            f"lecture-{lecture.id}-glossary.tsv",
        )
    names = await editor_names(repository, (e.edited_by for e in entries))
    return GlossaryPublic(
        terms=[named_editor(GlossaryEntryPublic.model_validate(e), names) for e in entries]
    )


@router.get(
    "/{lecture_id}/summary",
    response_model=SummaryPublic,
    responses={
        200: {"content": {"text/markdown": {}, DOCX_MEDIA_TYPE: {}}},
        404: {"model": Message},
    },
)
async def get_summary(
    lecture: LectureDep, repository: RepositoryDep, format: SummaryFormat = SummaryFormat.JSON
) -> SummaryPublic | Response:
    summary = await repository.get_summary(lecture.id)
    if summary is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            f"The summary is not ready yet (the lecture is {lecture.status.value}).",
        )
    match format:
        case SummaryFormat.JSON:
            return SummaryPublic.model_validate(summary)
        case SummaryFormat.MD:
            return _download(summary.markdown, "text/markdown", lecture.id, "md")
        case SummaryFormat.DOCX:
            return _attachment(
                to_docx(lecture.title, summary), DOCX_MEDIA_TYPE, f"lecture-{lecture.id}.docx"
            )


@router.get(
    "/{lecture_id}/audio",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"audio/*": {}}},
        206: {"description": "Partial content"},
        404: {"model": Message},
        416: {"model": Message},
    },
)
async def get_audio(
    lecture: LectureDep, storage: StorageDep, range_header: str | None = Header(None, alias="Range")
) -> StreamingResponse:
    """The original recording, with HTTP Range support so players can seek.

    Its type is the one its probed format is served as (app.media.served_types), and so is its
    name's extension: an upload named `x.html` is played or saved as `x.wav`, never rendered.
    """
    try:
        size = await storage.size(lecture.storage_key)
    except ObjectNotFound:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, "The recording is missing from storage."
        ) from None
    served = served_type(lecture.container)
    headers = {
        "Accept-Ranges": "bytes",
        "Content-Disposition": _inline_disposition(
            f"{PurePath(lecture.filename).stem}{served.extension}",
            ascii_fallback=f"lecture-{lecture.id}{served.extension}",
        ),
    }
    byte_range = parse_range(range_header, size)
    if byte_range is None:
        first, last, code = 0, size - 1, status.HTTP_200_OK
    else:
        (first, last), code = byte_range, status.HTTP_206_PARTIAL_CONTENT
        headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    headers["Content-Length"] = str(last - first + 1)
    return StreamingResponse(
        storage.read_range(lecture.storage_key, first, last),
        status_code=code,
        media_type=served.media_type,
        headers=headers,
    )


def _inline_disposition(filename: str, *, ascii_fallback: str) -> str:
    """RFC 6266: the real name in `filename*` (RFC 5987), a plain one for clients without it."""
    return f'inline; filename="{ascii_fallback}"; filename*={encode_rfc2231(filename, "utf-8")}'


@router.post(
    "/{lecture_id}/retry",
    response_model=LecturePublic,
    status_code=status.HTTP_202_ACCEPTED,
    responses={404: {"model": Message}, 409: {"model": Message}},
)
async def retry_lecture(
    lecture: LectureDep,
    stores: StoresDep,
    restart: bool = Query(False, description="Start from scratch instead of where it stopped"),
) -> LecturePublic:
    """Process a failed or cancelled lecture again, continuing where it stopped."""
    lecture = await lecture_service.retry_lecture(lecture, restart=restart, stores=stores)
    return LecturePublic.model_validate(lecture)


@router.post(
    "/{lecture_id}/regenerate",
    response_model=LecturePublic,
    status_code=status.HTTP_202_ACCEPTED,
    responses={404: {"model": Message}, 409: {"model": Message}},
)
async def regenerate_notes(lecture: LectureDep, stores: StoresDep) -> LecturePublic:
    """Write the glossary and summary again from the transcript as corrected, without transcribing
    again: a new run that starts at the glossary stage. Entries a person added or edited are kept,
    and terms they deleted stay out. `409` while the lecture is processed or before its transcript
    is complete."""
    lecture = await lecture_service.regenerate_notes(lecture, stores=stores)
    return LecturePublic.model_validate(lecture)


@router.post(
    "/{lecture_id}/cancel",
    response_model=LecturePublic,
    status_code=status.HTTP_202_ACCEPTED,
    responses={404: {"model": Message}, 409: {"model": Message}},
)
async def cancel_lecture(lecture: LectureDep, stores: StoresDep) -> LecturePublic:
    """Stop a queued or running lecture within seconds; what it produced so far is kept."""
    lecture = await lecture_service.cancel_lecture(lecture, stores=stores)
    return LecturePublic.model_validate(lecture)


@router.delete(
    "/{lecture_id}", status_code=status.HTTP_204_NO_CONTENT, responses={404: {"model": Message}}
)
async def delete_lecture(lecture: LectureDep, stores: StoresDep) -> Response:
    """Remove the lecture, its results and the stored recording (a running job is cancelled first)."""
    await lecture_service.delete_lecture(lecture, stores=stores)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
