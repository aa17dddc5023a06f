"""LLM_GPU_LAYERS: unset follows the llama.cpp build; GPU layers a build cannot give are an error."""

import pytest
from llama_cpp import llama_supports_gpu_offload

from app.notes.llm import LlmNotAvailable, resolve_gpu_layers

GPU_BUILD = llama_supports_gpu_offload()


def test_unset_means_every_layer_on_a_gpu_build_and_none_otherwise():
    assert resolve_gpu_layers(None) == (-1 if GPU_BUILD else 0)
    assert resolve_gpu_layers(0) == 0


@pytest.mark.skipif(GPU_BUILD, reason="this llama-cpp-python has a GPU backend")
def test_gpu_layers_on_a_cpu_only_build_stop_the_worker_with_the_reason():
    with pytest.raises(LlmNotAvailable, match="LLM_GPU_LAYERS=-1, but this llama-cpp-python"):
        resolve_gpu_layers(-1)
