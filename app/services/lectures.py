"""What happens to a lecture between the HTTP layer and the stores: accept, retry, cancel, delete."""

import asyncio
import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path, PurePath

from redis.exceptions import RedisError

from app.api.upload import ReceivedUpload
from app.media.probe import MediaInfo, probe_media
from app.models import Lecture, LectureStatus, Stage
from app.pipeline.checkpoints import drop_checkpoint
from app.pipeline.progress import overall_progress
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
    reprocess: bool = False,
    repository: LectureRepository,
    storage: Storage,
    queue: LectureQueue,
) -> Lecture:
    """Probe, store and queue an uploaded lecture; on any failure nothing of it remains.

    When a recording with the same content was processed before (and `reprocess` is not set), the new
    lecture gets copies of its results instead of a place in the queue.
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
    earlier = None if reprocess else await repository.find_done_lecture(upload.sha256)
    if earlier is not None and language not in {"auto", earlier.language}:
        earlier = None  # asked for another language: the earlier transcript does not answer that
    await storage.put_file(lecture.storage_key, upload.path, upload.content_type)
    try:
        await repository.add_lecture(lecture)
        try:
            if earlier is None or not await _copy_results(earlier, lecture, repository):
                await queue.enqueue_processing(lecture.id)
        except BaseException as exc:
            await repository.delete_lecture(lecture.id)
            if isinstance(exc, RedisError | OSError):
                raise QueueUnavailable(
                    "The processing queue is unavailable; try again shortly."
                ) from exc
            raise
    except BaseException:
        await storage.delete(lecture.storage_key)
        raise
    return await repository.get_lecture(lecture.id) or lecture


async def _copy_results(earlier: Lecture, lecture: Lecture, repository: LectureRepository) -> bool:
    """Give `lecture` the transcript and glossary of `earlier`, and its summary when the template
    matches; True when nothing is left to compute, False when only the summary must be written."""
    await repository.set_media_info(
        lecture.id, language=earlier.language, duration=earlier.duration
    )
    await repository.add_segments(lecture.id, await repository.get_segments(earlier.id))
    await repository.replace_glossary(lecture.id, await repository.get_glossary(earlier.id))
    summary = await repository.get_summary(earlier.id)
    if summary is not None and summary.template == lecture.template:
        await repository.save_summary(lecture.id, summary)
        await repository.set_progress(
            lecture.id, status=LectureStatus.DONE, stage=Stage.DONE, progress=1.0
        )
        logger.info("lecture %s: results copied from %s (same recording)", lecture.id, earlier.id)
        return True
    # The pipeline resumes at the summary stage: transcript and glossary are in place.
    await repository.set_progress(
        lecture.id,
        status=LectureStatus.QUEUED,
        stage=Stage.SUMMARY,
        progress=overall_progress(Stage.SUMMARY, 0.0),
    )
    return False


async def retry_lecture(
    lecture: Lecture,
    *,
    restart: bool = False,
    repository: LectureRepository,
    storage: Storage,
    queue: LectureQueue,
) -> Lecture:
    """Process a failed or cancelled lecture again: from where it stopped, or from scratch."""
    if restart:
        await drop_checkpoint(storage, lecture.id)
        await repository.clear_results(lecture.id)
        stage, progress = Stage.QUEUED, 0.0
    else:
        stage, progress = lecture.stage, lecture.progress
    await repository.set_progress(
        lecture.id, status=LectureStatus.QUEUED, stage=stage, progress=progress, error=None
    )
    # A job still winding down after a cancellation makes this a no-op; the worker's reconciler
    # queues the lecture once that job is gone.
    await queue.enqueue_processing(lecture.id)
    return await repository.get_lecture(lecture.id) or lecture


async def cancel_lecture(
    lecture: Lecture, *, repository: LectureRepository, queue: LectureQueue
) -> Lecture:
    """Stop a queued or running lecture; what it produced so far is kept."""
    await repository.set_progress(
        lecture.id,
        status=LectureStatus.CANCELLED,
        stage=lecture.stage,
        progress=lecture.progress,
        error=None,
    )
    await queue.cancel_processing(lecture.id)
    return await repository.get_lecture(lecture.id) or lecture


async def delete_lecture(
    lecture: Lecture, *, repository: LectureRepository, storage: Storage, queue: LectureQueue
) -> None:
    if lecture.status in {LectureStatus.QUEUED, LectureStatus.PROCESSING}:
        await queue.cancel_processing(lecture.id)
    await repository.delete_lecture(lecture.id)
    await drop_checkpoint(storage, lecture.id)
    await storage.delete(lecture.storage_key)
