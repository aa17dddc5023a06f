"""ASR_ENGINE picks the engine a worker loads, `auto` by what PyTorch sees, and the worker's metrics
say which engine, model and device it runs."""

import pytest
import torch
from prometheus_client import generate_latest

from app.asr.model_source import OFFLINE_BASE
from app.asr.openai_whisper_engine import OpenAIWhisperEngine
from app.core.config import AsrEngineName, Settings
from app.metrics import report_worker_models
from app.worker.models import chosen_engine, load_transcription_engine
from app.worker_registry import AsrEngineInfo, LanguageModelInfo
from tests.conftest import MODEL_CACHE


def test_auto_is_openai_whisper_on_a_cuda_gpu_and_faster_whisper_otherwise():
    expected = (
        AsrEngineName.OPENAI_WHISPER if torch.cuda.is_available() else AsrEngineName.FASTER_WHISPER
    )
    assert chosen_engine(AsrEngineName.AUTO) == expected
    assert chosen_engine(AsrEngineName.OPENAI_WHISPER) == AsrEngineName.OPENAI_WHISPER


def test_the_openai_whisper_engine_is_built_from_the_settings(monkeypatch):
    monkeypatch.setenv("ASR_ENGINE", "openai-whisper")
    monkeypatch.setenv("ASR_BATCH_SIZE", "8")
    monkeypatch.setenv("ASR_DEVICE", "cpu")
    monkeypatch.setenv("MODEL_CACHE_DIR", str(MODEL_CACHE))
    engine = load_transcription_engine(Settings(_env_file=None))
    assert isinstance(engine, OpenAIWhisperEngine)
    assert (engine.name, engine.model_name, engine.device, engine.compute_type) == (
        "openai-whisper",
        OFFLINE_BASE,
        "cpu",
        "float32",
    )
    assert engine.batch_size == 8


@pytest.mark.parametrize("size", ["0", "-1"])
def test_a_batch_size_below_one_is_refused(monkeypatch, size: str):
    monkeypatch.setenv("ASR_BATCH_SIZE", size)
    with pytest.raises(ValueError, match="asr_batch_size"):
        Settings(_env_file=None)


def test_worker_metrics_name_the_engine_model_and_device():
    report_worker_models(
        AsrEngineInfo("openai-whisper", "large-v3", "cuda", "float16"),
        LanguageModelInfo("offline-smollm2", -1),
    )
    exposition = generate_latest().decode()
    line = next(
        line for line in exposition.splitlines() if line.startswith("konspekt_worker_models_info{")
    )
    for label in (
        'asr_engine="openai-whisper"',
        'asr_model="large-v3"',
        'asr_device="cuda"',
        'asr_compute_type="float16"',
        'llm_model="offline-smollm2"',
        'llm_gpu_layers="-1"',
    ):
        assert label in line
