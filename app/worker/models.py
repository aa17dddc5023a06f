"""Load the speech and language models once per worker process."""

import logging
from pathlib import Path

from app.asr.base import TranscriptionEngine
from app.asr.faster_whisper_engine import FasterWhisperEngine
from app.asr.model_source import resolve_whisper_model
from app.core.config import AsrEngineName, Settings
from app.notes.llm import LanguageModel

logger = logging.getLogger(__name__)


def model_cache_dir(settings: Settings) -> Path:
    return settings.model_cache_dir or settings.data_dir / "models"


def load_transcription_engine(settings: Settings) -> TranscriptionEngine:
    cache = model_cache_dir(settings)
    match settings.asr_engine:
        case AsrEngineName.FASTER_WHISPER:
            engine = FasterWhisperEngine(
                resolve_whisper_model(settings.asr_model, cache),
                device=settings.asr_device,
                compute_type=settings.asr_compute_type,
                cpu_threads=settings.asr_cpu_threads,
                download_root=str(cache / "whisper"),
            )
            logger.info(
                "loaded faster-whisper %s on %s (%s)",
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
