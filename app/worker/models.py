"""Load the speech and language models once per worker process."""

import logging
from pathlib import Path

from app.asr.base import TranscriptionEngine
from app.asr.model_source import resolve_openai_whisper_model, resolve_whisper_model
from app.core.config import AsrEngineName, Settings
from app.notes.llm import LanguageModel

logger = logging.getLogger(__name__)


def model_cache_dir(settings: Settings) -> Path:
    return settings.model_cache_dir or settings.data_dir / "models"


def chosen_engine(requested: AsrEngineName) -> AsrEngineName:
    """`auto`: openai-whisper's batched fp16 decoding on a CUDA GPU, faster-whisper int8 on a CPU."""
    if requested != AsrEngineName.AUTO:
        return requested
    try:
        import torch
    except ImportError:
        return AsrEngineName.FASTER_WHISPER
    return (
        AsrEngineName.OPENAI_WHISPER if torch.cuda.is_available() else AsrEngineName.FASTER_WHISPER
    )


def load_transcription_engine(settings: Settings) -> TranscriptionEngine:
    cache = model_cache_dir(settings)
    # Each engine's runtime is imported only when chosen: torch is not in every worker image.
    match chosen_engine(settings.asr_engine):
        case AsrEngineName.OPENAI_WHISPER:
            from app.asr.openai_whisper_engine import OpenAIWhisperEngine

            engine = OpenAIWhisperEngine(
                resolve_openai_whisper_model(settings.asr_model, cache),
                model_name=settings.asr_model,
                device=settings.asr_device,
                batch_size=settings.asr_batch_size,
                download_root=str(cache / "openai-whisper"),
            )
        case _:
            from app.asr.faster_whisper_engine import FasterWhisperEngine

            engine = FasterWhisperEngine(
                resolve_whisper_model(settings.asr_model, cache),
                model_name=settings.asr_model,
                device=settings.asr_device,
                compute_type=settings.asr_compute_type,
                cpu_threads=settings.asr_cpu_threads,
                download_root=str(cache / "whisper"),
                batch_size=settings.asr_batch_size,
            )
    logger.info(
        "loaded %s %s on %s (%s)",
        engine.name,
        settings.asr_model,
        engine.device,
        engine.compute_type,
    )
    return engine


def load_language_model(settings: Settings) -> LanguageModel:
    llm = LanguageModel.load(
        settings.llm_model,
        context_tokens=settings.llm_context_tokens,
        gpu_layers=settings.llm_gpu_layers,
        threads=settings.llm_threads,
        cache_dir=model_cache_dir(settings) / "llm",
    )
    logger.info("loaded language model %s", settings.llm_model)
    return llm
