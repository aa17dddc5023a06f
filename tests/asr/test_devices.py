"""A worker told to use a GPU uses it or says why; `auto` picks what is there."""

import ctranslate2
import pytest

from app.asr.base import DeviceUnavailable
from app.asr.faster_whisper_engine import pick_device

NO_GPU = ctranslate2.get_cuda_device_count() == 0


@pytest.mark.skipif(not NO_GPU, reason="this machine has a CUDA device")
def test_cuda_without_a_usable_gpu_is_a_clear_error_not_a_cpu_fallback():
    with pytest.raises(DeviceUnavailable, match="ASR_DEVICE=cuda, but CTranslate2 sees no usable"):
        pick_device("cuda")


def test_auto_picks_the_gpu_only_when_there_is_one():
    assert pick_device("auto") == ("cpu" if NO_GPU else "cuda")
    assert pick_device("cpu") == "cpu"
