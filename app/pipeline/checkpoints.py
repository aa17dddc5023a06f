"""Durable transcription checkpoints, kept in object storage beside the lecture's recording.

A checkpoint is written after the segments it covers are in the database: it says how many segments
are final and where the engine resumes to reproduce the rest exactly.
"""

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.asr.base import ResumePoint
from app.storage import ObjectNotFound, Storage


@dataclass(frozen=True, slots=True)
class TranscriptionCheckpoint:
    next_index: int
    resume_point: ResumePoint


def checkpoint_key(lecture_id: str) -> str:
    return f"lectures/{lecture_id}/transcription-checkpoint.json"


async def save_checkpoint(
    storage: Storage, lecture_id: str, checkpoint: TranscriptionCheckpoint
) -> None:
    document = {
        "next_index": checkpoint.next_index,
        "window_start": checkpoint.resume_point.window_start,
        "context": list(checkpoint.resume_point.context),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "checkpoint.json"
        path.write_text(json.dumps(document))
        await storage.put_file(checkpoint_key(lecture_id), path, "application/json")


async def load_checkpoint(storage: Storage, lecture_id: str) -> TranscriptionCheckpoint | None:
    try:
        async with storage.local_copy(checkpoint_key(lecture_id)) as path:
            document = json.loads(path.read_text())
    except ObjectNotFound:
        return None
    return TranscriptionCheckpoint(
        next_index=document["next_index"],
        resume_point=ResumePoint(
            window_start=document["window_start"], context=tuple(document["context"])
        ),
    )


async def drop_checkpoint(storage: Storage, lecture_id: str) -> None:
    await storage.delete(checkpoint_key(lecture_id))
