"""What happens to a lecture between the HTTP layer and the stores: accept, retry, regenerate its
notes, cancel, delete.

Status changes go through app.lifecycle; an illegal one raises IllegalTransition (HTTP 409).
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from redis.exceptions import RedisError

from app.lifecycle import ACTIVE, Lifecycle, Stage, overall_progress
from app.media.probe import MediaInfo, probe_media
from app.media.served_types import served_type
from app.models import Lecture
from app.queue import LectureQueue
from app.repository import LectureRepository
from app.storage import Storage

logger = logging.getLogger(__name__)


class QueueUnavailable(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class IncomingRecording:
    """A recording received in full on local disk, with what was learnt while receiving it."""

    path: Path
    filename: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class LectureRequest:
    title: str
    language: str  # ISO code, or "auto"
    template: str
    reprocess: bool = False
    owner_id: str | None = None  # the uploading account


@dataclass(frozen=True, slots=True)
class Stores:
    repository: LectureRepository
    storage: Storage
    queue: LectureQueue


def storage_key_for(lecture_id: str, info: MediaInfo) -> str:
    return f"lectures/{lecture_id}/original{served_type(info.container).extension}"


async def accept_upload(
    recording: IncomingRecording, request: LectureRequest, stores: Stores
) -> Lecture:
    """Probe, store and queue an uploaded lecture; on any failure nothing of it remains.

    When the same owner had a recording with the same content processed before (and `reprocess` is
    not set), the new lecture gets copies of its results instead of a place in the queue (or, when
    only the summary's template differs, a place at the summary stage); one teacher's results are
    never copied to another.
    Raises MediaRejected when the file holds no decodable audio.
    """
    info: MediaInfo = await asyncio.to_thread(probe_media, recording.path)
    earlier = await _earlier_results(recording, request, stores.repository)
    earlier_summary = await stores.repository.get_summary(earlier.id) if earlier else None
    summary_reusable = earlier_summary is not None and earlier_summary.template == request.template
    lecture_id = uuid.uuid4().hex
    lecture = Lecture(
        id=lecture_id,
        title=request.title or Path(recording.filename).stem or "Untitled lecture",
        filename=recording.filename,
        storage_key=storage_key_for(lecture_id, info),
        size_bytes=recording.size,
        content_sha256=recording.sha256,
        requested_language=request.language,
        template=request.template,
        created_at=datetime.now(UTC),
        language=None if request.language == "auto" else request.language,
        duration=info.duration,
        owner_id=request.owner_id,
        container=info.container,
    )
    if earlier is not None and not summary_reusable:
        # Transcript and glossary are copied: the pipeline starts at the summary stage.
        lecture.stage = Stage.SUMMARY
        lecture.progress = overall_progress(Stage.SUMMARY, 0.0)
    await stores.storage.put_file(
        lecture.storage_key, recording.path, served_type(info.container).media_type
    )
    try:
        await stores.repository.add_lecture(lecture)
        try:
            if earlier is not None:
                await _copy_results(earlier, lecture, stores.repository)
            if summary_reusable:
                await stores.repository.save_summary(lecture.id, lecture.run_id, earlier_summary)
                lecture = await Lifecycle(stores.repository).adopt_results(lecture)
                logger.info(
                    "lecture %s: results copied from %s (same recording)", lecture.id, earlier.id
                )
            else:
                await _enqueue(stores.queue, lecture)
        except BaseException:
            await stores.repository.delete_lecture(lecture.id)
            raise
    except BaseException:
        await stores.storage.delete(lecture.storage_key)
        raise
    return lecture


async def _earlier_results(
    recording: IncomingRecording, request: LectureRequest, repository: LectureRepository
) -> Lecture | None:
    if request.reprocess:
        return None
    earlier = await repository.find_done_lecture(recording.sha256, request.owner_id)
    if earlier is not None and request.language not in {"auto", earlier.language}:
        return None  # asked for another language: the earlier transcript does not answer that
    return earlier


async def _copy_results(earlier: Lecture, lecture: Lecture, repository: LectureRepository) -> None:
    await repository.set_media_info(
        lecture.id, lecture.run_id, language=earlier.language, duration=earlier.duration
    )
    await repository.save_segments(
        lecture.id, lecture.run_id, await repository.get_segments(earlier.id)
    )
    await repository.replace_glossary(
        lecture.id, lecture.run_id, await repository.get_glossary(earlier.id)
    )


async def _enqueue(queue: LectureQueue, lecture: Lecture) -> None:
    try:
        await queue.enqueue_processing(lecture.id, lecture.run_id)
    except (RedisError, OSError) as exc:
        raise QueueUnavailable("The processing queue is unavailable; try again shortly.") from exc


async def retry_lecture(lecture: Lecture, *, restart: bool, stores: Stores) -> Lecture:
    """Process a failed or cancelled lecture again under a new run: from where it stopped, or (with
    `restart`) from scratch. A run of it still winding down writes nothing more."""
    lecture = await Lifecycle(stores.repository).retry(lecture, restart=restart)
    if restart:
        await stores.repository.clear_results(lecture.id)
    await _enqueue(stores.queue, lecture)
    return lecture


async def regenerate_notes(lecture: Lecture, *, stores: Stores) -> Lecture:
    """Write the glossary and summary again from the stored transcript (as the teacher corrected
    it) under a new run, which starts at the glossary stage: nothing is transcribed again."""
    lecture = await Lifecycle(stores.repository).regenerate_notes(lecture)
    await _enqueue(stores.queue, lecture)
    return lecture


async def cancel_lecture(lecture: Lecture, *, stores: Stores) -> Lecture:
    """Stop a queued or running lecture; what it produced so far is kept."""
    cancelled = await Lifecycle(stores.repository).cancel(lecture)
    await stores.queue.cancel_processing(lecture.id, lecture.run_id)
    return cancelled


async def delete_lecture(lecture: Lecture, *, stores: Stores) -> None:
    """Remove the lecture, its results and its recording; a run of it stops at its next write."""
    if lecture.status in ACTIVE:
        await stores.queue.cancel_processing(lecture.id, lecture.run_id)
    await stores.repository.delete_lecture(lecture.id)
    await stores.storage.delete(lecture.storage_key)
