"""What happens to a lecture between the HTTP layer and the stores: accept, retry, delete."""

import asyncio
import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path, PurePath

from app.api.upload import ReceivedUpload
from app.media.probe import MediaInfo, probe_media
from app.models import Lecture, LectureStatus, Stage
from app.queue import LectureQueue
from app.repository import LectureRepository
from app.storage import Storage

logger = logging.getLogger(__name__)


class QueueUnavailable(RuntimeError):
    pass


def storage_key_for(lecture_id: str, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"lectures/{lecture_id}/original{suffix}"


async def accept_upload(
    upload: ReceivedUpload,
    *,
    title: str,
    language: str,
    template: str,
    repository: LectureRepository,
    storage: Storage,
    queue: LectureQueue,
) -> Lecture:
    """Probe, store and queue an uploaded lecture; on any failure nothing of it remains.

    Raises MediaRejected when the file holds no decodable audio.
    """
    info: MediaInfo = await asyncio.to_thread(probe_media, upload.path)
    lecture_id = uuid.uuid4().hex
    lecture = Lecture(
        id=lecture_id,
        title=title or Path(upload.filename).stem or "Untitled lecture",
        filename=upload.filename,
        storage_key=storage_key_for(lecture_id, upload.filename),
        size_bytes=upload.size,
        content_sha256=upload.sha256,
        requested_language=language,
        template=template,
        created_at=datetime.now(UTC),
        language=None if language == "auto" else language,
        duration=info.duration,
    )
    await storage.put_file(lecture.storage_key, upload.path, upload.content_type)
    try:
        await repository.add_lecture(lecture)
        try:
            await queue.enqueue_processing(lecture.id)
        except Exception as exc:
            await repository.delete_lecture(lecture.id)
            raise QueueUnavailable("The processing queue is unavailable; try again shortly.") from exc
    except BaseException:
        await storage.delete(lecture.storage_key)
        raise
    return lecture


async def retry_lecture(
    lecture: Lecture, *, repository: LectureRepository, queue: LectureQueue
) -> Lecture:
    """Start a failed or cancelled lecture again from scratch."""
    await repository.clear_results(lecture.id)
    await repository.set_progress(
        lecture.id, status=LectureStatus.QUEUED, stage=Stage.QUEUED, progress=0.0, error=None
    )
    await queue.enqueue_processing(lecture.id)
    return await repository.get_lecture(lecture.id) or lecture


async def delete_lecture(
    lecture: Lecture, *, repository: LectureRepository, storage: Storage
) -> None:
    await repository.delete_lecture(lecture.id)
    await storage.delete(lecture.storage_key)
