"""What a teacher reads when processing fails: the cause in words, not a traceback."""

from app.asr.audio import UndecodableMedia
from app.lifecycle import Stage
from app.notes.templates import TemplateNotFound
from app.pipeline.transcription import NoSpeechFound
from app.storage import ObjectNotFound


def is_out_of_memory(exc: BaseException) -> bool:
    """CTranslate2, torch and llama.cpp all report a full GPU (or RAM) in their message."""
    return isinstance(exc, MemoryError) or (
        isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()
    )


def describe_failure(exc: Exception, stage: Stage) -> str:
    doing = _doing(stage)
    match exc:
        case UndecodableMedia() | TemplateNotFound() | NoSpeechFound():
            return str(exc)
        case ObjectNotFound():
            return "The uploaded recording is missing from storage; upload it again."
        case _ if is_out_of_memory(exc):
            # The same recording on the same worker runs out of memory again: retrying cannot help.
            return (
                f"The worker ran out of memory while {doing}. This recording needs a worker with "
                "more (GPU) memory, or a smaller model (ASR_MODEL, LLM_MODEL)."
            )
        case _:
            return f"Processing failed while {doing}: {exc}"


def describe_temporary_problem(problem: str, stage: Stage, attempts: int) -> str:
    return (
        f"Processing failed while {_doing(stage)} after {attempts} attempts with temporary "
        f"problems (last: {problem}). Retry the lecture to continue where it stopped."
    )


def _doing(stage: Stage) -> str:
    return {
        Stage.QUEUED: "starting",
        Stage.TRANSCRIBING: "transcribing",
        Stage.GLOSSARY: "writing the glossary",
        Stage.SUMMARY: "writing the summary",
        Stage.DONE: "finishing",
    }[stage]
